// fifty-meetings: many meetings at once on three nodes, each with a chair calling the next speaker twice
// a second and three note-takers typing. Each meeting's owner is placed (its first note-taker opens it on
// node i mod 3); half the chairs sit on the owner, half elsewhere (their commands are forwarded), and two
// of three note-takers elsewhere. Acks must stay fast, and no lease may change hands.
import type { MeetingId } from '../../shared/domain/types.ts'
import { f0, f1 } from '../lib/case-report.ts'
import { PROJECT_ROOT } from '../lib/case-main.ts'
import { debateMeeting } from '../lib/debate-meeting.ts'
import type { LoadClient, LoadPlan, MeetingLoadReply, MeetingLoadRequest } from '../lib/meeting-load-messages.ts'
import { percentiles } from '../lib/stats.ts'
import { builtWorker, WorkerChannel } from '../lib/worker-channel.ts'
import type { ClusterCheck } from './check.ts'
import { checkResult, cpuMsOf, deadNodes, LeaseWatch, leaseLogLines, loadLine, onCluster, PhaseLoad, quietFigures, round1, servicePids, type Figures } from './load-support.ts'

const TARGET_ACK_P99_MS = 250
const IPC_MS = 30_000
const SYNC_TIMEOUT_MS = 120_000
const PROCESSES = 2

type Worker = WorkerChannel<MeetingLoadRequest, MeetingLoadReply>

