// fanout-split: the fan-out (bench/fanout.ts: a chair calls speakers with floor:next on an absolute
// schedule, live-link viewers record when each call shows) with its viewers split over three nodes,
// against the same viewers on one node, in one invocation: a one-node cluster (PostgreSQL + Redis) and
// the embedded default (SQLite). Latency command → screen, and the servers' CPU per update per viewer.
import { f1, f2 } from '../lib/case-report.ts'
import { monoMs, sleep } from '../lib/clock.ts'
import { PROJECT_ROOT } from '../lib/case-main.ts'
import { freeLoopbackPort } from '../lib/free-port.ts'
import { joinLatencies } from '../lib/join-latencies.ts'
import { benchMeetingDescription, createBenchMeeting } from '../lib/meeting.ts'
import type { ChairReply, ChairRequest, ObserverReply, ObserverRequest } from '../lib/messages.ts'
import { autoWorkers } from '../lib/options.ts'
import { startServer } from '../lib/server-process.ts'
import { percentiles } from '../lib/stats.ts'
import { builtWorker, WorkerChannel } from '../lib/worker-channel.ts'
import type { ClusterCheck } from './check.ts'
import { checkResult, cpuByPid, cpuMsOf, cpuSinceMs, deadNodes, onCluster, PhaseLoad, quietFigures, round1, round2, servicePids, type Figures } from './load-support.ts'

const IPC_MS = 30_000
const SYNC_TIMEOUT_MS = 120_000
const ACK_TIMEOUT_MS = 10_000
const DRAIN_MS = 15_000
const SETTLE_MS = 1000
const TARGET_LATENCY_RATIO = 1.5
const TARGET_CPU_RATIO = 1.1
/** The chair's pace in a full run (FANOUT_INTERVAL_MS overrides it). */
const DEFAULT_INTERVAL_MS = 200
/**
 * Calls before the measured ones in a full run (FANOUT_WARMUP overrides it): a minute of the meeting at
 * the default pace. A replica runs its per-update path (the stream read, the apply, the broadcast's
 * encoding) once per update, not once per viewer, so V8 optimises it only after a few hundred updates;
 * after 10 calls the replicas measured V8 still interpreting and compiling that path, about twice what
 * it costs once compiled (docs/cluster.md). A chamber's nodes run for hours.
 */
const DEFAULT_WARMUP_CALLS = 300

interface Script {
  readonly viewers: number
  readonly commands: number
  readonly warmup: number
  readonly intervalMs: number
}

/** Where one run's clients go: the chair's node, and the node of each observer process. */
interface Layout {
  readonly chairUrl: string
  readonly observerUrls: readonly string[]
  readonly meeting: { readonly chairToken: string; readonly publicToken: string }
  /** The Rostrum servers: their CPU is the figure. */
  readonly serverPids: readonly number[]
  /** PostgreSQL's backends and Redis, reported apart (none for the embedded default); read when the phase starts, as pools grow. */
  readonly servicePids: () => Promise<readonly number[]>
}

interface RunFigures {
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly missing: number
  readonly ackP99Ms: number
  /** Sum over the servers of utime + stime ÷ (commands × viewers). */
  readonly cpuUsPerUpdatePerViewer: number
  readonly serviceCpuUsPerUpdatePerViewer: number
  /** Each server's CPU ms in the phase, and in the quiet second before it (its own background work). */
  readonly serverCpuMs: string
  readonly serverQuietCpuMsPerS: string
  readonly syncFailed: number
  readonly load: Figures
}

type Chair = WorkerChannel<ChairRequest, ChairReply>
type Observer = WorkerChannel<ObserverRequest, ObserverReply>

