import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import { DOC_NAMES, PROTOCOL_VERSION, type CommandAck, type DocName } from '../../shared/protocol/events.ts'
import { decodeWire, encodeWire } from '../../shared/protocol/wire.ts'
import type { RoomRegistry } from '../rooms/room-registry.ts'
import { handleCommand } from './command-handler.ts'
import { encodeEvent, sendEncoded, type EncodedEvent } from './room-broadcast.ts'
import type { PresenceTracker } from './presence.ts'
import { AWARENESS_RATE, COMMAND_RATE, PING_RATE, TokenBucket } from './rate-limit.ts'
import { requestTextsRoom } from './request-texts.ts'
import { safeHandler } from './safe-handler.ts'
import { roomName, type RostrumSocket } from './types.ts'

/** A sync message carries a Yjs update; a meeting's notes stay far below this. */
export const MAX_SYNC_BYTES = 512 * 1024
const MAX_AWARENESS_BYTES = 16 * 1024

export interface ConnectionDeps {
  readonly registry: RoomRegistry
  readonly clock: Clock
  readonly logger: Logger
  readonly presence: PresenceTracker
}

/**
 * A shared full-state reply, encoded into its frame once per document version rather than once per
 * joining client (a day's notes are hundreds of kilobytes); dropped with the message it encodes.
 */
const encodedFullStates = new WeakMap<Uint8Array, EncodedEvent>()

export function onConnection (socket: RostrumSocket, deps: ConnectionDeps): void {
  const { registry, clock, logger, presence } = deps
  const data = socket.data
  const room = registry.get(data.meetingId)
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

  const now = () => performance.now()
  const limits = {
    command: new TokenBucket(COMMAND_RATE.capacity, COMMAND_RATE.perSecond, now()),
    ping: new TokenBucket(PING_RATE.capacity, PING_RATE.perSecond, now()),
    awareness: new TokenBucket(AWARENESS_RATE.capacity, AWARENESS_RATE.perSecond, now())
  }

  socket.on('command', safeHandler(socket, logger, 'command', (envelope: unknown, ack: unknown) => {
    if (typeof ack !== 'function') {
      notice('INVALID_PAYLOAD', 'A command needs an acknowledgement callback.', 'command')
      return
    }
    if (!limits.command.take(now())) {
      ack({ ok: false, error: { code: 'RATE_LIMITED', message: 'Too many commands; slow down and try again.' } })
      return
    }
    handleCommand(registry, data, envelope, ack as (result: CommandAck) => void)
  }))

  socket.on('sync', safeHandler(socket, logger, 'sync', (doc: unknown, message: unknown) => {
    if (!DOC_NAMES.includes(doc as DocName)) {
      notice('UNKNOWN_DOCUMENT', 'Documents are "control" and "notes".', 'sync')
      return
    }
    const decoded = decodeWire(message, MAX_SYNC_BYTES)
    if (!decoded.ok) {
      if (decoded.reason === 'too-large') notice('PAYLOAD_TOO_LARGE', `A sync message must be under ${MAX_SYNC_BYTES} bytes.`, 'sync')
      else notice('INVALID_PAYLOAD', 'A sync message is base64 text.', 'sync')
      return
    }
    const name = doc as DocName
    let outcome
    try {
      outcome = room.receiveSync(name, decoded.bytes, {
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
    let encoded = encodedFullStates.get(outcome.reply)
    if (encoded === undefined) encodedFullStates.set(outcome.reply, encoded = encodeEvent(socket.nsp.server, 'sync', name, encodeWire(outcome.reply)))
    sendEncoded(socket, encoded)
  }))

  socket.on('awareness', safeHandler(socket, logger, 'awareness', (message: unknown) => {
    if (!data.canWriteNotes) {
      notice('FORBIDDEN', 'Presence is shared among chairs and note-takers only.', 'awareness')
      return
    }
    if (!limits.awareness.take(now())) {
      notice('RATE_LIMITED', 'Too many presence messages; this one was dropped.', 'awareness')
      return
    }
    const decoded = decodeWire(message, MAX_AWARENESS_BYTES)
    if (!decoded.ok) {
      if (decoded.reason === 'too-large') notice('PAYLOAD_TOO_LARGE', `An awareness message must be under ${MAX_AWARENESS_BYTES} bytes.`, 'awareness')
      else notice('INVALID_PAYLOAD', 'An awareness message is base64 text.', 'awareness')
      return
    }
    socket.to(roomName.awareness(data.meetingId)).emit('awareness', message as string)
  }))

  socket.on('clock:ping', safeHandler(socket, logger, 'clock:ping', (ack: unknown) => {
    if (typeof ack !== 'function') return
    // Over the limit the ping is left unanswered: the client's estimate keeps its earlier samples.
    if (limits.ping.take(now())) ack({ serverNowMs: clock.now() })
  }))
}
