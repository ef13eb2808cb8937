// postgres-cut: PostgreSQL unreachable from the meeting's owner alone (its database URL goes through a
// cuttable proxy; the other nodes reach it directly). Whatever the owner answers, no "ok" may leave it
// without a commit, and its chair must get an answer — an error such as NOT_SAVED — rather than a hang.
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { demoMeeting } from '../../tests/support/meetings.ts'
import { startCuttableProxy } from '../../tests/support/cuttable-proxy.ts'
import { sleep } from '../lib/clock.ts'
import type { CheckOptions, CheckResult, ClusterCheck } from './check.ts'
import type { BenchCluster } from './cluster-nodes.ts'
import { CommandLog, isRunning, lostCommands, OpenClients, openWithSpeakerOnTheFloor, untilReplicasMatch, withCluster } from './check-clients.ts'

/** The cluster's forward deadline (CLUSTER_TIMINGS.forwardDeadlineMs): an answer later than this is a hang. */
const ANSWER_DEADLINE_MS = 10_000
/**
 * The cut lasts this long at least — long enough for the owner's 3 s lease to run out — and until every
 * attempt made during it is answered or given up (30 s each): an answer must not need the cut to end.
 */
const CUT_MS = 8000
/** Attempts made while the cut lasts (the rest follow its end). */
const DURING_CUT = 5

interface Attempt {
  readonly label: string
  readonly atCutMs: number
  readonly answeredInMs: number | null
  readonly ack: CommandAck | null
  /** Which node owned the meeting once it was answered. */
  readonly ownerAfter: number | null
}

export const postgresCut: ClusterCheck = {
  name: 'postgres-cut',
  target: `PostgreSQL cut from the owner: no ok without a commit; its chair answered (NOT_SAVED or the like) within ${ANSWER_DEADLINE_MS / 1000} s, not left hanging`,
  run: (_options: CheckOptions) => withCluster({ nodes: 2 }, (cluster, clients) => cut(cluster, clients))
}

async function cut (cluster: BenchCluster, clients: OpenClients): Promise<CheckResult> {
  const database = new URL(cluster.databaseUrl)
  const proxy = await startCuttableProxy(`tcp://${database.host}`)
  try {
    const proxied = new URL(cluster.databaseUrl)
    proxied.host = new URL(proxy.url).host
    // The third node, and the meeting's owner: the first to open it.
    const owner = await cluster.addNode({ env: { ROSTRUM_DATABASE_URL: proxied.toString() } })
    const meeting = await cluster.seed(demoMeeting())
    const ownerChair = await clients.client(owner.baseUrl, meeting.tokens.chair)
    await openWithSpeakerOnTheFloor(ownerChair)
    const otherChair = await clients.client(cluster.nodes[0]!.baseUrl, meeting.tokens.chair)
    const viewer = await clients.viewer(cluster.nodes[1]!.baseUrl, meeting.tokens.public)
    const ownerBefore = await cluster.ownerOf(meeting.id)
    const log = new CommandLog('pg-cut')
    for (let i = 0; i < 4; i++) await log.send(i % 2 === 0 ? ownerChair : otherChair, 'timer:set-limit', { limitMs: (100 + i) * 1000 })

    const attempts: Attempt[] = []
    let limit = 200
    const attempt = async (label: string, client: RostrumClient, cutAt: number, attemptTimeoutMs?: number): Promise<void> => {
      const sentAt = performance.now()
      const ack = await log.send(client, 'timer:set-limit', { limitMs: limit++ * 1000 }, 30_000, attemptTimeoutMs)
      attempts.push({
        label,
        atCutMs: Math.round(sentAt - cutAt),
        answeredInMs: ack === null ? null : Math.round(performance.now() - sentAt),
        ack,
        ownerAfter: await cluster.ownerOf(meeting.id)
      })
    }
    const cutAt = performance.now()
    proxy.cut()
    await attempt('owner\'s chair, at the cut', ownerChair, cutAt)
    await attempt('chair on another node, at the cut', otherChair, cutAt)
    await sleep(Math.max(0, cutAt + 4000 - performance.now()))
    await attempt('chair on another node, lease expired', otherChair, cutAt)
    await attempt('owner\'s chair, lease expired', ownerChair, cutAt)
    // The same with one attempt allowed longer than the node's forward deadline: is an answer on its way at all?
    await attempt('owner\'s chair, lease expired, one 15 s attempt', ownerChair, cutAt, 15_000)
    await sleep(Math.max(0, cutAt + CUT_MS - performance.now()))
    proxy.restore()
    const restoredAt = performance.now()
    await attempt('owner\'s chair, restored', ownerChair, restoredAt)
    await attempt('chair on another node, restored', otherChair, restoredAt)

    const divergent = await untilReplicasMatch(cluster, meeting.id, new Map<string, MeetingReplica>([
      ['chair on the cut node', ownerChair], ['chair on node 0', otherChair], ['viewer on node 1', viewer]
    ]), 15_000)
    const lost = await lostCommands(cluster, meeting.id, log.acked)
    const problems: string[] = [...lost]
    for (const { label, answeredInMs, ack } of attempts.slice(0, DURING_CUT)) {
      if (answeredInMs === null || answeredInMs > ANSWER_DEADLINE_MS) problems.push(`${label}: ${answeredInMs === null ? 'no answer' : `answered after ${answeredInMs} ms`}`)
      else if (ack !== null && !ack.ok && ack.error.code !== 'NOT_SAVED') problems.push(`${label}: answered ${ack.error.code}`)
    }
    for (const { label, ack } of attempts.slice(DURING_CUT)) if (ack?.ok !== true) problems.push(`${label}: not accepted after the cut was restored (${JSON.stringify(ack)})`)
    if (divergent.length > 0) problems.push(`${divergent.join(', ')} differ from a fresh reader`)
    const okDuringCut = attempts.slice(0, DURING_CUT).filter((entry) => entry.ack?.ok === true).length
    const nodeName = (index: number | null) => index === null ? 'none' : index === owner.index ? 'the cut node' : `node ${index}`
    // A node that died under the check (rather than answering) would explain silence: said so, not guessed.
    const nodesGone = cluster.nodes.filter((node) => !isRunning(node.pid)).map((node) => nodeName(node.index))
    if (nodesGone.length > 0) problems.push(`nodes no longer running: ${nodesGone.join(', ')}`)
    const tookOver = attempts.slice(0, DURING_CUT).some((entry) => entry.ownerAfter !== ownerBefore)
    return {
      figures: {
        okAcksWithoutCommit: lost.filter((problem) => problem.includes('not in the audit log')).length,
        lostCommands: lost.length,
        okDuringCut,
        anotherNodeTookOver: tookOver,
        ownerAfterRestore: nodeName(attempts.at(-1)?.ownerAfter ?? null),
        divergent: divergent.length,
        nodesGone: nodesGone.join(', '),
        attempts: JSON.stringify(attempts.map((entry) => ({ ...entry, ack: entry.ack === null ? null : entry.ack.ok ? 'ok' : entry.ack.error.code, ownerAfter: nodeName(entry.ownerAfter) })))
      },
      summary: attempts.map((entry) => `${entry.label}: ${entry.ack === null ? 'no answer' : entry.ack.ok ? 'ok' : entry.ack.error.code} in ${entry.answeredInMs ?? '—'} ms`).join('; ') +
        `; another node took over: ${tookOver ? 'yes' : 'no'}; lost ${lost.length}`,
      passed: problems.length === 0,
      problems
    }
  } finally {
    await proxy.close()
  }
}
