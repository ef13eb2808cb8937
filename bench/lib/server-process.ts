// The server under test, in its own process: `node --import tsx server/main.ts` spawned directly,
// so the child's pid is the server's own and /proc/<pid> measures the server and nothing else.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sleep } from './clock.ts'

export interface ServerProcess {
  readonly pid: number
  readonly baseUrl: string
  readonly adminToken: string
  readonly dataDir: string
  /** The last few KB of the server's output, for error messages. */
  log (): string
  /** SIGTERM, SIGKILL after a grace period, then removes the data dir. */
  stop (): Promise<void>
}

export interface ServerOptions {
  readonly projectRoot: string
  readonly port: number
  readonly readyTimeoutMs?: number
  /** Extra node flags for the server, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[]
}

const STOP_GRACE_MS = 5000

export async function startServer (options: ServerOptions): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-bench-'))
  const adminToken = randomBytes(24).toString('base64url')
  const baseUrl = `http://127.0.0.1:${options.port}`
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', join(options.projectRoot, 'server', 'main.ts')], {
    // --import tsx resolves from the working directory.
    cwd: options.projectRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ROSTRUM_DATA_DIR: dataDir,
      ROSTRUM_ADMIN_TOKEN: adminToken,
      ROSTRUM_DEMO: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-4000) }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const cleanUp = (): void => rmSync(dataDir, { recursive: true, force: true })

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      await exited
      clearTimeout(killer)
    }
    cleanUp()
  }

  try {
    await untilHealthy(baseUrl, child, options.readyTimeoutMs ?? 30_000)
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`)
  }
  if (child.pid === undefined) throw new Error('the server process has no pid')
  return { pid: child.pid, baseUrl, adminToken, dataDir, log: () => output, stop }
}

/** Kills the server at once and removes its data, for exit paths that cannot wait. */
export function killNow (server: ServerProcess | null): void {
  if (server === null) return
  try {
    process.kill(server.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
  rmSync(server.dataDir, { recursive: true, force: true })
}

async function untilHealthy (baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited early (${child.exitCode ?? child.signalCode})`)
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) })
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await sleep(100)
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs} ms`)
}
