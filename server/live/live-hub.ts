import type { WebSocket } from 'ws'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { DocName } from '../../shared/protocol/events.ts'
import { encodeLiveSync, type LiveServerMessage } from '../../shared/protocol/live.ts'
import { isSlow } from '../socket/backpressure.ts'
import { encodeFrame, OPCODE, writeFrame, type FrameWriter } from '../socket/ws-frame.ts'

/** One watching screen on the live link, once its hello is accepted. */
export interface LiveMember {
  readonly socket: WebSocket
  readonly writer: FrameWriter
  readonly tokenHash: string
  /** Ends a screen that stopped reading (`SLOW_CONSUMER`). */
  dropSlow (): void
}

/**
 * The live links of each meeting. A document update becomes one binary frame, built once and
 * written to every screen of the meeting: the whole cost per screen is the socket write.
 */
export class LiveHub {
  readonly #rooms = new Map<MeetingId, Set<LiveMember>>()

  join (meetingId: MeetingId, member: LiveMember): void {
    let members = this.#rooms.get(meetingId)
    if (members === undefined) this.#rooms.set(meetingId, members = new Set())
    members.add(member)
  }

  leave (meetingId: MeetingId, member: LiveMember): void {
    const members = this.#rooms.get(meetingId)
    if (members === undefined) return
    members.delete(member)
    if (members.size === 0) this.#rooms.delete(meetingId)
  }

  broadcastSync (meetingId: MeetingId, doc: DocName, message: Uint8Array): void {
    const members = this.#rooms.get(meetingId)
    if (members === undefined) return
    const frame = encodeFrame(toBuffer(encodeLiveSync(doc, message)), OPCODE.binary)
    for (const member of members) writeOrDrop(member, frame)
  }

  /** A JSON message (the presence summary) as one text frame, built once for every screen of the meeting. */
  broadcastMessage (meetingId: MeetingId, message: LiveServerMessage): void {
    const members = this.#rooms.get(meetingId)
    if (members === undefined) return
    const frame = encodeFrame(Buffer.from(JSON.stringify(message)), OPCODE.text)
    for (const member of members) writeOrDrop(member, frame)
  }

  /** Every member whose token hash is in `hashes` (links just revoked). */
  * membersWithTokens (hashes: readonly string[]): Iterable<LiveMember> {
    for (const members of this.#rooms.values()) {
      for (const member of members) if (hashes.includes(member.tokenHash)) yield member
    }
  }
}

/** Writes to a screen that keeps up; one with a backlog over the bound is dropped instead. */
function writeOrDrop (member: LiveMember, frame: Buffer): void {
  if (member.socket.readyState !== member.socket.OPEN) return
  if (isSlow(member.socket)) member.dropSlow()
  else writeFrame(member.writer, frame)
}

export function toBuffer (bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
