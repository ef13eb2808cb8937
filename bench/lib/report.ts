import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { f0, f1, f2 } from './case-report.ts'
import type { ViewerKind } from './messages.ts'
import type { FanoutOptions } from './options.ts'
import type { Percentiles } from './stats.ts'

const VIEWER_LABELS: Record<ViewerKind, string> = {
  client: 'screens (LiveViewer, live link)',
  socketio: 'clients (RostrumClient, Socket.IO)',
  thin: 'thin viewers (Socket.IO)'
}

export interface FanoutResult {
  readonly startedAt: string
  readonly options: FanoutOptions
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly clkTck: number }
  readonly server: { readonly pid: number; readonly comm: string }
  readonly observerProcesses: number
  /** From the first observer connect to the last `whenSynced`, all processes. */
  readonly syncAllMs: number
  readonly syncFailed: number
  readonly rss: { readonly beforeKB: number; readonly afterConnectKB: number; readonly afterCommandsKB: number; readonly perClientKB: number }
  /** receive − send over every (client, measured command) pair, ms. */
  readonly latencyMs: Percentiles
  readonly expectedDeliveries: number
  readonly missing: number
  readonly coalesced: number
  readonly outOfOrder: number
  readonly commandFailures: readonly { readonly call: number; readonly error: string }[]
  readonly ackMs: Percentiles
  readonly chairMaxLateMs: number
  readonly writePhaseMs: number
  readonly serverCpuMs: number
  readonly serverCpuPct: number
  readonly serverUsPerDeliveredUpdate: number
  readonly observerCpuPct: readonly number[]
  /** How busy the box was before the run started (after waiting up to 90 s for it to go quiet). */
  readonly quietBefore: { readonly busyPct: number; readonly waitedMs: number; readonly quiet: boolean }
  /** During the measured phase, % of all CPUs; foreign = used by processes other than ours. */
  readonly machineLoad: { readonly busyPct: number; readonly foreignPct: number; readonly stealPct: number }
  /** Slowest and mean delivery of each measured command: spots stalls (GC, SQLite, compaction). */
  readonly perCommand: { readonly maxMs: readonly number[]; readonly meanMs: readonly number[] }
  /** Every attempt of this configuration; contaminated ones were re-run (`--retries`). */
  readonly attempts: readonly { readonly foreignPct: number; readonly p50: number; readonly p99: number }[]
  readonly problems: readonly string[]
}

/** Other jobs took a real share of the box during the measured phase. */
export function isContaminated (r: Pick<FanoutResult, 'machineLoad' | 'options'>): boolean {
  return r.machineLoad.foreignPct > r.options.maxForeignPct
}

export function formatTable (r: FanoutResult): string {
  const o = r.options
  const rows: [string, string][] = [
    ['latency ms p50 / p95 / p99 / max', `${f1(r.latencyMs.p50)} / ${f1(r.latencyMs.p95)} / ${f1(r.latencyMs.p99)} / ${f1(r.latencyMs.max)}`],
    ['deliveries missing', `${r.missing} of ${r.expectedDeliveries} (coalesced ${r.coalesced}, out of order ${r.outOfOrder})`],
    ['server CPU µs per delivered update', `${f2(r.serverUsPerDeliveredUpdate)} (server ${f0(r.serverCpuPct)} % of a core over ${f1(r.writePhaseMs / 1000)} s)`],
    ['server KB per client', `${f1(r.rss.perClientKB)} (RSS ${f1(r.rss.beforeKB / 1024)} → ${f1(r.rss.afterConnectKB / 1024)} MB; ${f1(r.rss.afterCommandsKB / 1024)} MB after commands)`],
    ['connect + sync all s', `${f2(r.syncAllMs / 1000)} (${r.syncFailed} failed)`],
    ['command ack ms p50 / p99 / max', `${f1(r.ackMs.p50)} / ${f1(r.ackMs.p99)} / ${f1(r.ackMs.max)} (${r.commandFailures.length} refused or lost)`],
    ['chair schedule slip ms (max)', f1(r.chairMaxLateMs)],
    ['observer processes CPU %', r.observerCpuPct.map(f0).join(' + ')],
    ['machine busy / foreign / steal %', `${f0(r.machineLoad.busyPct)} / ${f0(r.machineLoad.foreignPct)} / ${f1(r.machineLoad.stealPct)} of ${r.machine.cpus} CPUs` +
      (isContaminated(r) ? '  ✗ other jobs used the box: compare with care' : '')],
    ['attempts (foreign % each)', r.attempts.map((a) => f0(a.foreignPct)).join(', ')]
  ]
  const width = Math.max(...rows.map(([name]) => name.length))
  return [
    `Rostrum fan-out: ${o.clients} ${VIEWER_LABELS[o.viewer]} in ${r.observerProcesses} observer process(es) + 1 chair, ` +
      `${o.commands} floor:next ${o.intervalMs} ms apart after ${o.warmup} warm-up; server pid ${r.server.pid} (${r.server.comm})`,
    ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
    ...(r.problems.length > 0 ? ['', 'FAILED:', ...r.problems.map((p) => `  - ${p}`)] : [])
  ].join('\n')
}

export function writeJson (file: string, result: FanoutResult): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(result, null, 1) + '\n')
}