/** One fan-out, as bench/fanout.ts runs it, on the given layout. */
async function fanOut (layout: Layout, script: Script, problems: string[], label: string): Promise<RunFigures> {
  const calls = script.warmup + script.commands
  const chair: Chair = new WorkerChannel('chair', await builtWorker('chair-worker'), PROJECT_ROOT)
  const observerScript = await builtWorker('observer-worker')
  const observers: Observer[] = layout.observerUrls.map((_url, i) => new WorkerChannel(`observer ${i}`, observerScript, PROJECT_ROOT))
  const workers = [chair, ...observers]
  try {
    const { queue } = await chair.ask({ type: 'connect', url: layout.chairUrl, token: layout.meeting.chairToken, syncTimeoutMs: SYNC_TIMEOUT_MS }, 'ready', SYNC_TIMEOUT_MS + IPC_MS)
    if (queue.length < calls) throw new Error(`only ${queue.length} speakers wait; the run needs ${calls}`)
    const perObserver = layout.observerUrls.map((_url, i) => Math.floor(script.viewers / observers.length) + (i < script.viewers % observers.length ? 1 : 0))
    const connected = await Promise.all(observers.map((observer, i) => observer.ask({
      type: 'connect',
      config: { url: layout.observerUrls[i]!, token: layout.meeting.publicToken, clients: perObserver[i]!, concurrency: 50, syncTimeoutMs: SYNC_TIMEOUT_MS, viewer: 'client', calls }
    }, 'connected', SYNC_TIMEOUT_MS * 2 + IPC_MS)))
    const syncFailed = connected.reduce((sum, c) => sum + c.failed, 0)
    if (syncFailed > 0) problems.push(`${label}: ${syncFailed} viewers did not sync`)
    await Promise.all(observers.map((observer) => observer.ask({ type: 'track', speakerIds: queue.slice(0, calls) }, 'tracking', IPC_MS)))
    const callAsk = (first: number, count: number) => chair.ask(
      { type: 'call', first, count, intervalMs: script.intervalMs, ackTimeoutMs: ACK_TIMEOUT_MS }, 'called', count * script.intervalMs + ACK_TIMEOUT_MS + IPC_MS)
    const awaitCall = (call: number, deadlineMono: number) => Promise.all(observers.map((observer) =>
      observer.ask({ type: 'await-call', call, deadlineMono }, 'call-seen', deadlineMono - monoMs() + IPC_MS)))
    await sleep(SETTLE_MS)
    if (script.warmup > 0) {
      await callAsk(0, script.warmup)
      await awaitCall(script.warmup - 1, monoMs() + DRAIN_MS)
    }
    await sleep(SETTLE_MS)

    await Promise.all(observers.map((observer) => observer.ask({ type: 'arm' }, 'armed', IPC_MS)))
    const quiet0 = layout.serverPids.map((pid) => cpuMsOf([pid]))
    await sleep(SETTLE_MS)
    const quietMs = layout.serverPids.map((pid, i) => cpuMsOf([pid]) - quiet0[i]!)
    const services = await layout.servicePids()
    const load = new PhaseLoad([...layout.serverPids, ...services, ...workers.map((worker) => worker.pid)])
    const cpu0 = cpuMsOf(layout.serverPids)
    const perServer0 = layout.serverPids.map((pid) => cpuMsOf([pid]))
    const service0 = cpuByPid(services)
    const measured = await callAsk(script.warmup, script.commands)
    for (const failure of measured.failures.slice(0, 5)) problems.push(`${label}: call ${failure.call}: ${failure.error}`)
    await awaitCall(calls - 1, measured.sentMono[measured.sentMono.length - 1]! + DRAIN_MS)
    const cpuMs = cpuMsOf(layout.serverPids) - cpu0
    const perServerMs = layout.serverPids.map((pid, i) => cpuMsOf([pid]) - perServer0[i]!)
    const serviceMs = cpuSinceMs(service0)
    const loadFigures = load.figures()
    const results = await Promise.all(observers.map((observer) => observer.ask({ type: 'results' }, 'results', IPC_MS)))
    const joined = joinLatencies(measured.sentMono, script.warmup, calls, results)
    if (joined.missing > 0) problems.push(`${label}: ${joined.missing} of ${joined.expected} deliveries never arrived`)
    const latency = percentiles(joined.latencies)
    const updates = script.commands * script.viewers
    return {
      p50Ms: round1(latency.p50),
      p99Ms: round1(latency.p99),
      maxMs: round1(latency.max),
      missing: joined.missing,
      ackP99Ms: round1(percentiles(measured.ackMs.filter((ms) => !Number.isNaN(ms))).p99),
      cpuUsPerUpdatePerViewer: round2(cpuMs * 1000 / updates),
      serviceCpuUsPerUpdatePerViewer: round2(serviceMs * 1000 / updates),
      serverCpuMs: perServerMs.map(Math.round).join(' / '),
      serverQuietCpuMsPerS: quietMs.map((ms) => Math.round(ms * 1000 / SETTLE_MS)).join(' / '),
      syncFailed,
      load: loadFigures
    }
  } finally {
    await Promise.all([
      chair.ask({ type: 'close' }, 'closed', IPC_MS).catch(() => undefined),
      ...observers.map((observer) => observer.ask({ type: 'close' }, 'closed', IPC_MS).catch(() => undefined))
    ])
    await Promise.all(workers.map((worker) => worker.end()))
  }
}

