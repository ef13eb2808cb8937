// Clock agreement: N headless clients reach the server through a proxy that delays every chunk
// mean ± jitter ms each way; how far apart are their estimates of the server's time?
// `npm run bench -- --case clock [--clients 60 --rounds 3]`; bench/README.md explains every number.
import { parseArgs } from 'node:util'
import { PROJECT_ROOT, onExit, quietMachine, runCase } from '../lib/case-main.ts'
import { f1, goal, type CaseOutcome } from '../lib/case-report.ts'
import { sleep } from '../lib/clock.ts'
import { debateMeeting } from '../lib/debate-meeting.ts'
import { closeFleets, startFleets, type Fleet } from '../lib/fleets.ts'
import { freeLoopbackPort } from '../lib/free-port.ts'
import { startJitterProxy } from '../lib/jitter-proxy.ts'
import { createMeeting } from '../lib/meeting.ts'
import { shares } from '../lib/options.ts'
import { killNow, startServer } from '../lib/server-process.ts'
import { percentiles, type Percentiles } from '../lib/stats.ts'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    clients: { type: 'string', default: '60' },
    workers: { type: 'string', default: 'auto' },
    rounds: { type: 'string', default: '3' },
    'mean-ms': { type: 'string', default: '50' },
    'jitter-ms': { type: 'string', default: '25' },
    pings: { type: 'string', default: '8' },
    out: { type: 'string' }
  }
})
const options = {
  clients: Number(values.clients),
  workers: values.workers === 'auto' ? Math.max(1, Math.ceil(Number(values.clients) / 50)) : Number(values.workers),
  /** Re-estimates after the first: each is what a page does when it becomes visible again. */
  rounds: Number(values.rounds),
  meanMs: Number(values['mean-ms']),
  jitterMs: Number(values['jitter-ms']),
  /** Pings per re-estimate; the client's default (and its first estimate on connect) is 8. */
  pings: Number(values.pings)
}
const GOAL_P95_MS = 20
const IPC_MS = 60_000

interface Agreement {
  /** |estimate_i − estimate_j| over every pair of clients: how far apart two screens are. */
  readonly pairwiseMs: Percentiles
  /** |estimate_i − the clients' median|. */
  readonly fromMedianMs: Percentiles
  /** |estimate_i − the server's real clock| (it runs on this machine). */
  readonly fromServerMs: Percentiles
  /** max − min over all clients. */
  readonly rangeMs: number
  readonly rttMs: Percentiles
}

function agreement (errorMs: readonly number[], rttMs: readonly number[]): Agreement {
  const errors = errorMs.filter(Number.isFinite).sort((a, b) => a - b)
  const pairs: number[] = []
  for (let i = 0; i < errors.length; i++) for (let j = i + 1; j < errors.length; j++) pairs.push(errors[j]! - errors[i]!)
  const median = errors[Math.floor(errors.length / 2)] ?? Number.NaN
  return {
    pairwiseMs: percentiles(Float64Array.from(pairs)),
    fromMedianMs: percentiles(Float64Array.from(errors, (e) => Math.abs(e - median))),
    fromServerMs: percentiles(Float64Array.from(errors, Math.abs)),
    rangeMs: (errors.at(-1) ?? Number.NaN) - (errors[0] ?? Number.NaN),
    rttMs: percentiles(Float64Array.from(rttMs.filter(Number.isFinite)))
  }
}

async function collect (fleets: Fleet[]): Promise<Agreement> {
  const replies = await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'clock-errors' }, 'clock-errors', IPC_MS)))
  return agreement(replies.flatMap((r) => Array.from(r.errorMs)), replies.flatMap((r) => Array.from(r.rttMs)))
}

async function run (): Promise<CaseOutcome> {
  const problems: string[] = []
  const quietBefore = await quietMachine()
  const server = await startServer({ projectRoot: PROJECT_ROOT, port: await freeLoopbackPort() })
  onExit(() => killNow(server))
  const meeting = await createMeeting(server.baseUrl, server.adminToken, debateMeeting({ briefers: 2, others: 20, delegations: 40 }))
  const proxy = await startJitterProxy(server.baseUrl, options.meanMs, options.jitterMs)
  const fleets = await startFleets(options.workers)

  // Connect through the proxy, a few at a time (each client estimates with its pings on connect).
  const connected = await Promise.all(shares(options.clients, options.workers).map((count, i) => fleets[i]!.ask({
    type: 'connect',
    config: { url: proxy.url, links: Array.from({ length: count }, () => ({ token: meeting.publicToken, watches: true })), concurrency: 5, syncTimeoutMs: 60_000 }
  }, 'connected', 180_000)))
  const failed = connected.reduce((sum, c) => sum + c.failed, 0)
  if (failed > 0) problems.push(`${failed} clients did not sync through the proxy`)
  // The estimate taken on connect: pings × at most 2 × (mean + jitter) each, and some room.
  await sleep(options.pings * 2 * (options.meanMs + options.jitterMs) + 2000)
  const atConnect = await collect(fleets)
  const rounds: Agreement[] = []
  for (let round = 0; round < options.rounds; round++) {
    await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'resync-clock', pings: options.pings }, 'clock-resynced', IPC_MS)))
    rounds.push(await collect(fleets))
  }

  await closeFleets(fleets, IPC_MS)
  await proxy.close()
  await server.stop()

  const worst = (pick: (a: Agreement) => number): number => Math.max(pick(atConnect), ...rounds.map(pick))
  const p95Pairwise = worst((a) => a.pairwiseMs.p95)
  const summary = (a: Agreement): string =>
    `${f1(a.pairwiseMs.p50)} / ${f1(a.pairwiseMs.p95)} / ${f1(a.pairwiseMs.max)} pairwise; ` +
    `${f1(a.fromServerMs.p95)} p95 off the server; range ${f1(a.rangeMs)}; best RTT p50 ${f1(a.rttMs.p50)}`
  return {
    title: `Rostrum clock agreement: ${options.clients} clients in ${fleets.length} process(es) through a proxy adding ${options.meanMs} ± ${options.jitterMs} ms each way; ${options.pings} pings per estimate`,
    rows: [
      ['spread ms p95 (worst estimate)', `${f1(p95Pairwise)} ${goal(p95Pairwise, GOAL_P95_MS, ' ms')}  (|estimate_i − estimate_j| over all pairs)`],
      ['|estimate − median| ms p95 (worst)', f1(worst((a) => a.fromMedianMs.p95))],
      ['|estimate − server| ms p95 (worst)', f1(worst((a) => a.fromServerMs.p95))],
      ['on connect: pairwise ms p50 / p95 / max', summary(atConnect)],
      ...rounds.map((a, i) => [`re-estimate ${i + 1}: pairwise ms p50 / p95 / max`, summary(a)] as const)
    ],
    problems,
    json: { options, quietBefore, goalP95Ms: GOAL_P95_MS, spreadP95Ms: p95Pairwise, atConnect, rounds }
  }
}

runCase({ name: `clock-${options.clients}`, budgetMs: 300_000, out: values.out ?? null, run })
