import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import { DOC_NAMES, PROTOCOL_VERSION, type CommandAck, type DocName } from '../../shared/protocol/events.ts'
import { decodeWire, encodeWire } from '../../shared/protocol/wire.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { ServerMetrics } from '../metrics.ts'
import type { RoomRegistry } from '../rooms/room-registry.ts'
import { awarenessClientIds, type AwarenessOwners } from './awareness-owners.ts'
import { dropIfSlow } from './backpressure.ts'
import { handleCommand } from './command-handler.ts'
import type { HelloGate } from './hello-gate.ts'
import type { LinkBudgets } from './link-budgets.ts'
import { encodeEvent, relay, sendEncoded, type EncodedEvent } from './room-broadcast.ts'
import type { PresenceTracker } from './presence.ts'
import { requestTextsRoom } from './request-texts.ts'
import { safeHandler } from './safe-handler.ts'
import { roomName, type RostrumSocket } from './types.ts'

/** A sync message carries a Yjs update; a meeting's notes stay far below this. */
export const MAX_SYNC_BYTES = 512 * 1024
const MAX_AWARENESS_BYTES = 16 * 1024
/** The first byte of a y-protocols sync step 1. */
const STEP_ONE = 0

export interface ConnectionDeps {
  readonly registry: RoomRegistry
  readonly clock: Clock
  readonly logger: Logger
  readonly presence: PresenceTracker
  readonly budgets: LinkBudgets
  readonly gate: HelloGate
  readonly awarenessOwners: (meetingId: MeetingId) => AwarenessOwners
  readonly metrics: ServerMetrics
}

/**
 * A shared full-state reply, encoded into its frame once per document version rather than once per
 * joining client (a day's notes are hundreds of kilobytes); dropped with the message it encodes.
 */
const encodedFullStates = new WeakMap<Uint8Array, EncodedEvent>()

