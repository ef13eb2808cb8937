// clock-skew: node 1's clock runs 400 ms ahead (libfaketime); clients on all three nodes estimate the
// server's time from their node's pings, which each node answers with its ClusterClock (its local time
// corrected by its offset to PostgreSQL's). Do the clients of different nodes agree?
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { f0, f1 } from '../lib/case-report.ts'
import { monoMs, sleep, withTimeout } from '../lib/clock.ts'
import { debateMeeting } from '../lib/debate-meeting.ts'
import type { FleetLink } from '../lib/fleet-messages.ts'
import { closeFleets, startFleets, type Fleet } from '../lib/fleets.ts'
import { percentiles } from '../lib/stats.ts'
import type { ClusterCheck } from './check.ts'
import { checkResult, onCluster, PhaseLoad, quietFigures, round1, servicePids, loadLine, type Figures } from './load-support.ts'

const SKEW_MS = 400
const TARGET_P95_MS = 20
const IPC_MS = 60_000
/**
 * libfaketime preloaded directly rather than through the `faketime` command: that command forks and waits,
 * so the pid the harness holds would be faketime's, and a crash or stop would leave node running orphaned.
 */
export const SKEWED_ENV = {
  LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  FAKETIME: `+${SKEW_MS / 1000}s`
}

interface SkewProbe {
  /** Date.now() under the preload − ours, at the fastest of a few round trips. */
  readonly dateNowMs: number
  /** performance.timeOrigin + performance.now() (ClockSync.localNowMs, the ClusterClock's local time) − ours. */
  readonly timeOriginMs: number
  /** process.hrtime() (CLOCK_MONOTONIC) under the preload − ours. */
  readonly monotonicMs: number
}

/** A node process under the same preload, asked its clocks over a pipe a few times: is the skew really there? */
async function probeSkew (): Promise<SkewProbe> {
  const script = 'require("readline").createInterface({input:process.stdin}).on("line",()=>process.stdout.write(JSON.stringify([Date.now(),performance.timeOrigin+performance.now(),Number(process.hrtime.bigint())/1e6])+"\\n"))'
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ...SKEWED_ENV }, stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  let best: { rtt: number; probe: SkewProbe } | null = null
  try {
    for (let i = 0; i < 8; i++) {
      const sentDate = Date.now()
      const sentLocal = performance.timeOrigin + performance.now()
      const sentMono = monoMs()
      child.stdin.write('\n')
      const line = await withTimeout(lines.next(), 5000, 'the skew probe answers')
      const rtt = monoMs() - sentMono
      const [date, local, mono] = JSON.parse(String(line.value)) as [number, number, number]
      const probe = { dateNowMs: date - (sentDate + rtt / 2), timeOriginMs: local - (sentLocal + rtt / 2), monotonicMs: mono - (sentMono + rtt / 2) }
      if (best === null || rtt < best.rtt) best = { rtt, probe }
    }
  } finally {
    child.kill('SIGKILL')
  }
  return best!.probe
}

/** The node's own estimate of PostgreSQL − its local clock, from its "joined the cluster" log line. */
function joinedOffsetMs (log: string): number {
  for (const line of log.split('\n')) {
    if (!line.includes('joined the cluster')) continue
    try {
      const offsetMs = (JSON.parse(line) as { offsetMs?: unknown }).offsetMs
      if (typeof offsetMs === 'number') return offsetMs
    } catch {
      // Not a JSON line.
    }
  }
  return Number.NaN
}

async function clockErrors (fleets: readonly Fleet[]): Promise<number[][]> {
  const replies = await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'clock-errors' }, 'clock-errors', IPC_MS)))
  return replies.map((reply) => Array.from(reply.errorMs).filter(Number.isFinite))
}

/** |e_i − e_j| over every pair of clients, whichever nodes they are on. */
function pairwise (errors: readonly number[]): Float64Array {
  const sorted = [...errors].sort((a, b) => a - b)
  const pairs: number[] = []
  for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) pairs.push(sorted[j]! - sorted[i]!)
  return Float64Array.from(pairs)
}

const mean = (xs: readonly number[]): number => xs.reduce((sum, x) => sum + x, 0) / Math.max(1, xs.length)

