// What the load checks (load-checks.ts) share: a cluster torn down on every path, the box's load over a
// measured phase, and the CPU of the services the nodes lean on (PostgreSQL's backends for the check's
// database, its private redis-server), which the machine-load figures would otherwise count as foreign.
import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import pg from 'pg'
import { quietMachine } from '../lib/case-main.ts'
import { f0 } from '../lib/case-report.ts'
import type { QuietWait } from '../lib/machine-load.ts'
import { machineTicks, processCpuMs } from '../lib/proc.ts'
import { startBenchCluster, type BenchCluster, type ClusterSetup } from './cluster-nodes.ts'
import type { CheckResult } from './check.ts'

export type Figures = Record<string, number | string | boolean>

/** Runs `body` on a fresh cluster and closes it whatever happens. */
export async function onCluster<T> (setup: ClusterSetup, body: (cluster: BenchCluster) => Promise<T>): Promise<T> {
  const cluster = await startBenchCluster(setup)
  try {
    return await body(cluster)
  } finally {
    await cluster.close()
  }
}

/** Waits for the box to go quiet (as every bench case does) and returns the figures that say how it went. */
export async function quietFigures (): Promise<Figures> {
  const quiet: QuietWait = await quietMachine()
  return { quietBeforeBusyPct: round1(quiet.busyPct), quietBeforeWaitedMs: quiet.waitedMs, quietBefore: quiet.quiet }
}

/**
 * The box over a phase: busy overall, and used by processes other than `ourPids` (the nodes, the
 * client processes, the cluster's services). A pid that exits during the phase (a killed node) counts
 * what it used until its last reading, never less than at the start.
 */
export class PhaseLoad {
  readonly #pids: readonly number[]
  readonly #from: { readonly ticks: ReturnType<typeof machineTicks>; readonly ownMs: number; readonly atMs: number }
  readonly #cpuMs = new Map<number, { readonly startMs: number; lastMs: number }>()

  constructor (pids: readonly number[]) {
    this.#pids = pids
    for (const pid of pids) {
      const ms = cpuMsOf([pid])
      this.#cpuMs.set(pid, { startMs: ms, lastMs: ms })
    }
    this.#from = { ticks: machineTicks(), ownMs: ownCpuMs(), atMs: performance.now() }
  }

  /** Reads the pids now: call just before one of them is killed, so its share is counted. */
  sample (): void {
    for (const pid of this.#pids) {
      const entry = this.#cpuMs.get(pid)!
      entry.lastMs = Math.max(entry.lastMs, cpuMsOf([pid]))
    }
  }

  figures (): Figures {
    this.sample()
    const ticks = machineTicks()
    const total = Math.max(1, ticks.total - this.#from.ticks.total)
    const busyPct = 100 * (ticks.busy - this.#from.ticks.busy) / total
    let oursMs = ownCpuMs() - this.#from.ownMs
    for (const entry of this.#cpuMs.values()) oursMs += entry.lastMs - entry.startMs
    const oursPct = 100 * oursMs / ((performance.now() - this.#from.atMs) * cpus().length)
    return {
      machineBusyPct: round1(busyPct),
      machineForeignPct: round1(Math.max(0, busyPct - oursPct)),
      machineStealPct: round1(100 * (ticks.steal - this.#from.ticks.steal) / total)
    }
  }
}

function ownCpuMs (): number {
  const own = process.cpuUsage()
  return (own.user + own.system) / 1000
}

/** The redis-server on `port` (it names itself `redis-server 127.0.0.1:<port>`), or null. */
export function redisPid (port: number): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ')
      if (cmdline.startsWith('redis-server') && cmdline.includes(`:${port}`)) return Number(entry)
    } catch {
      // Gone meanwhile.
    }
  }
  return null
}

/** PostgreSQL's backends serving the cluster's database now (the nodes' pools, the reader). */
export async function backendPids (databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
    return rows.map((row) => row.pid)
  } finally {
    await client.end()
  }
}

/** The cluster's services (its Redis, the PostgreSQL backends of its database), to count as ours. */
export async function servicePids (cluster: BenchCluster): Promise<number[]> {
  const redis = redisPid(cluster.redis.port)
  return [...(redis === null ? [] : [redis]), ...await backendPids(cluster.databaseUrl)]
}

/** CPU ms of a set of processes, those that exited since counting as nothing. */
export function cpuMsOf (pids: readonly number[]): number {
  let sum = 0
  for (const pid of pids) {
    try {
      sum += processCpuMs(pid)
    } catch {
      // Exited.
    }
  }
  return sum
}

export function round1 (x: number): number {
  return Math.round(x * 10) / 10
}

export function round2 (x: number): number {
  return Math.round(x * 100) / 100
}

/** A finished check: passed when no problem was found and the target held. */
export function checkResult (figures: Figures, summary: string, targetMet: boolean, problems: string[]): CheckResult {
  return { figures, summary, passed: targetMet && problems.length === 0, problems }
}

/** "busy 80 % / foreign 3 %": the load line every summary ends with. */
export function loadLine (figures: Figures): string {
  return `box busy ${f0(Number(figures.machineBusyPct))} %, foreign ${f0(Number(figures.machineForeignPct))} %`
}
