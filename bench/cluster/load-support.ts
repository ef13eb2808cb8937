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

/** Each pid's CPU ms now, to pass to `cpuSinceMs` later. */
export function cpuByPid (pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuMsOf([pid])]))
}

/** CPU ms since `start` of the pids still there (a pool's backend that closed meanwhile counts nothing, never less). */
export function cpuSinceMs (start: ReadonlyMap<number, number>): number {
  let sum = 0
  for (const [pid, before] of start) {
    try {
      sum += Math.max(0, processCpuMs(pid) - before)
    } catch {
      // Exited during the phase.
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

/**
 * Watches every meeting's lease in the cluster's database: how close each came to expiring (a lease
 * renewed every second should keep about two of its three seconds) and when an epoch changed.
 */
export class LeaseWatch {
  readonly #client: pg.Client
  readonly #timer: NodeJS.Timeout
  readonly #epochs = new Map<string, number>()
  readonly #startedMs = performance.now()
  #minRemainingMs = Infinity
  readonly #remainingMs: number[] = []
  #expiredSightings = 0
  #polls = 0
  /** PostgreSQL's backends of the database, per poll: the busiest moment, and sightings of a backend waiting on a lock. */
  #maxActiveBackends = 0
  #lockWaitSightings = 0
  #maxLockWaiting = 0
  readonly changes: { readonly meetingId: string; readonly atMs: number; readonly from: number; readonly to: number; readonly node: string | null }[] = []
  #polling: Promise<void> | null = null

  private constructor (client: pg.Client, intervalMs: number) {
    this.#client = client
    this.#timer = setInterval(() => { this.#polling ??= this.#poll().finally(() => { this.#polling = null }) }, intervalMs)
  }

  static async start (databaseUrl: string, intervalMs = 250): Promise<LeaseWatch> {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    return new LeaseWatch(client, intervalMs)
  }

  async #poll (): Promise<void> {
    const { rows } = await this.#client.query<{ id: string; owner_epoch: string; owner_node: string | null; remaining_ms: number | null }>(
      'SELECT id, owner_epoch, owner_node, EXTRACT(EPOCH FROM (lease_expires - clock_timestamp())) * 1000 AS remaining_ms FROM meetings')
    this.#polls++
    const activity = await this.#client.query<{ active: string; lock_waiting: string }>(
      `SELECT count(*) FILTER (WHERE state <> 'idle') AS active, count(*) FILTER (WHERE wait_event_type = 'Lock') AS lock_waiting
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
    const active = Number(activity.rows[0]?.active ?? 0)
    const lockWaiting = Number(activity.rows[0]?.lock_waiting ?? 0)
    this.#maxActiveBackends = Math.max(this.#maxActiveBackends, active)
    this.#maxLockWaiting = Math.max(this.#maxLockWaiting, lockWaiting)
    if (lockWaiting > 0) this.#lockWaitSightings++
    for (const row of rows) {
      const epoch = Number(row.owner_epoch)
      const before = this.#epochs.get(row.id)
      if (before !== undefined && before !== epoch) this.changes.push({ meetingId: row.id, atMs: Math.round(performance.now() - this.#startedMs), from: before, to: epoch, node: row.owner_node })
      this.#epochs.set(row.id, epoch)
      if (row.remaining_ms === null || row.owner_node === null) continue
      const remaining = Number(row.remaining_ms)
      this.#minRemainingMs = Math.min(this.#minRemainingMs, remaining)
      this.#remainingMs.push(remaining)
      if (remaining <= 0) this.#expiredSightings++
    }
  }

  async stop (): Promise<Figures> {
    clearInterval(this.#timer)
    await this.#polling
    await this.#client.end()
    const remaining = Float64Array.from(this.#remainingMs).sort()
    const at = (q: number): number | string => remaining.length === 0 ? 'none' : Math.round(remaining[Math.min(remaining.length - 1, Math.floor(q * remaining.length))]!)
    return {
      // Renewed every second, a 3 s lease read at random keeps 2–3 s: p1 far below 2000 is renewal falling behind.
      leaseRemainingP1Ms: at(0.01),
      leaseRemainingP50Ms: at(0.5),
      leaseMinRemainingMs: Number.isFinite(this.#minRemainingMs) ? Math.round(this.#minRemainingMs) : 'none',
      leaseExpiredSightings: this.#expiredSightings,
      leasePolls: this.#polls,
      pgMaxActiveBackends: this.#maxActiveBackends,
      pgLockWaitSightings: this.#lockWaitSightings,
      pgMaxLockWaiting: this.#maxLockWaiting,
      firstEpochChangeAtMs: this.changes[0]?.atMs ?? 'none'
    }
  }
}

/** The lines of a node's recent output (its last 4 KB) that speak of leases or owners. */
export function leaseLogLines (log: string): string[] {
  return log.split('\n').filter((line) => /lease|owner/i.test(line)).map((line) => {
    try {
      const parsed = JSON.parse(line) as { msg?: string; meetingId?: string; err?: { message?: string } }
      return `${parsed.msg ?? ''}${parsed.err?.message === undefined ? '' : ` (${parsed.err.message})`}`
    } catch {
      return line.slice(0, 160)
    }
  })
}

/** Nodes whose process is gone, each with the end of its output: a node that died is a finding of its own. */
export function deadNodes (nodes: readonly { readonly pid: number; log (): string }[]): string[] {
  const dead: string[] = []
  nodes.forEach((node, index) => {
    try {
      process.kill(node.pid, 0)
    } catch {
      dead.push(`node ${index} (pid ${node.pid}) exited; its last output: ${node.log().slice(-1200).replaceAll('\n', ' ⏎ ')}`)
    }
  })
  return dead
}
