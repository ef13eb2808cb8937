// owner-pause: the meeting's owner SIGSTOPped for 10 s (a long GC pause, a frozen VM) and then let go. It
// keeps its node-alive lock, so only its lease running out lets another node in; once back it is a zombie
// that still thinks it owns the meeting, and its writes must be fenced out, not land.
import pg from 'pg'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import { demoMeeting } from '../../tests/support/meetings.ts'
import { sleep } from '../lib/clock.ts'
import type { CheckOptions, CheckResult, ClusterCheck } from './check.ts'
import type { BenchCluster } from './cluster-nodes.ts'
import { CommandLog, lostCommands, OpenClients, openWithSpeakerOnTheFloor, sharedState, until, untilReplicasMatch, withCluster } from './check-clients.ts'

const TAKEOVER_TARGET_MS = 3500
const PAUSE_MS = 10_000
/** After SIGCONT: the zombie's timers (lease renewal every 1 s) and queued socket reads all get their turn. */
const ZOMBIE_WATCH_MS = 3000
/** No ack for this long means the pause has bitten: commands ack every few ms otherwise. */
const STALL_MS = 50

interface Pause {
  readonly pausedNode: number
  /** Pause to the meeting's epoch moving on (PostgreSQL's lease row), ms. */
  readonly epochChangeMs: number | null
  /** Pause to the first ack a chair on another node got once the pause bit, ms. */
  readonly firstAckMs: number | null
  readonly newOwner: number | null
  /** Audit rows and log entries that appeared after SIGCONT beyond the zombie's one forwarded command. */
  readonly zombieAuditRows: number
  readonly zombieLogEntries: number
  readonly ownerAfterResumeUnchanged: boolean
  /** SIGCONT to the zombie's client showing what the new owner stored since, ms. */
  readonly rejoinedMs: number | null
  readonly zombieCommandAcked: boolean
  /** Command ids of the audit rows written after SIGCONT. */
  readonly rowsAfterResume: readonly string[]
  /** PostgreSQL's sessions holding a transaction open or waiting for a lock, halfway through the pause. */
  readonly blockers: string
  readonly divergent: readonly string[]
}

export const ownerPause: ClusterCheck = {
  name: 'owner-pause',
  target: `SIGSTOP the owner ${PAUSE_MS / 1000} s: another node takes over ≤ ${TAKEOVER_TARGET_MS} ms; the stopped node's late writes change 0 rows; it rejoins as a replica`,
  run: (options: CheckOptions) => withCluster({ nodes: 3 }, (cluster, clients) => pauses(cluster, clients, options.quick ? 1 : 3))
}

async function pauses (cluster: BenchCluster, clients: OpenClients, repetitions: number): Promise<CheckResult> {
  const meeting = await cluster.seed(demoMeeting())
  const url = (index: number) => cluster.nodes[index]!.baseUrl
  const opener = await clients.client(url(0), meeting.tokens.chair)
  await openWithSpeakerOnTheFloor(opener)
  clients.close(opener)
  const log = new CommandLog('pause')
  const zombieLog = new CommandLog('zombie')
  const results: Pause[] = []
  const problems: string[] = []
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const owner = await cluster.ownerOf(meeting.id)
    if (owner === null) throw new Error('the meeting has no owner before the pause')
    const others = [0, 1, 2].filter((index) => index !== owner)
    const [chairNode, viewerNode] = others.sort(() => Math.random() - 0.5) as [number, number]
    const zombieChair = await clients.client(url(owner), meeting.tokens.chair)
    const chair = await clients.client(url(chairNode), meeting.tokens.chair)
    const viewer = await clients.client(url(viewerNode), meeting.tokens.public)
    const result = await pauseOnce(cluster, meeting.id, owner, { chair, zombieChair, log, zombieLog }, problems)
    const divergent = await untilReplicasMatch(cluster, meeting.id, new Map<string, MeetingReplica>([
      [`zombie's client (node ${owner})`, zombieChair], [`chair (node ${chairNode})`, chair], [`viewer (node ${viewerNode})`, viewer]
    ]), 10_000)
    if (divergent.length > 0) problems.push(`pause ${repetition}: ${divergent.join(', ')} differ from a fresh reader${nodeErrors(cluster)}`)
    results.push({ ...result, divergent })
    for (const client of [zombieChair, chair, viewer]) clients.close(client)
  }
  const lost = await lostCommands(cluster, meeting.id, [...log.acked, ...zombieLog.acked])
  problems.push(...lost.slice(0, 10))
  const takeovers = results.map((pause) => Math.max(pause.epochChangeMs ?? Infinity, pause.firstAckMs ?? Infinity))
  const worst = Math.max(...takeovers)
  if (worst > TAKEOVER_TARGET_MS) problems.unshift(`takeover took ${Number.isFinite(worst) ? worst.toFixed(0) : 'forever'} ms > ${TAKEOVER_TARGET_MS} ms`)
  const zombieRows = results.reduce((sum, pause) => sum + pause.zombieAuditRows + pause.zombieLogEntries, 0)
  return {
    figures: {
      pauses: results.length,
      epochChangeMaxMs: slowest(results.map((pause) => pause.epochChangeMs)),
      firstAckMaxMs: slowest(results.map((pause) => pause.firstAckMs)),
      zombieRowsChanged: zombieRows,
      lostCommands: lost.length,
      rejoinedMaxMs: slowest(results.map((pause) => pause.rejoinedMs)),
      perPause: JSON.stringify(results)
    },
    summary: `${results.length} pauses: epoch moved after ${results.map((pause) => pause.epochChangeMs ?? 'never').join('/')} ms, first ack after ${results.map((pause) => pause.firstAckMs ?? 'none').join('/')} ms; ${zombieRows} rows after SIGCONT beyond the zombie's client's; lost ${lost.length}`,
    passed: problems.length === 0,
    problems
  }
}

