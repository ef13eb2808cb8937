// Late join: after a whole day's debate (bench/lib/debate-script.ts), what does one more client
// joining cost? Sizes of both documents, server CPU and bytes per joining client.
// `npm run bench -- --case late-join [--joins 100]`; bench/README.md explains every number.
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import { LiveViewer } from '../../shared/client/live-viewer.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { StatementId } from '../../shared/domain/types.ts'
import { countingLiveSocket, countReceived, type Received } from '../lib/byte-counter.ts'
import { PROJECT_ROOT, onExit, quietMachine, runCase } from '../lib/case-main.ts'
import { f1, f2, goal, kb, type CaseOutcome } from '../lib/case-report.ts'
import { monoMs, sleep, withTimeout } from '../lib/clock.ts'
import { debateMeeting } from '../lib/debate-meeting.ts'
import { playDebate } from '../lib/debate-script.ts'
import { freeLoopbackPort } from '../lib/free-port.ts'
import { createMeeting } from '../lib/meeting.ts'
import { processCpuMs } from '../lib/proc.ts'
import { cpuProfileArgs, killNow, startServer } from '../lib/server-process.ts'
import { percentiles } from '../lib/stats.ts'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    calls: { type: 'string', default: '80' },
    'rights-of-reply': { type: 'string', default: '6' },
    words: { type: 'string', default: '100' },
    burst: { type: 'string', default: '3' },
    joins: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    'server-cpu-prof': { type: 'string' },
    out: { type: 'string' }
  }
})
const serverNodeArgs = cpuProfileArgs(values['server-cpu-prof'])
const options = {
  calls: Number(values.calls),
  rightsOfReply: Number(values['rights-of-reply']),
  wordsPerNote: Number(values.words),
  wordsPerBurst: Number(values.burst),
  /** K: joining clients measured, one after another: half public screens on the live link, half delegations on Socket.IO. */
  joins: Number(values.joins),
  seed: Number(values.seed)
}
const GOALS = { cpuMs: 5, controlKB: 64, notesKB: 1024 }
/** After the last join: the clock pings of the last clients. */
const SETTLE_MS = 500