export const fiftyMeetingsCheck: ClusterCheck = {
  name: 'fifty-meetings',
  target: `50 meetings at once, a chair at 2 commands/s and 3 note-takers each, over 3 nodes: ack p99 ≤ ${TARGET_ACK_P99_MS} ms; no lease changes hands`,
  async run ({ quick }) {
    const meetings = quick ? 10 : 50
    const plan: LoadPlan = { durationMs: quick ? 15_000 : 30_000, chairIntervalMs: 500, noteIntervalMs: 1000, wordsPerBurst: 3 }
    const problems: string[] = []
    const figures: Figures = { ...await quietFigures(), meetings, durationMs: plan.durationMs, chairIntervalMs: plan.chairIntervalMs, noteIntervalMs: plan.noteIntervalMs }
    return onCluster({ nodes: 3 }, async (cluster) => {
      const urls = cluster.nodes.map((node) => node.baseUrl)
      const speakers = Math.ceil(plan.durationMs / plan.chairIntervalMs) + 10
      const seeded = await Promise.all(Array.from({ length: meetings }, () => cluster.seed(debateMeeting({ briefers: 2, others: speakers, delegations: 20 }))))
      const script = await builtWorker('workers/meeting-load-worker')
      const workers: Worker[] = Array.from({ length: PROCESSES }, (_unused, i) => new WorkerChannel(`meetings ${i}`, script, PROJECT_ROOT))
      const byProcess = (clients: readonly LoadClient[]): LoadClient[][] =>
        workers.map((_worker, p) => clients.filter((client) => client.meeting % PROCESSES === p))
      try {
        // The owners first: meeting i's first note-taker opens it alone on node i mod 3.
        const openers: LoadClient[] = seeded.map((meeting, i) => ({ url: urls[i % 3]!, token: meeting.tokens.notetaker, role: 'notetaker', meeting: i, onOwner: true }))
        const openedReplies = await Promise.all(byProcess(openers).map((clients, p) => workers[p]!.ask({ type: 'connect', clients, syncTimeoutMs: SYNC_TIMEOUT_MS }, 'connected', SYNC_TIMEOUT_MS + IPC_MS)))
        const owners = await Promise.all(seeded.map((meeting) => cluster.ownerOf(meeting.id)))
        const misplaced = owners.filter((owner, i) => owner !== i % 3).length
        if (misplaced > 0) problems.push(`${misplaced} meetings are not owned by the node their first client opened them on`)
        const leases = await LeaseWatch.start(cluster.databaseUrl)
        // Then the rest: the chair on the owner for even meetings, on the next node for odd ones; two note-takers on the other nodes.
        const rest: LoadClient[] = seeded.flatMap((meeting, i): LoadClient[] => {
          const owner = owners[i] ?? i % 3
          const chairNode = (owner + (i % 2)) % 3
          return [
            { url: urls[chairNode]!, token: meeting.tokens.chair, role: 'chair', meeting: i, onOwner: chairNode === owner },
            { url: urls[(owner + 1) % 3]!, token: meeting.tokens.notetaker, role: 'notetaker', meeting: i, onOwner: false },
            { url: urls[(owner + 2) % 3]!, token: meeting.tokens.notetaker, role: 'notetaker', meeting: i, onOwner: false }
          ]
        })
        const restReplies = await Promise.all(byProcess(rest).map((clients, p) => workers[p]!.ask({ type: 'connect', clients, syncTimeoutMs: SYNC_TIMEOUT_MS }, 'connected', SYNC_TIMEOUT_MS + IPC_MS)))
        const syncFailed = [...openedReplies, ...restReplies].reduce((sum, r) => sum + r.failed, 0)
        if (syncFailed > 0) problems.push(`${syncFailed} clients did not sync (or their chair could not open the meeting)`)
        const epochsBefore = await readEpochs(cluster.reader, seeded.map((meeting) => meeting.id))

        const ourPids = [...cluster.nodes.map((node) => node.pid), ...workers.map((worker) => worker.pid), ...await servicePids(cluster)]
        const load = new PhaseLoad(ourPids)
        const nodeCpu0 = cluster.nodes.map((node) => cpuMsOf([node.pid]))
        const workerCpu0 = workers.map((worker) => cpuMsOf([worker.pid]))
        const phaseStart = performance.now()
        const ran = await Promise.all(workers.map((worker) => worker.ask({ type: 'run', plan }, 'ran', plan.durationMs + 20_000 + IPC_MS)))
        Object.assign(figures, load.figures())
        const phaseMs = performance.now() - phaseStart
        problems.push(...deadNodes(cluster.nodes))
        figures.nodeCpuPct = cluster.nodes.map((node, i) => Math.round(100 * (cpuMsOf([node.pid]) - nodeCpu0[i]!) / phaseMs)).join(' / ')
        // Near 100 %, the client processes' own backlog is in the ack times.
        figures.clientProcessCpuPct = workers.map((worker, i) => Math.round(100 * (cpuMsOf([worker.pid]) - workerCpu0[i]!) / phaseMs)).join(' / ')
        Object.assign(figures, await leases.stop())
        figures.epochChangeTimesMs = leases.changes.slice(0, 20).map((change) => change.atMs).join(' ')
        cluster.nodes.forEach((node, i) => {
          const lines = leaseLogLines(node.log())
          if (lines.length > 0) figures[`node${i}LeaseLog`] = `${lines.length} lines, e.g. ${[...new Set(lines)].slice(0, 3).join(' | ')}`
        })
        const epochsAfter = await readEpochs(cluster.reader, seeded.map((meeting) => meeting.id))
        const ownersAfter = await Promise.all(seeded.map((meeting) => cluster.ownerOf(meeting.id)))

        const acks = ran.flatMap((r) => Array.from(r.ackMs))
        const onOwner = ran.flatMap((r) => Array.from(r.ackOnOwner))
        const all = percentiles(Float64Array.from(acks))
        const local = percentiles(Float64Array.from(acks.filter((_ms, i) => onOwner[i] === 1)))
        const forwarded = percentiles(Float64Array.from(acks.filter((_ms, i) => onOwner[i] === 0)))
        const refused = ran.reduce((sum, r) => sum + r.refused, 0)
        const lost = ran.reduce((sum, r) => sum + r.lost, 0)
        for (const error of ran.flatMap((r) => r.errors).slice(0, 5)) problems.push(`command: ${error}`)
        if (refused + lost > 0) problems.push(`${refused} commands refused and ${lost} unanswered`)
        // Each meeting's epoch must still be that of its first claim: any change is a lease that flapped.
        const epochChanges = epochsAfter.reduce((sum, epoch, i) => sum + Math.max(0, epoch - epochsBefore[i]!), 0)
        const meetingsFlapped = epochsAfter.filter((epoch, i) => epoch !== epochsBefore[i]).length
        const ownersMoved = ownersAfter.filter((owner, i) => owner !== owners[i]).length
        if (meetingsFlapped > 0) problems.push(`${meetingsFlapped} meetings changed epoch (${epochChanges} changes in all)`)
        const expectedCommands = meetings * plan.durationMs / plan.chairIntervalMs
        Object.assign(figures, {
          commands: acks.length,
          commandsExpected: expectedCommands,
          ackP50Ms: round1(all.p50),
          ackP99Ms: round1(all.p99),
          ackMaxMs: round1(all.max),
          ackP99OnOwnerMs: round1(local.p99),
          ackP99ForwardedMs: round1(forwarded.p99),
          refused,
          lost,
          noteBursts: ran.reduce((sum, r) => sum + r.noteBursts, 0),
          epochsAtFirstClaim: epochsBefore.every((epoch) => epoch === 1),
          epochChanges,
          meetingsFlapped,
          ownersMoved
        })
        if (acks.length < expectedCommands * 0.8) problems.push(`only ${acks.length} of about ${expectedCommands} commands were sent: the chairs fell behind their schedule`)
        const met = all.p99 <= TARGET_ACK_P99_MS && meetingsFlapped === 0
        return checkResult(figures,
          `${acks.length} commands in ${meetings} meetings: ack p50 / p99 / max ${f1(all.p50)} / ${f1(all.p99)} / ${f0(all.max)} ms (goal p99 ≤ ${TARGET_ACK_P99_MS}; ` +
          `on the owner ${f1(local.p99)}, forwarded ${f1(forwarded.p99)}); ${figures.noteBursts} note bursts; epoch changes ${epochChanges}; ${loadLine(figures)}`,
          met, problems)
      } finally {
        await Promise.all(workers.map((worker) => worker.ask({ type: 'close' }, 'closed', IPC_MS).catch(() => undefined)))
        await Promise.all(workers.map((worker) => worker.end()))
      }
    })
  }
}

async function readEpochs (reader: { readOwner (meetingId: MeetingId): Promise<{ readonly epoch: number } | null> }, meetingIds: readonly MeetingId[]): Promise<number[]> {
  return Promise.all(meetingIds.map(async (meetingId) => (await reader.readOwner(meetingId))?.epoch ?? 0))
}