interface PauseClients {
  readonly chair: RostrumClient
  readonly zombieChair: RostrumClient
  readonly log: CommandLog
  readonly zombieLog: CommandLog
}

async function pauseOnce (cluster: BenchCluster, meetingId: MeetingId, owner: number, { chair, zombieChair, log, zombieLog }: PauseClients, problems: string[]): Promise<Omit<Pause, 'divergent'>> {
  const node = cluster.nodes[owner]!
  const epochBefore = (await cluster.reader.readOwner(meetingId))!.epoch
  let sending = true
  const ackTimes: number[] = []
  const commands = (async () => {
    while (sending) {
      const type = chair.state!.meeting.listClosed ? 'list:reopen' : 'list:close'
      if (await log.send(chair, type, {}) !== null) ackTimes.push(performance.now())
    }
  })()
  await sleep(300 + Math.random() * 700)
  const pausedAt = performance.now()
  node.pause()
  // Sent to the stopped node: it waits in the socket and runs when the node wakes up, as its owner or not.
  const zombieCommand = zombieLog.send(zombieChair, 'timer:set-limit', { limitMs: 4_321_000 }, 30_000)
  let epochChangeMs: number | null = null
  // Halfway through the pause: what, in PostgreSQL, stands between the other nodes and the meeting.
  const blocking = sleep(PAUSE_MS / 2).then(() => sessionsBlocking(cluster.databaseUrl))
  await until(async () => {
    const now = await cluster.reader.readOwner(meetingId)
    if (now !== null && now.epoch !== epochBefore) epochChangeMs = performance.now() - pausedAt
    return epochChangeMs !== null
  }, PAUSE_MS - 500, 25)
  await sleep(Math.max(0, pausedAt + PAUSE_MS - performance.now()))
  sending = false
  await commands
  const blockers = await blocking
  const firstAck = ackTimes.find((atMs, index) => atMs > pausedAt && atMs - (ackTimes[index - 1] ?? atMs) > STALL_MS) ??
    ackTimes.find((atMs) => atMs > pausedAt + STALL_MS)
  const newOwner = await cluster.ownerOf(meetingId)
  const leaseBefore = await cluster.reader.readOwner(meetingId)
  const auditBefore = await cluster.reader.listAudit(meetingId)
  const headBefore = (await cluster.reader.readHeads([meetingId])).get(meetingId) ?? 0

  const resumedAt = performance.now()
  node.resume()
  const zombieAck = await zombieCommand
  await sleep(ZOMBIE_WATCH_MS)
  const leaseAfter = await cluster.reader.readOwner(meetingId)
  const auditAfter = await cluster.reader.listAudit(meetingId)
  const headAfter = (await cluster.reader.readHeads([meetingId])).get(meetingId) ?? 0
  const newRows = auditAfter.slice(auditBefore.length)
  const rowsAfterResume = newRows.map((entry) => entry.commandId)
  // The zombie's client's command, forwarded to the new owner once the zombie found itself fenced out, is
  // the one write that may land: one row, one log entry if it changed the document.
  const zombieRows = newRows.filter((entry) => entry.commandId.startsWith('zombie-')).length
  const zombieAuditRows = newRows.length - zombieRows + Math.max(0, zombieRows - 1)
  const expectedEntries = zombieAck?.ok === true ? 1 : 0
  const zombieLogEntries = Math.max(0, headAfter - headBefore - expectedEntries)
  const ownerAfterResumeUnchanged = leaseAfter?.nodeId === leaseBefore?.nodeId && leaseAfter?.epoch === leaseBefore?.epoch
  if (zombieAck === null) problems.push(`node ${owner}: the command sent to it while stopped got no answer after SIGCONT`)
  if (!ownerAfterResumeUnchanged) problems.push(`node ${owner}: the lease changed after SIGCONT (${JSON.stringify(leaseBefore)} → ${JSON.stringify(leaseAfter)})`)
  if (zombieAuditRows + zombieLogEntries > 0) problems.push(`node ${owner}: ${zombieAuditRows} audit rows and ${zombieLogEntries} log entries after SIGCONT beyond its client's one command`)

  // Rejoined: the zombie's client sees what the new owner stores, and its own commands are acked.
  for (let i = 0; i < 5; i++) await log.send(chair, chair.state!.meeting.listClosed ? 'list:reopen' : 'list:close', {})
  const expected = JSON.stringify(sharedState(chair.state))
  const rejoined = await until(() => JSON.stringify(sharedState(zombieChair.state)) === expected, 10_000)
  const rejoinedMs = rejoined ? performance.now() - resumedAt : null
  const ack = await zombieLog.send(zombieChair, zombieChair.state!.meeting.listClosed ? 'list:reopen' : 'list:close', {})
  const zombieCommandAcked = ack?.ok === true
  if (!rejoined) problems.push(`node ${owner}: its client never showed the new owner's commands after SIGCONT`)
  if (!zombieCommandAcked) problems.push(`node ${owner}: a command through it after SIGCONT was answered ${JSON.stringify(ack)}`)
  if (epochChangeMs === null) problems.push(`node ${owner}: the meeting's epoch did not move while it was stopped; halfway through, PostgreSQL had ${blockers}`)
  return {
    pausedNode: owner,
    epochChangeMs: epochChangeMs === null ? null : Math.round(epochChangeMs),
    firstAckMs: firstAck === undefined ? null : Math.round(firstAck - pausedAt),
    newOwner,
    zombieAuditRows,
    zombieLogEntries,
    ownerAfterResumeUnchanged,
    rejoinedMs: rejoinedMs === null ? null : Math.round(rejoinedMs),
    zombieCommandAcked,
    rowsAfterResume,
    blockers
  }
}

