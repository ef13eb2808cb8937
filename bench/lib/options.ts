import { parseArgs } from 'node:util'
import type { ViewerKind } from './messages.ts'

export interface FanoutOptions {
  readonly clients: number
  readonly commands: number
  readonly intervalMs: number
  readonly warmup: number
  readonly workers: number
  readonly viewer: ViewerKind
  /** Connects in flight per observer process. */
  readonly concurrency: number
  readonly syncTimeoutMs: number
  /** How long after the last command to wait for deliveries before counting them missing. */
  readonly drainTimeoutMs: number
  /** Re-runs of a run during which other jobs used more than `maxForeignPct` of the box. */
  readonly retries: number
  readonly maxForeignPct: number
  /** Directory for a V8 CPU profile of the server (`--cpu-prof`), or null. */
  readonly serverCpuProfDir: string | null
  readonly out: string | null
}

export const USAGE = `npm run bench -- [--clients 200] [--commands 200] [--interval-ms 25] [--warmup 20]
  [--workers auto] [--viewer client|socketio|thin] [--concurrency 50] [--sync-timeout-ms 60000] [--drain-timeout-ms 15000]
  [--retries 2] [--max-foreign 10] [--server-cpu-prof DIR] [--out FILE]`

/** Observer processes: one up to 100 clients, then about one per 250, never fewer than two. */
export function autoWorkers (clients: number): number {
  return clients <= 100 ? 1 : Math.max(2, Math.round(clients / 250))
}

export function parseOptions (argv: readonly string[]): FanoutOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      clients: { type: 'string', default: '200' },
      commands: { type: 'string', default: '200' },
      'interval-ms': { type: 'string', default: '25' },
      warmup: { type: 'string', default: '20' },
      workers: { type: 'string', default: 'auto' },
      viewer: { type: 'string', default: 'client' },
      concurrency: { type: 'string', default: '50' },
      'sync-timeout-ms': { type: 'string', default: '60000' },
      'drain-timeout-ms': { type: 'string', default: '15000' },
      retries: { type: 'string', default: '2' },
      'max-foreign': { type: 'string', default: '10' },
      'server-cpu-prof': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    process.stdout.write(USAGE + '\n')
    process.exit(0)
  }
  const clients = positiveInt('clients', values.clients)
  return {
    clients,
    commands: positiveInt('commands', values.commands),
    intervalMs: positiveInt('interval-ms', values['interval-ms']),
    warmup: positiveInt('warmup', values.warmup, 0),
    workers: values.workers === 'auto' ? autoWorkers(clients) : Math.min(clients, positiveInt('workers', values.workers)),
    viewer: viewerKind(values.viewer),
    concurrency: positiveInt('concurrency', values.concurrency),
    syncTimeoutMs: positiveInt('sync-timeout-ms', values['sync-timeout-ms']),
    drainTimeoutMs: positiveInt('drain-timeout-ms', values['drain-timeout-ms']),
    retries: positiveInt('retries', values.retries, 0),
    maxForeignPct: positiveInt('max-foreign', values['max-foreign'], 0),
    serverCpuProfDir: values['server-cpu-prof'] ?? null,
    out: values.out ?? null
  }
}

function viewerKind (value: string): ViewerKind {
  if (value !== 'client' && value !== 'socketio' && value !== 'thin') throw new Error(`--viewer is "client", "socketio" or "thin", got "${value}"`)
  return value
}

function positiveInt (name: string, value: string, min = 1): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${value}"`)
  return parsed
}

/** Clients per process, as even as possible. */
export function shares (clients: number, workers: number): number[] {
  return Array.from({ length: workers }, (_unused, i) => Math.floor(clients / workers) + (i < clients % workers ? 1 : 0))
}
