// What the failure checks share: clients of a node, the state a fresh reader finds in PostgreSQL, and a
// record of every acknowledged command to hold the audit log to afterwards.
import { isDeepStrictEqual } from 'node:util'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { LiveViewer } from '../../shared/client/live-viewer.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import { readControlState } from '../../shared/doc/control.ts'
import { tagsMap } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import { DOMAIN_ERROR_CODES, type CommandPayloads, type CommandType } from '../../shared/domain/commands.ts'
import type { ControlState, MeetingId, StatementId } from '../../shared/domain/types.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { sleep, withTimeout } from '../lib/clock.ts'
import { startBenchCluster, type BenchCluster, type ClusterSetup } from './cluster-nodes.ts'

/** A client that has not synced by then is a failure of the check's setup, not a figure. */
const SYNC_TIMEOUT_MS = 20_000

const DOMAIN_CODES = new Set<string>(DOMAIN_ERROR_CODES)

/** Clients a check opened, closed together at its end (or when their node dies). */
export class OpenClients {
  readonly #open = new Set<MeetingReplica>()

  async client (url: string, token: string): Promise<RostrumClient> {
    const client = new RostrumClient({ url, token })
    return this.#synced(client, url)
  }

  async viewer (url: string, token: string): Promise<LiveViewer> {
    const viewer = new LiveViewer({ url, token, WebSocket })
    return this.#synced(viewer, url)
  }

  close (client: MeetingReplica): void {
    this.#open.delete(client)
    client.close()
  }

  closeAll (): void {
    for (const client of this.#open) client.close()
    this.#open.clear()
  }

  async #synced<T extends MeetingReplica> (client: T, url: string): Promise<T> {
    this.#open.add(client)
    try {
      await withTimeout(client.whenSynced, SYNC_TIMEOUT_MS, `a client of ${url} syncing`)
    } catch (error) {
      this.close(client)
      throw error
    }
    return client
  }
}

/** Opens the meeting and gives the floor to the first speaker waiting (as tests/support/floor.ts does). */
export async function openWithSpeakerOnTheFloor (chair: MeetingReplica): Promise<StatementId> {
  await chair.command('meeting:open', {})
  const ack = await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
  if (!ack.ok) throw new Error(`the floor was not given: ${ack.error.code}`)
  return ack.data.statementId as StatementId
}

/** What a reader that starts now from PostgreSQL alone finds: the meeting's control state and notes document. */
export async function freshRead (cluster: BenchCluster, meetingId: MeetingId): Promise<{ state: ControlState; notes: Y.Doc }> {
  const stored = await cluster.reader.loadMeeting(meetingId)
  if (stored === null) throw new Error(`meeting ${meetingId} is not in the database`)
  const control = new Y.Doc()
  for (const update of stored.control.updates) Y.applyUpdate(control, update)
  const notes = new Y.Doc()
  for (const update of stored.notes.updates) Y.applyUpdate(notes, update)
  const state = readControlState(control)
  if (state === null) throw new Error(`meeting ${meetingId}: the stored control document has no meeting`)
  return { state, notes }
}

/** The control state every link shares: request texts travel apart, to the chair and their delegation only. */
export function sharedState (state: ControlState | null): unknown {
  if (state === null) return null
  return { ...state, requests: Object.fromEntries(Object.entries(state.requests).map(([id, { note: _n, reason: _r, ...rest }]) => [id, rest])) }
}

/**
 * The notes as comparable across replicas: which writers' changes a document holds (its state vector;
 * the checks only insert, so equal vectors mean equal content) and the tags, read as a client reads them.
 */
export function notesContent (notes: Y.Doc): unknown {
  const vector = [...Y.decodeStateVector(Y.encodeStateVector(notes))].sort(([a], [b]) => a - b)
  return { vector, tags: tagsMap(notes).toJSON() }
}

/**
 * Waits until every replica shows what a fresh reader of PostgreSQL finds (read afresh on each try, so
 * a write still travelling settles); for those that never do, by `deadlineMs`, their label and what differs.
 */
export async function untilReplicasMatch (
  cluster: BenchCluster, meetingId: MeetingId, replicas: ReadonlyMap<string, MeetingReplica>, deadlineMs: number, withNotes = true
): Promise<string[]> {
  const deadline = performance.now() + deadlineMs
  for (;;) {
    const { state, notes } = await freshRead(cluster, meetingId)
    const expected = sharedState(state) as Record<string, unknown>
    const expectedNotes = notesContent(notes)
    const differing: string[] = []
    for (const [label, replica] of replicas) {
      const shown = sharedState(replica.state) as Record<string, unknown> | null
      const fields = shown === null ? ['no state'] : Object.keys(expected).filter((key) => !isDeepStrictEqual(shown[key], expected[key]))
      if (withNotes && !isDeepStrictEqual(notesContent(replica.notes), expectedNotes)) fields.push('notes')
      if (fields.length === 0) continue
      const first = fields[0]!
      const sample = shown === null || first === 'notes' ? '' : `; ${first}: ${difference(shown[first], expected[first])}`
      differing.push(`${label} (${fields.join(', ')}${sample})`)
    }
    if (differing.length === 0 || performance.now() > deadline) return differing
    await sleep(100)
  }
}