function observerUrls (urls: readonly string[], processes: number): string[] {
  return Array.from({ length: processes }, (_unused, i) => urls[i % urls.length]!)
}

async function onClusterOf (nodes: number, script: Script, problems: string[], label: string): Promise<RunFigures> {
  return onCluster({ nodes }, async (cluster) => {
    const seeded = await cluster.seed(benchMeetingDescription(script.warmup + script.commands + 10))
    const urls = cluster.nodes.map((node) => node.baseUrl)
    // At least one observer process per node; the chair on node 0, which opens the meeting and so owns it.
    const processes = Math.max(nodes, Math.round(autoWorkers(script.viewers) / nodes) * nodes)
    const figures = await fanOut({
      chairUrl: urls[0]!,
      observerUrls: observerUrls(urls, processes),
      meeting: { chairToken: seeded.tokens.chair, publicToken: seeded.tokens.public },
      serverPids: cluster.nodes.map((node) => node.pid),
      servicePids: () => servicePids(cluster)
    }, script, problems, label)
    problems.push(...deadNodes(cluster.nodes).map((dead) => `${label}: ${dead}`))
    if (await cluster.ownerOf(seeded.id) !== 0) problems.push(`${label}: node 0 did not own the meeting`)
    return figures
  })
}

async function onEmbedded (script: Script, problems: string[]): Promise<RunFigures> {
  // CLUSTER_NODE_ARGS (e.g. --cpu-prof) reaches the embedded server too, so the two can be compared.
  const server = await startServer({ projectRoot: PROJECT_ROOT, port: await freeLoopbackPort(), nodeArgs: process.env.CLUSTER_NODE_ARGS?.split(' ').filter(Boolean) })
  try {
    const meeting = await createBenchMeeting(server.baseUrl, server.adminToken, script.warmup + script.commands + 10)
    const figures = await fanOut({
      chairUrl: server.baseUrl,
      observerUrls: observerUrls([server.baseUrl], autoWorkers(script.viewers)),
      meeting,
      serverPids: [server.pid],
      servicePids: async () => []
    }, script, problems, 'embedded')
    problems.push(...deadNodes([server]).map((dead) => `embedded: ${dead}`))
    return figures
  } finally {
    await server.stop()
  }
}

const MAX_FOREIGN_PCT = 15

async function cleanest (run: () => Promise<RunFigures>, retries: number): Promise<RunFigures & { readonly attempts: readonly number[] }> {
  const attempts: RunFigures[] = []
  for (let attempt = 0; attempt <= retries; attempt++) {
    const result = await run()
    attempts.push(result)
    if (Number(result.load.machineForeignPct) <= MAX_FOREIGN_PCT) break
  }
  const best = attempts.reduce((a, b) => Number(b.load.machineForeignPct) < Number(a.load.machineForeignPct) ? b : a)
  return { ...best, attempts: attempts.map((a) => Number(a.load.machineForeignPct)) }
}

function flatten (prefix: string, run: RunFigures & { readonly attempts?: readonly number[] }): Figures {
  const { load, attempts: _attempts, ...rest } = run
  return Object.fromEntries([...Object.entries(rest), ...Object.entries(load)].map(([key, value]) => [`${prefix}.${key}`, value]))
}

