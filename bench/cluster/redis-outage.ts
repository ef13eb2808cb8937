// redis-outage: the cluster's Redis killed for 30 s and started again empty. Redis carries no truth
// (SCALE.md §1): commits go on, replicas fall back to reading PostgreSQL, and once Redis is back the
// streams start again from nothing.
import type { LiveViewer } from '../../shared/client/live-viewer.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import { demoMeeting } from '../../tests/support/meetings.ts'
import { sleep } from '../lib/clock.ts'
import type { CheckOptions, CheckResult, ClusterCheck } from './check.ts'
import type { BenchCluster } from './cluster-nodes.ts'
import { CommandLog, lostCommands, OpenClients, openWithSpeakerOnTheFloor, until, untilReplicasMatch, withCluster } from './check-clients.ts'

const LAG_TARGET_MS = 1500
/** Acks "go on" when none is further than this from the one before, outage or not. */
const ACK_GAP_TARGET_MS = 1000
const VIEWERS_PER_NODE = 3
const COMMAND_EVERY_MS = 50
const WARM_MS = 2000
const AFTER_MS = 5000
const FIRST_K = 1000

export const redisOutage: ClusterCheck = {
  name: 'redis-outage',
  target: `Redis down 30 s, back empty: acks go on (no gap > ${ACK_GAP_TARGET_MS} ms); viewers on other nodes in step ≤ ${LAG_TARGET_MS} ms after it returns; nothing lost`,
  run: (options: CheckOptions) => withCluster({ nodes: 3 }, (cluster, clients) => outage(cluster, clients, options.quick ? 10_000 : 30_000))
}

/**
 * Each acked limit, in order: the chair sets the speaker's time limit to k s, k = FIRST_K, FIRST_K + 1, …,
 * so a screen's limit says how far it is (FIRST_K s is above any limit the demo meeting starts with).
 */
interface Acked {
  readonly k: number
  readonly atMs: number
}

async function outage (cluster: BenchCluster, clients: OpenClients, outageMs: number): Promise<CheckResult> {
  const meeting = await cluster.seed(demoMeeting())
  const chair = await clients.client(cluster.nodes[0]!.baseUrl, meeting.tokens.chair)
  await openWithSpeakerOnTheFloor(chair)
  const viewers = new Map<string, LiveViewer>()
  for (const index of [1, 2]) {
    for (let v = 0; v < VIEWERS_PER_NODE; v++) viewers.set(`viewer ${v} on node ${index}`, await clients.viewer(cluster.nodes[index]!.baseUrl, meeting.tokens.public))
  }
  const shown = (viewer: MeetingReplica) => (viewer.state?.timer.limitMs ?? 0) / 1000

  const log = new CommandLog('redis')
  const acked: Acked[] = []
  let sending = true
  const commands = (async () => {
    for (let k = FIRST_K; sending; k++) {
      const sentAt = performance.now()
      const ack = await log.send(chair, 'timer:set-limit', { limitMs: k * 1000 })
      if (ack?.ok === true) acked.push({ k, atMs: performance.now() })
      await sleep(COMMAND_EVERY_MS - (performance.now() - sentAt))
    }
  })()
  // How stale each viewer is, sampled: now minus when the first command it does not show yet was acked.
  const staleness: { atMs: number; ms: number }[] = []
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      const now = performance.now()
      const oldest = Math.min(...[...viewers.values()].map(shown))
      const missing = acked.find((entry) => entry.k > oldest)
      staleness.push({ atMs: now, ms: missing === undefined ? 0 : now - missing.atMs })
      await sleep(50)
    }
  })()

  await sleep(WARM_MS)
  const stoppedAt = performance.now()
  await cluster.redis.stop()
  await sleep(outageMs)
  await cluster.redis.start()
  const backAt = performance.now()
  const latestAtReturn = acked.at(-1)?.k ?? 0
  const inStep = await until(() => [...viewers.values()].every((viewer) => shown(viewer) >= latestAtReturn), 30_000, 10)
  const lagAfterReturnMs = inStep ? performance.now() - backAt : Number.POSITIVE_INFINITY
  await sleep(AFTER_MS)
  sending = false
  await commands
  sampling = false
  await sampler

  const divergent = await untilReplicasMatch(cluster, meeting.id, new Map<string, MeetingReplica>([['chair on node 0', chair], ...viewers]), 10_000)
  const lost = await lostCommands(cluster, meeting.id, log.acked)
  const during = acked.filter((entry) => entry.atMs >= stoppedAt && entry.atMs <= backAt)
  const gaps = acked.slice(1).map((entry, index) => entry.atMs - acked[index]!.atMs)
  const longestGapMs = Math.max(0, ...gaps)
  const maxStaleness = (from: number, to: number) => Math.max(0, ...staleness.filter((sample) => sample.atMs >= from && sample.atMs < to).map((sample) => sample.ms))
  const problems: string[] = []
  if (longestGapMs > ACK_GAP_TARGET_MS) problems.push(`acks stopped for ${longestGapMs.toFixed(0)} ms`)
  if (log.notSaved + log.unanswered > 0) problems.push(`${log.notSaved} commands NOT_SAVED, ${log.unanswered} unanswered`)
  if (lagAfterReturnMs > LAG_TARGET_MS) problems.push(`viewers showed the last ack before Redis returned ${Number.isFinite(lagAfterReturnMs) ? lagAfterReturnMs.toFixed(0) : 'never'} ms after it did`)
  if (divergent.length > 0) problems.push(`${divergent.join(', ')} differ from a fresh reader`)
  problems.push(...lost.slice(0, 10))
  return {
    figures: {
      outageMs,
      acked: acked.length,
      ackedDuringOutage: during.length,
      longestAckGapMs: Math.round(longestGapMs),
      notSaved: log.notSaved,
      unanswered: log.unanswered,
      lagAfterReturnMs: Math.round(lagAfterReturnMs),
      viewerStalenessMaxBeforeMs: Math.round(maxStaleness(0, stoppedAt)),
      viewerStalenessMaxDuringMs: Math.round(maxStaleness(stoppedAt, backAt)),
      viewerStalenessMaxAfterMs: Math.round(maxStaleness(backAt + lagAfterReturnMs, Infinity)),
      divergent: divergent.length,
      lostCommands: lost.length
    },
    summary: `${during.length} acks in ${outageMs / 1000} s down (longest gap ${longestGapMs.toFixed(0)} ms); viewers in step ${lagAfterReturnMs.toFixed(0)} ms after return (stale ≤ ${maxStaleness(stoppedAt, backAt).toFixed(0)} ms while down); lost ${lost.length}`,
    passed: problems.length === 0,
    problems
  }
}