export const clockSkewCheck: ClusterCheck = {
  name: 'clock-skew',
  target: `node 1 ${SKEW_MS} ms ahead (libfaketime): clients on different nodes agree ≤ ${TARGET_P95_MS} ms p95`,
  async run ({ quick }) {
    const clientsPerNode = quick ? 10 : 30
    const rounds = quick ? 2 : 4
    const problems: string[] = []
    const figures: Figures = { ...await quietFigures(), clientsPerNode, rounds }
    const probe = await probeSkew()
    Object.assign(figures, {
      probeDateNowSkewMs: round1(probe.dateNowMs),
      probeTimeOriginSkewMs: round1(probe.timeOriginMs),
      // libfaketime shifts CLOCK_MONOTONIC too (to the faked epoch time): this is huge, not 400.
      probeMonotonicShiftMs: round1(probe.monotonicMs)
    })
    if (Math.abs(probe.timeOriginMs - SKEW_MS) > 50) problems.push(`the preload does not shift performance.timeOrigin by ${SKEW_MS} ms (${f1(probe.timeOriginMs)})`)

    return onCluster({ nodes: 3, nodeOptions: (index) => ({ env: { LOG_LEVEL: 'info', ...(index === 1 ? SKEWED_ENV : {}) } }) }, async (cluster) => {
      const offsets = cluster.nodes.map((node) => joinedOffsetMs(node.log()))
      offsets.forEach((offsetMs, index) => { figures[`node${index}ClockOffsetMs`] = round1(offsetMs) })
      // The node's own measure of its skew: PostgreSQL (this box's clock) − its local clock.
      if (!(Math.abs(offsets[1]! + SKEW_MS) < 50)) problems.push(`node 1 does not see itself ${SKEW_MS} ms ahead of PostgreSQL (offset ${f1(offsets[1]!)})`)

      const meeting = await cluster.seed(debateMeeting({ briefers: 2, others: 20, delegations: 40 }))
      const delegationTokens = Object.values(meeting.tokens.delegations)
      // Half screens on the live link, half delegations on Socket.IO: both answer pings with the node's clock.
      const links: FleetLink[] = Array.from({ length: clientsPerNode }, (_unused, i) =>
        i % 2 === 0 ? { token: meeting.tokens.public, watches: true } : { token: delegationTokens[i % delegationTokens.length]!, watches: false })
      const fleets = await startFleets(cluster.nodes.length)
      try {
        const ourPids = [...cluster.nodes.map((node) => node.pid), ...fleets.map((fleet) => fleet.pid), ...await servicePids(cluster)]
        const load = new PhaseLoad(ourPids)
        const connected = await Promise.all(fleets.map((fleet, i) => fleet.ask({
          type: 'connect', config: { url: cluster.nodes[i]!.baseUrl, links, concurrency: 5, syncTimeoutMs: 60_000 }
        }, 'connected', 180_000)))
        const failed = connected.reduce((sum, c) => sum + c.failed, 0)
        if (failed > 0) problems.push(`${failed} clients did not sync`)
        // The estimate on connect: a few pings right after sync, the rest spread over a few seconds.
        await sleep(5000)
        const estimates = [await clockErrors(fleets)]
        for (let round = 0; round < rounds; round++) {
          await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'resync-clock', pings: 8 }, 'clock-resynced', IPC_MS)))
          estimates.push(await clockErrors(fleets))
        }
        Object.assign(figures, load.figures())

        const spreadP95 = estimates.map((perNode) => percentiles(pairwise(perNode.flat())).p95)
        const worstP95 = Math.max(...spreadP95)
        const last = estimates.at(-1)!
        // Per node: its clients' mean error against this box's clock (PostgreSQL's): the skewed node's shows here.
        last.forEach((errors, index) => { figures[`node${index}ClientErrorMeanMs`] = round1(mean(errors)) })
        const allLast = last.flat()
        Object.assign(figures, {
          spreadP95Ms: round1(worstP95),
          spreadP95PerEstimateMs: spreadP95.map(round1).join(' / '),
          spreadMaxMs: round1(Math.max(...estimates.map((perNode) => percentiles(pairwise(perNode.flat())).max))),
          errorVsBoxP95Ms: round1(percentiles(Float64Array.from(allLast, Math.abs)).p95),
          clients: allLast.length
        })
        const met = worstP95 <= TARGET_P95_MS
        return checkResult(figures,
          `spread p95 ${f1(worstP95)} ms (worst of ${estimates.length} estimates; goal ≤ ${TARGET_P95_MS}); node 1 offset ${f0(offsets[1]!)} ms; ` +
          `client mean error per node ${last.map((errors) => f1(mean(errors))).join(' / ')} ms; ${loadLine(figures)}`,
          met, problems)
      } finally {
        await closeFleets(fleets, IPC_MS)
      }
    })
  }
}
