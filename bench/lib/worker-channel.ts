// The orchestrator's side of a worker process: fork it, built, send a request, await the reply.
import { fork, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { ensureBuilt } from '../../scripts/builds.mjs'
import { withTimeout } from './clock.ts'

export type WorkerScript = 'chair-worker' | 'observer-worker' | 'workers/fleet-worker' | 'workers/meeting-load-worker'

/**
 * The worker's script, built as plain JavaScript (scripts/builds.mjs) as the browser runs the client:
 * under tsx, a client process spent about twice as much on garbage collection (docs/performance.md).
 */
export async function builtWorker (script: WorkerScript): Promise<string> {
  const built = await ensureBuilt(['bench-workers'], { log: (line) => process.stderr.write(`${line}\n`) })
  return join(dirname(built['bench-workers']), `${script}.mjs`)
}

interface Pending {
  readonly resolve: (message: unknown) => void
  readonly reject: (error: Error) => void
}

export class WorkerChannel<Request extends { type: string }, Reply extends { type: string }> {
  readonly #child: ChildProcess
  readonly #pending = new Map<string, Pending>()
  readonly #name: string
  #failure: Error | null = null

  constructor (name: string, script: string, projectRoot: string, extraNodeArgs: readonly string[] = []) {
    this.#name = name
    this.#child = fork(script, [], {
      cwd: projectRoot,
      execArgv: [...extraNodeArgs],
      // 'advanced' carries typed arrays as such: receive times travel as one Float64Array.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    this.#child.on('message', (message: Reply) => {
      if (message.type === 'error') {
        this.#fail(new Error(`${name}: ${(message as unknown as { error: string }).error}`))
        return
      }
      const pending = this.#pending.get(message.type)
      if (pending === undefined) return
      this.#pending.delete(message.type)
      pending.resolve(message)
    })
    this.#child.on('exit', (code, signal) => this.#fail(new Error(`${name} exited (${code ?? signal})`)))
  }

  get pid (): number {
    return this.#child.pid ?? -1
  }

  /** Sends `request` and resolves with the reply of type `replyType`. */
  ask<T extends Reply['type']> (request: Request, replyType: T, timeoutMs: number): Promise<Extract<Reply, { type: T }>> {
    if (this.#failure !== null) return Promise.reject(this.#failure)
    const reply = new Promise<Extract<Reply, { type: T }>>((resolve, reject) => {
      this.#pending.set(replyType, { resolve: resolve as (message: unknown) => void, reject })
    })
    this.#child.send(request)
    return withTimeout(reply, timeoutMs, `${this.#name}: ${request.type} → ${replyType}`)
  }

  /** Waits a little for a clean exit (so --cpu-prof can flush), then kills. */
  async end (graceMs = 3000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()))
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs)
    if (this.#child.connected) this.#child.disconnect()
    await exited
    clearTimeout(timer)
  }

  killNow (): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL')
  }

  #fail (error: Error): void {
    this.#failure ??= error
    for (const pending of this.#pending.values()) pending.reject(error)
    this.#pending.clear()
  }
}