export function onConnection (socket: RostrumSocket, deps: ConnectionDeps): void {
  const { registry, clock, logger, presence, metrics } = deps
  const data = socket.data
  // Through the handshake with a valid token: no longer one of the connections without one.
  deps.gate.leave(socket.conn)
  // Loaded by the handshake (authenticate.ts): the handlers below are in place before the first event.
  const room = registry.loaded(data.meetingId)
  if (room === null) {
    socket.emit('notice', { code: 'MEETING_NOT_FOUND', message: 'This meeting no longer exists.', event: 'connect' })
    socket.disconnect(true)
    return
  }
  const rooms = [roomName.control(data.meetingId), roomName.notes(data.meetingId)]
  if (data.canWriteNotes) rooms.push(roomName.awareness(data.meetingId))
  const textsRoom = requestTextsRoom(data)
  if (textsRoom !== null) rooms.push(textsRoom)
  void socket.join(rooms)
  presence.add(data.meetingId, data.role)
  socket.on('disconnect', () => presence.remove(data.meetingId, data.role))

  socket.emit('session', {
    protocolVersion: PROTOCOL_VERSION,
    meetingId: data.meetingId,
    role: data.role,
    delegation: data.delegation,
    canWriteNotes: data.canWriteNotes,
    serverNowMs: clock.now()
  })
  const texts = room.requestTextsFor(data)
  if (texts.length > 0) socket.emit('request:texts', texts)
  // Ask a writer for what it changed while offline; it answers with sync step 2.
  if (data.canWriteNotes) socket.emit('sync', 'notes', encodeWire(room.syncStep1('notes')))

  const notice = (code: 'INVALID_PAYLOAD' | 'UNKNOWN_DOCUMENT' | 'DOC_READ_ONLY' | 'PAYLOAD_TOO_LARGE' | 'FORBIDDEN' | 'RATE_LIMITED', message: string, event: string) =>
    socket.emit('notice', { code, message, event })
  const onSlow = () => { metrics.slowConsumersDropped += 1 }

  // One budget per link, shared by every socket opened with its token.
  const budget = deps.budgets.open(data)
  const awarenessOwners = deps.awarenessOwners(data.meetingId)
  socket.on('disconnect', () => {
    budget.release()
    awarenessOwners.release(data.actorId, socket.id)
    // Left the namespace but kept its connection: it holds no valid token any more.
    const conn = socket.conn as unknown as { readyState: string; close (discard: boolean): void }
    if (conn.readyState === 'open') deps.gate.admit(conn, () => conn.close(true))
  })

  socket.on('command', safeHandler(socket, logger, 'command', (envelope: unknown, ack: unknown) => {
    if (typeof ack !== 'function') {
      notice('INVALID_PAYLOAD', 'A command needs an acknowledgement callback.', 'command')
      return
    }
    if (!budget.take('command')) {
      ack({ ok: false, error: { code: 'RATE_LIMITED', message: 'Too many commands; slow down and try again.' } })
      return
    }
    return handleCommand(registry, data, envelope, ack as (result: CommandAck) => void)
  }))

  const keptAnswer = (doc: DocName, bytes: Uint8Array): Uint8Array | null => {
    try {
      return room.keptStepOneAnswer(doc, bytes)
    } catch {
      return null
    }
  }
  /** An answer many clients get alike, encoded into its packet once for all of them. */
  const sendShared = (doc: DocName, reply: Uint8Array): void => {
    let encoded = encodedFullStates.get(reply)
    if (encoded === undefined) encodedFullStates.set(reply, encoded = encodeEvent(socket.nsp.server, 'sync', doc, encodeWire(reply)))
    sendEncoded(socket, encoded, onSlow)
  }

  socket.on('sync', safeHandler(socket, logger, 'sync', async (doc: unknown, message: unknown) => {
    // A client that does not read its answers is not sent more of them.
    if (dropIfSlow(socket, onSlow)) return
    const decoded = decodeWire(message, MAX_SYNC_BYTES)
    // A step 1 whose answer is kept costs no encoding, so it costs no budget: a link's devices
    // reconnecting together after a restart all ask the same thing.
    const kept = decoded.ok && DOC_NAMES.includes(doc as DocName) ? keptAnswer(doc as DocName, decoded.bytes) : null
    if (kept !== null) {
      sendShared(doc as DocName, kept)
      return
    }
    if (!budget.take(decoded.ok && decoded.bytes[0] === STEP_ONE ? 'stepOne' : 'sync')) {
      notice('RATE_LIMITED', 'Too many sync messages for this link; this one was dropped. Reconnecting asks again.', 'sync')
      return
    }
    if (!DOC_NAMES.includes(doc as DocName)) {
      notice('UNKNOWN_DOCUMENT', 'Documents are "control" and "notes".', 'sync')
      return
    }
    if (!decoded.ok) {
      if (decoded.reason === 'too-large') notice('PAYLOAD_TOO_LARGE', `A sync message must be under ${MAX_SYNC_BYTES} bytes.`, 'sync')
      else notice('INVALID_PAYLOAD', 'A sync message is base64 text.', 'sync')
      return
    }
    const name = doc as DocName
    let outcome
    try {
      outcome = await room.receiveSync(name, decoded.bytes, {
        canWrite: name === 'notes' && data.canWriteNotes,
        origin: socket.id,
        link: data.role === 'chair' || data.role === 'notetaker' ? { id: data.actorId, role: data.role } : undefined
      })
    } catch {
      notice('INVALID_PAYLOAD', 'The sync message could not be decoded; nothing was applied.', 'sync')
      return
    }
    if (outcome.refused) {
      notice('DOC_READ_ONLY', `The ${name} document is read-only for this link; the change was dropped.`, 'sync')
    }
    if (outcome.rejected !== undefined) socket.emit('notice', { ...outcome.rejected, event: 'sync' })
    if (outcome.reply === null) return
    if (outcome.shared !== true) {
      socket.emit('sync', name, encodeWire(outcome.reply))
      return
    }
    sendShared(name, outcome.reply)
  }))

  socket.on('awareness', safeHandler(socket, logger, 'awareness', (message: unknown) => {
    if (!data.canWriteNotes) {
      notice('FORBIDDEN', 'Presence is shared among chairs and note-takers only.', 'awareness')
      return
    }
    const decoded = decodeWire(message, MAX_AWARENESS_BYTES)
    if (!budget.take('awareness') || !budget.take('awarenessBytes', decoded.ok ? decoded.bytes.byteLength : 0)) {
      notice('RATE_LIMITED', 'Too many presence messages for this link; this one was dropped.', 'awareness')
      return
    }
    if (!decoded.ok) {
      if (decoded.reason === 'too-large') notice('PAYLOAD_TOO_LARGE', `An awareness message must be under ${MAX_AWARENESS_BYTES} bytes.`, 'awareness')
      else notice('INVALID_PAYLOAD', 'An awareness message is base64 text.', 'awareness')
      return
    }
    const clientIds = awarenessClientIds(decoded.bytes)
    if (clientIds === null) {
      notice('INVALID_PAYLOAD', 'An awareness message is a y-protocols awareness update.', 'awareness')
      return
    }
    if (!awarenessOwners.claim(data.actorId, socket.id, clientIds)) {
      notice('FORBIDDEN', 'That presence belongs to another link; only its own link may change or remove it.', 'awareness')
      return
    }
    relay(socket.nsp.server, roomName.awareness(data.meetingId), socket.id, onSlow, 'awareness', message as string)
  }))

  socket.on('clock:ping', safeHandler(socket, logger, 'clock:ping', (ack: unknown) => {
    if (typeof ack !== 'function') return
    // Over the limit the ping is left unanswered: the client's estimate keeps its earlier samples.
    if (budget.take('ping')) ack({ serverNowMs: clock.now() })
  }))
}