export const fanoutSplitCheck: ClusterCheck = {
  name: 'fanout-split',
  target: `3 nodes × N live viewers against 1 node × 3N: p99 ≤ ${TARGET_LATENCY_RATIO}× and server CPU per update per viewer ≤ ${TARGET_CPU_RATIO}× the one-node figures`,
  async run ({ quick }) {
    // FANOUT_VIEWERS_PER_NODE=1 leaves the servers' own cost per call, without the viewers'.
    const perNode = Number(process.env.FANOUT_VIEWERS_PER_NODE ?? (quick ? 100 : 500))
    // A call every 200 ms: at 100 ms, 1,500 full clients on this 2-core box keep it 99 % busy in all three
    // runs, and the figures measure the clients' backlog (p99 in seconds, the embedded server's too).
    const script: Script = quick
      ? { viewers: 3 * perNode, commands: 60, warmup: 10, intervalMs: 50 }
      : {
          viewers: 3 * perNode,
          commands: 100,
          warmup: Number(process.env.FANOUT_WARMUP ?? DEFAULT_WARMUP_CALLS),
          intervalMs: Number(process.env.FANOUT_INTERVAL_MS ?? DEFAULT_INTERVAL_MS)
        }
    const problems: string[] = []
    const figures: Figures = { ...await quietFigures(), perNode, viewers: script.viewers, commands: script.commands, warmupCalls: script.warmup, intervalMs: script.intervalMs }
    // Same script, one after another: the split first, then both one-node references. The box is shared:
    // a run during which other jobs took more than MAX_FOREIGN_PCT of it is run again (full runs), and the
    // cleanest kept, as bench/fanout.ts does.
    const retries = quick ? 0 : 1
    const split = await cleanest(() => onClusterOf(3, script, problems, 'split'), retries)
    const oneNode = await cleanest(() => onClusterOf(1, script, problems, 'one-node cluster'), retries)
    const embedded = await cleanest(() => onEmbedded(script, problems), retries)
    figures.attemptsForeignPct = [split, oneNode, embedded].map((run) => run.attempts.join('+')).join(' / ')
    const latencyRatio = split.p99Ms / embedded.p99Ms
    const cpuRatio = split.cpuUsPerUpdatePerViewer / embedded.cpuUsPerUpdatePerViewer
    const latencyRatioCluster = split.p99Ms / oneNode.p99Ms
    const cpuRatioCluster = split.cpuUsPerUpdatePerViewer / oneNode.cpuUsPerUpdatePerViewer
    Object.assign(figures, flatten('split', split), flatten('oneNodeCluster', oneNode), flatten('embedded', embedded), {
      p99RatioVsEmbedded: round2(latencyRatio),
      cpuRatioVsEmbedded: round2(cpuRatio),
      p99RatioVsOneNodeCluster: round2(latencyRatioCluster),
      cpuRatioVsOneNodeCluster: round2(cpuRatioCluster)
    })
    // The figure of record is the embedded default: "12.9 µs today" in the issue is that server's.
    const met = latencyRatio <= TARGET_LATENCY_RATIO && cpuRatio <= TARGET_CPU_RATIO
    return checkResult(figures,
      `p99 ${f1(split.p99Ms)} ms split vs ${f1(embedded.p99Ms)} embedded (${f2(latencyRatio)}×) / ${f1(oneNode.p99Ms)} one-node cluster (${f2(latencyRatioCluster)}×); ` +
      `CPU µs/update/viewer ${f2(split.cpuUsPerUpdatePerViewer)} vs ${f2(embedded.cpuUsPerUpdatePerViewer)} (${f2(cpuRatio)}×) / ${f2(oneNode.cpuUsPerUpdatePerViewer)} (${f2(cpuRatioCluster)}×); ` +
      `foreign % ${split.load.machineForeignPct} / ${oneNode.load.machineForeignPct} / ${embedded.load.machineForeignPct}`,
      met, problems)
  }
}
