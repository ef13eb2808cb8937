import type { RequestText } from '../../shared/domain/request-text.ts'
import type { DelegationCode, MeetingId } from '../../shared/domain/types.ts'
import type { ServerMessage } from '../../shared/protocol/messages.ts'
import type { CloseReason } from './close-reasons.ts'
import type { Transport, TransportKind } from './transport.ts'

/**
 * What a connection hears beyond its own replies: every connection hears `control` (and the presence
 * summary); `notes` unless it does not follow them; `awareness` when it writes the notes; request
 * texts on the chair's channel or its own delegation's.
 */
export type Channel = 'control' | 'notes' | 'awareness' | `texts:${string}`

export function textsChannel (delegation: DelegationCode | null): Channel {
  return `texts:${delegation ?? 'chair'}`
}

/** A connection as the room's members see it. */
export interface Member {
  readonly transport: Transport
  readonly tokenHash: string
  readonly channels: ReadonlySet<Channel>
  /** Writes an encoded message unless the client is too far behind (then it is dropped). */
  deliver (encoded: unknown): void
  /** Ends the connection for a reason every transport names the same way. */
  close (reason: CloseReason): void
}

/**
 * The connections of every meeting on this node, whatever their transport: fan-out goes through here,
 * not through a transport's own rooms, so a meeting can later be fed from another node. A message is
 * encoded once per transport kind and the same bytes written to each member of that kind.
 */
export class RoomMembers {
  readonly #rooms = new Map<MeetingId, Set<Member>>()

  join (meetingId: MeetingId, member: Member): void {
    let members = this.#rooms.get(meetingId)
    if (members === undefined) this.#rooms.set(meetingId, members = new Set())
    members.add(member)
  }

  leave (meetingId: MeetingId, member: Member): void {
    const members = this.#rooms.get(meetingId)
    if (members === undefined) return
    members.delete(member)
    if (members.size === 0) this.#rooms.delete(meetingId)
  }

  /** Sends `message` to every member of the meeting on `channel` but `except` (a relay of what it sent). */
  publish (meetingId: MeetingId, channel: Channel, message: ServerMessage, except?: Member): void {
    const members = this.#rooms.get(meetingId)
    if (members === undefined) return
    const encodings = new Map<TransportKind, unknown>()
    for (const member of members) {
      if (member === except || !member.channels.has(channel)) continue
      const kind = member.transport.kind
      let encoded = encodings.get(kind)
      if (encoded === undefined) encodings.set(kind, encoded = kind.encode(message))
      member.deliver(encoded)
    }
  }

  /** Request texts to the chair's connections (all of them), and each to its own delegation's. */
  publishRequestTexts (meetingId: MeetingId, texts: readonly RequestText[]): void {
    this.publish(meetingId, textsChannel(null), { type: 'request:texts', texts })
    const delegations = new Set<DelegationCode>(texts.map((text) => text.delegation))
    for (const delegation of delegations) {
      this.publish(meetingId, textsChannel(delegation), { type: 'request:texts', texts: texts.filter((text) => text.delegation === delegation) })
    }
  }

  /** Every member opened with one of these (just revoked) token hashes, on any meeting. */
  * withTokens (hashes: readonly string[]): Iterable<Member> {
    for (const members of this.#rooms.values()) {
      for (const member of [...members]) if (hashes.includes(member.tokenHash)) yield member
    }
  }

  /** Every connection of one meeting, as a list of its own (closing one while going through it is safe). */
  inMeeting (meetingId: MeetingId): Member[] {
    return [...(this.#rooms.get(meetingId) ?? [])]
  }

  /** The token hashes connections are open with, each once. */
  tokenHashes (): Set<string> {
    const hashes = new Set<string>()
    for (const members of this.#rooms.values()) for (const member of members) hashes.add(member.tokenHash)
    return hashes
  }

  /** Connections of one meeting (for metrics and tests). */
  count (meetingId: MeetingId): number {
    return this.#rooms.get(meetingId)?.size ?? 0
  }
}