/** Where two values differ, for a problem line: the differing keys of two objects (one level down), or both values. */
function difference (shown: unknown, stored: unknown): string {
  if (typeof shown !== 'object' || typeof stored !== 'object' || shown === null || stored === null) return `shown ${brief(shown)}, stored ${brief(stored)}`
  const a = shown as Record<string, unknown>
  const b = stored as Record<string, unknown>
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => !isDeepStrictEqual(a[key], b[key]))
  return keys.slice(0, 3).map((key) => `${key} shown ${brief(a[key])}, stored ${brief(b[key])}`).join('; ')
}

/** A value's JSON cut short, for a problem line. */
function brief (value: unknown): string {
  const json = JSON.stringify(value) ?? 'undefined'
  return json.length > 160 ? `${json.slice(0, 160)}…` : json
}

/** Polls `condition` every `everyMs` until it holds (true) or `deadlineMs` passed (false). */
export async function until (condition: () => boolean | Promise<boolean>, deadlineMs: number, everyMs = 20): Promise<boolean> {
  const deadline = performance.now() + deadlineMs
  for (;;) {
    if (await condition()) return true
    if (performance.now() > deadline) return false
    await sleep(everyMs)
  }
}

/** One acknowledged command: what the chair was told, to find in the audit log afterwards. */
export interface AckedCommand {
  readonly id: string
  readonly ack: CommandAck
}

/**
 * Sends through `client` and keeps what was acknowledged. A command that got no ack by its deadline (its
 * node died under it, say) is counted, not thrown: whether it landed is the audit log's to say.
 */
export class CommandLog {
  readonly acked: AckedCommand[] = []
  unanswered = 0
  notSaved = 0
  #next = 0

  constructor (private readonly prefix: string) {}

  async send<T extends CommandType> (client: RostrumClient, type: T, payload: CommandPayloads[T], deadlineMs = 15_000, attemptTimeoutMs?: number): Promise<CommandAck | null> {
    // Command ids are at least 8 characters (shared/protocol/schemas.ts).
    const id = `${this.prefix}-${String(this.#next++).padStart(6, '0')}`
    try {
      const ack = await client.command(type, payload, { id, deadlineMs, attemptTimeoutMs }) as CommandAck
      this.acked.push({ id, ack })
      if (!ack.ok && ack.error.code === 'NOT_SAVED') this.notSaved++
      return ack
    } catch {
      this.unanswered++
      return null
    }
  }
}

/**
 * Acked commands the audit log lacks or answers otherwise. A NOT_SAVED ack promised nothing was stored:
 * it must be absent (or answered later under the same id by a retry — not done here).
 */
export async function lostCommands (cluster: BenchCluster, meetingId: MeetingId, acked: readonly AckedCommand[]): Promise<string[]> {
  const audit = await cluster.reader.listAudit(meetingId)
  const rows = new Map<string, number>()
  const results = new Map(audit.map((entry) => [entry.commandId, entry.result]))
  for (const entry of audit) rows.set(entry.commandId, (rows.get(entry.commandId) ?? 0) + 1)
  const problems: string[] = []
  for (const { id, ack } of acked) {
    const stored = results.get(id)
    if (!ack.ok && ack.error.code === 'NOT_SAVED') {
      if (stored !== undefined) problems.push(`${id}: acked NOT_SAVED but in the audit log as ${JSON.stringify(stored)}`)
      continue
    }
    // Turned away before the meeting's rules were asked (bad input, rate limits): never recorded.
    if (!ack.ok && !DOMAIN_CODES.has(ack.error.code)) continue
    if (stored === undefined) problems.push(`${id}: acked ${JSON.stringify(ack)} but not in the audit log`)
    else if (!isDeepStrictEqual(stored, ack)) problems.push(`${id}: acked ${JSON.stringify(ack)}, audit log says ${JSON.stringify(stored)}`)
    else if (rows.get(id)! > 1) problems.push(`${id}: ${rows.get(id)} audit rows`)
  }
  return problems
}

export function errorText (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Runs `body` on a fresh cluster with clients of its own, and takes both down after, however it ends.
 * Should the script exit while `body` still runs (its time budget), the node processes are killed with it.
 */
export async function withCluster<T> (setup: ClusterSetup, body: (cluster: BenchCluster, clients: OpenClients) => Promise<T>): Promise<T> {
  const cluster = await startBenchCluster(setup)
  const clients = new OpenClients()
  const killNodes = (): void => {
    for (const node of cluster.nodes) {
      try {
        process.kill(node.pid, 'SIGKILL')
      } catch {
        // Gone already.
      }
    }
  }
  process.once('exit', killNodes)
  try {
    return await body(cluster, clients)
  } catch (error) {
    // A node that died on its own is the likeliest story: its last words go with the error.
    const gone = cluster.nodes.filter((node) => !isRunning(node.pid)).map((node) => `--- node ${node.index} (not running) ---\n${node.log().slice(-3000)}`)
    if (gone.length > 0 && error instanceof Error) error.message += `\n${gone.join('\n')}`
    throw error
  } finally {
    clients.closeAll()
    process.off('exit', killNodes)
    await cluster.close()
  }
}

export function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