async function run (): Promise<CaseOutcome> {
  const problems: string[] = []
  const quietBefore = await quietMachine()
  const server = await startServer({ projectRoot: PROJECT_ROOT, nodeArgs: serverNodeArgs, port: await freeLoopbackPort() })
  onExit(() => killNow(server))
  const listed = options.calls - options.rightsOfReply
  const meeting = await createMeeting(server.baseUrl, server.adminToken, debateMeeting({ briefers: 4, others: listed - 4 - 15, delegations: listed - 4 }))
  const debate = await playDebate(server.baseUrl, meeting, { ...options })
  onExit(() => { for (const client of debate.clients) client.close() })
  problems.push(...debate.figures.refusals.map((r) => `script command refused: ${r}`))

  // The server idle with the meeting's clients attached, to subtract from the joins.
  await sleep(1000)
  const idle0 = processCpuMs(server.pid)
  const idleStart = monoMs()
  await sleep(2000)
  const idleCpuMsPerS = (processCpuMs(server.pid) - idle0) / ((monoMs() - idleStart) / 1000)

  const delegationTokens = Object.values(meeting.delegationTokens)
  const joiners: (Joining & { syncMs: number })[] = []
  onExit(() => { for (const joiner of joiners) joiner.client.close() })
  const cpu0 = processCpuMs(server.pid)
  const start = monoMs()
  for (let k = 0; k < options.joins; k++) {
    // Even k: the public page's link, watching over the live link; odd k: a delegation's own link,
    // which acts, over Socket.IO.
    const began = monoMs()
    const joiner = k % 2 === 0 ? joinLive(server.baseUrl, meeting.publicToken) : joinSocketIo(server.baseUrl, delegationTokens[(k >> 1) % delegationTokens.length]!)
    await withTimeout(joiner.client.whenSynced, 30_000, `join ${k + 1}`)
    joiners.push({ ...joiner, syncMs: monoMs() - began })
  }
  await sleep(SETTLE_MS)
  const joinCpuMs = processCpuMs(server.pid) - cpu0
  const joinWallMs = monoMs() - start
  const cpuPerJoinMs = (joinCpuMs - idleCpuMsPerS * joinWallMs / 1000) / options.joins

  const first = joiners[0]!.client
  const controlBytes = Y.encodeStateAsUpdate(first.control).byteLength
  const notesBytes = Y.encodeStateAsUpdate(first.notes).byteLength
  const state = first.state!
  const notesChars = (Object.keys(state.statements) as StatementId[]).reduce((sum, id) => sum + (first.notesProjection.text(id)?.length ?? 0), 0)
  const payload = { live: meanReceived(joiners.filter((j) => j.transport === 'live')), socketIo: meanReceived(joiners.filter((j) => j.transport === 'socket.io')) }
  const syncMs = percentiles(Float64Array.from(joiners, (j) => j.syncMs))
  if (Object.keys(state.statements).length < options.calls) problems.push(`only ${Object.keys(state.statements).length} statements on record, ${options.calls} calls were made`)

  for (const joiner of joiners) joiner.client.close()
  for (const client of debate.clients) client.close()
  await server.stop()

  const f = debate.figures
  return {
    title: `Rostrum late join: after a ${options.calls}-speaker debate (${f.commands} chair and delegation commands, ${f.noteUpdates} note updates from 3 note-takers, ` +
      `${f.tags} tags, ${f.highlights} highlights, ${(notesChars / 1000).toFixed(0)}k characters of notes), ${options.joins} clients join one after another`,
    rows: [
      ['control document KB', `${kb(controlBytes)} ${goal(controlBytes / 1024, GOALS.controlKB, ' KB')}  (Y.encodeStateAsUpdate of a joined client)`],
      ['notes document KB', `${kb(notesBytes)} ${goal(notesBytes / 1024, GOALS.notesKB, ' KB')}`],
      ['server CPU ms per joining client', `${f2(cpuPerJoinMs)} ${goal(cpuPerJoinMs, GOALS.cpuMs, ' ms')}  (${f1(joinCpuMs)} ms over ${options.joins} joins, less ${f1(idleCpuMsPerS)} ms/s idle)`],
      ['received KB per public screen', receivedRow(payload.live, 'messages, live link, binary')],
      ['received KB per delegation', receivedRow(payload.socketIo, 'packets, Socket.IO, base64')],
      ['join → synced ms p50 / p99', `${f1(syncMs.p50)} / ${f1(syncMs.p99)}`],
      ['script played in s', f1(f.elapsedMs / 1000)]
    ],
    problems,
    json: { options, quietBefore, goals: GOALS, script: f, documents: { controlBytes, notesBytes, notesChars, statements: Object.keys(state.statements).length }, joinCpuMs, joinWallMs, idleCpuMsPerS, cpuPerJoinMs, payload, syncMs }
  }
}

/** A client joining, over the transport its page uses, and what it has received so far. */
interface Joining {
  readonly client: MeetingReplica
  readonly transport: 'live' | 'socket.io'
  readonly received: Received
}

function joinLive (url: string, token: string): Joining {
  const counting = countingLiveSocket()
  return { client: new LiveViewer({ url, token, WebSocket: counting.WebSocket }), transport: 'live', received: counting.received }
}

function joinSocketIo (url: string, token: string): Joining {
  const client = new RostrumClient({ url, token })
  return { client, transport: 'socket.io', received: countReceived(client) }
}

interface MeanReceived { readonly joins: number; readonly bytes: number; readonly packets: number; readonly controlSyncBytes: number; readonly notesSyncBytes: number }

function meanReceived (joiners: readonly { received: Received }[]): MeanReceived {
  const mean = (pick: (r: Received) => number): number => joiners.reduce((sum, j) => sum + pick(j.received), 0) / Math.max(1, joiners.length)
  return { joins: joiners.length, bytes: mean((r) => r.bytes), packets: mean((r) => r.packets), controlSyncBytes: mean((r) => r.sync.control), notesSyncBytes: mean((r) => r.sync.notes) }
}

function receivedRow (received: MeanReceived, what: string): string {
  return `${kb(received.bytes)} (${f1(received.packets)} ${what}; ${received.joins} joins): ` +
    `control sync ${kb(received.controlSyncBytes)} ${goal(received.controlSyncBytes / 1024, GOALS.controlKB, ' KB')}, ` +
    `notes sync ${kb(received.notesSyncBytes)} ${goal(received.notesSyncBytes / 1024, GOALS.notesKB, ' KB')}`
}

runCase({ name: `late-join-${options.calls}`, budgetMs: 600_000, out: values.out ?? null, run })
