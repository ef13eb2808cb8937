// The server under test, in its own process: the built server (`node dist/server.mjs`, rebuilt when
// stale, as `npm start` runs it) spawned directly, so the child's pid is the server's own and
// /proc/<pid> measures the server and nothing else.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBuilt, SERVER_NODE_FLAGS } from '../../scripts/builds.mjs'
import { monoMs, sleep } from './clock.ts'

export interface ServerProcess {
  readonly pid: number
  readonly baseUrl: string
  readonly adminToken: string
  readonly dataDir: string
  /**
   * CLOCK_MONOTONIC ms (bench/lib/clock.ts) when the server was ready: its "Rostrum is running at"
   * line (printed in the listen callback) or its first `/healthz` answer, whichever came first.
   */
  readonly readyMono: number
  /** The last few KB of the server's output, for error messages. */
  log (): string
  /** SIGTERM, SIGKILL after a grace period, then removes the data dir unless the caller owns it. */
  stop (): Promise<void>
  /** SIGKILL, as a crash would; resolves when the process is gone. Keeps the data dir. */
  crash (): Promise<void>
}

export interface ServerOptions {
  readonly projectRoot: string
  readonly port: number
  readonly readyTimeoutMs?: number
  /** Extra node flags for the server, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[]
  /** An existing data dir (a restart): the caller owns it and removes it. Default: a fresh temp dir. */
  readonly dataDir?: string
  /** Default: a fresh random token. A restart passes the first start's. */
  readonly adminToken?: string
  /** How often `/healthz` is polled while starting; small values time a restart closely. */
  readonly pollMs?: number
  /** Settings over the defaults (a node of a cluster: ROSTRUM_DATABASE_URL, ROSTRUM_REDIS_URL, …). */
  readonly env?: Readonly<Record<string, string>>
}

const STOP_GRACE_MS = 5000
/** What server/main.ts prints once it listens. */
const LISTENING_LINE = 'Rostrum is running at'

export async function startServer (options: ServerOptions): Promise<ServerProcess> {
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rostrum-bench-'))
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url')
  const baseUrl = `http://127.0.0.1:${options.port}`
  // The flags the server runs with wherever it is launched (npm start, the tests, the peers' adapter).
  const built = await ensureBuilt(['server'], { log: (line) => process.stderr.write(`${line}\n`) })
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), built.server], {
    cwd: options.projectRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ROSTRUM_DATA_DIR: dataDir,
      ROSTRUM_ADMIN_TOKEN: adminToken,
      ROSTRUM_DEMO: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...options.env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  let listeningMono = Number.NaN
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000)
    // Under a reconnect storm /healthz waits behind a thousand handshakes; this line does not.
    if (Number.isNaN(listeningMono) && output.includes(LISTENING_LINE)) listeningMono = monoMs()
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const cleanUp = (): void => {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
  }

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      await exited
      clearTimeout(killer)
    }
    cleanUp()
  }

  const crash = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGKILL')
    await exited
  }

  let readyMono = Number.NaN
  try {
    readyMono = await untilHealthy(baseUrl, child, options.readyTimeoutMs ?? 30_000, options.pollMs ?? 100, () => listeningMono)
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`)
  }
  if (child.pid === undefined) throw new Error('the server process has no pid')
  return { pid: child.pid, baseUrl, adminToken, dataDir, readyMono, log: () => output, stop, crash }
}

/** `--server-cpu-prof DIR`: node flags for a V8 CPU profile of the server (of each server process it starts). */
export function cpuProfileArgs (dir: string | null | undefined): string[] {
  return dir === null || dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`]
}

/** Kills the server at once and removes its data dir, for exit paths that cannot wait. */
export function killNow (server: ServerProcess | null): void {
  if (server === null) return
  try {
    process.kill(server.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
  rmSync(server.dataDir, { recursive: true, force: true })
}

async function untilHealthy (baseUrl: string, child: ChildProcess, timeoutMs: number, pollMs: number, listening: () => number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!Number.isNaN(listening())) return listening()
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited early (${child.exitCode ?? child.signalCode})`)
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) })
      if (response.ok) return Math.min(monoMs(), Number.isNaN(listening()) ? Infinity : listening())
    } catch {
      // Not listening yet.
    }
    await sleep(pollMs)
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs} ms`)
}
