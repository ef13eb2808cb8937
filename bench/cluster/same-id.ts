// same-id: one command, under one id, sent through all three nodes at once — a client retrying through
// another node after a lost ack. The owner must run it once and every node must give the same answer.
import { isDeepStrictEqual } from 'node:util'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { demoMeeting } from '../../tests/support/meetings.ts'
import { percentiles } from '../lib/stats.ts'
import type { CheckOptions, CheckResult, ClusterCheck } from './check.ts'
import type { BenchCluster } from './cluster-nodes.ts'
import { OpenClients, openWithSpeakerOnTheFloor, withCluster } from './check-clients.ts'

export const sameId: ClusterCheck = {
  name: 'same-id',
  target: 'the same command id sent to three nodes at once: 1 audit row each, identical acks',
  run: (options: CheckOptions) => withCluster({ nodes: 3 }, (cluster, clients) => sendTwice(cluster, clients, options.quick ? 20 : 100))
}

async function sendTwice (cluster: BenchCluster, clients: OpenClients, rounds: number): Promise<CheckResult> {
  const meeting = await cluster.seed(demoMeeting())
  const chairs = []
  for (const node of cluster.nodes) chairs.push(await clients.client(node.baseUrl, meeting.tokens.chair))
  await openWithSpeakerOnTheFloor(chairs[0]!)
  const problems: string[] = []
  const sent: string[] = []
  const roundMs: number[] = []
  let differing = 0
  let refused = 0
  for (let round = 0; round < rounds; round++) {
    const id = `same-id-${String(round).padStart(4, '0')}`
    const type = round % 2 === 0 ? 'list:close' : 'list:reopen'
    sent.push(id)
    const t0 = performance.now()
    const acks: CommandAck[] = await Promise.all(chairs.map((chair) => chair.command(type, {}, { id })))
    roundMs.push(performance.now() - t0)
    if (!acks.every((ack) => isDeepStrictEqual(ack, acks[0]))) {
      differing++
      if (differing <= 5) problems.push(`${id}: acks differ: ${acks.map((ack) => JSON.stringify(ack)).join(' / ')}`)
    }
    if (!acks[0]!.ok) refused++
  }
  const audit = await cluster.reader.listAudit(meeting.id)
  const rows = new Map<string, number>()
  for (const entry of audit) rows.set(entry.commandId, (rows.get(entry.commandId) ?? 0) + 1)
  const notOne = sent.filter((id) => rows.get(id) !== 1)
  for (const id of notOne.slice(0, 5)) problems.push(`${id}: ${rows.get(id) ?? 0} audit rows`)
  // Alternating close and reopen, each once: every one is accepted unless one ran twice or not at all.
  if (refused > 0) problems.push(`${refused} commands refused (one ran twice, or out of order)`)
  const p = percentiles(Float64Array.from(roundMs))
  return {
    figures: { rounds, commandsNotOneRow: notOne.length, roundsWithDifferingAcks: differing, refused, allThreeAckedP50Ms: p.p50, allThreeAckedP99Ms: p.p99 },
    summary: `${rounds} ids × 3 nodes: ${notOne.length} without exactly 1 audit row, ${differing} with differing acks (all three acked p99 ${p.p99.toFixed(0)} ms)`,
    passed: problems.length === 0,
    problems
  }
}