/** Sessions of the cluster's database that hold a transaction open or wait for a lock, one line each. */
async function sessionsBlocking (databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number; state: string; wait: string | null; blocked_by: number[]; xact_s: number | null; query: string }>(
      `SELECT pid, state, wait_event_type AS wait, pg_blocking_pids(pid) AS blocked_by,
         round(extract(epoch FROM clock_timestamp() - xact_start)::numeric, 1)::float8 AS xact_s, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND (state LIKE 'idle in transaction%' OR cardinality(pg_blocking_pids(pid)) > 0)`)
    if (rows.length === 0) return 'no session in a transaction or waiting for a lock'
    return rows.map((row) => `pid ${row.pid} ${row.state}${row.xact_s === null ? '' : ` ${row.xact_s} s into its transaction`}${row.blocked_by.length > 0 ? ` blocked by ${row.blocked_by.join(',')}` : ''}: ${row.query}`).join(' | ')
  } finally {
    await client.end()
  }
}

/** The largest of some durations, or 'never' when one of them never ended. */
function slowest (values: readonly (number | null)[]): number | string {
  return values.some((value) => value === null) ? 'never' : Math.max(...values as number[])
}

/** The error lines (pino level ≥ 50) in the nodes' recent output, to go with a divergence. */
function nodeErrors (cluster: BenchCluster): string {
  const lines = cluster.nodes.flatMap((node) => node.log().split('\n')
    .filter((line) => /"level":(50|60)/.test(line))
    .map((line) => `node ${node.index}: ${line.replace(/"stack":"[^"]*",?/, '').slice(0, 400)}`))
  return lines.length === 0 ? '; no error in the nodes\' output' : `; the nodes logged: ${lines.slice(-4).join(' | ')}`
}
