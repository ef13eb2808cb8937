import type { Command } from '../../shared/domain/commands.ts'
import type { RequestText } from '../../shared/domain/request-text.ts'
import type { Actor, MeetingId } from '../../shared/domain/types.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import type { WireError } from '../../shared/protocol/errors.ts'
import type { NotesWriterRole } from '../../shared/doc/notes-guard.ts'
import type { SequencedUpdate } from '../store/cluster-store.ts'
import type { TokenChange } from '../store/store.ts'

/** A command a node that does not own the meeting sends its owner. */
export interface ForwardedCommand {
  readonly actor: Actor
  readonly commandId: string
  readonly command: Command
  readonly tokens?: TokenChange
}

/** The owner's answer: the ack, and the update it stored (which the sending node applies before it acks). */
export interface CommandReply {
  readonly ack: CommandAck
  readonly revokedTokens: readonly string[]
  readonly stored: SequencedUpdate | null
  readonly requestTexts: readonly RequestText[]
}

/** A writer's notes change a node that does not own the meeting sends its owner. */
export interface ForwardedNotes {
  readonly update: Uint8Array
  readonly link: { readonly id: string; readonly role: NotesWriterRole }
}

export interface NotesReply {
  readonly rejected: WireError | null
  readonly stored: SequencedUpdate | null
}

/** What a write sent to the owner came to. */
export type Forwarded<T> =
  | { readonly kind: 'answered'; readonly reply: T }
  /** The owner was gone, and this node took the lease over: it has the meeting up to `headSeq` to catch up to, then writes itself. */
  | { readonly kind: 'took-over'; readonly headSeq: number }
  /** No owner answered and none could be replaced in time: nothing was written. */
  | { readonly kind: 'unavailable' }

/**
 * What a room needs from the cluster it runs in (absent on the embedded default, where every room owns
 * its meeting): the other nodes' part of its writes and reads.
 */
export interface RoomCluster {
  /** A stored update goes out to the meeting's other nodes. */
  publish (meetingId: MeetingId, entry: SequencedUpdate): void
  forwardCommand (meetingId: MeetingId, command: ForwardedCommand): Promise<Forwarded<CommandReply>>
  forwardNotes (meetingId: MeetingId, notes: ForwardedNotes): Promise<Forwarded<NotesReply>>
  /** The stored updates after `afterSeq` (PostgreSQL's log): how a node catches up before it writes. */
  readLog (meetingId: MeetingId, afterSeq: number): Promise<SequencedUpdate[]>
  /** Updates the owner stored, given to the node's feed, which applies them to the room in order. */
  deliver (meetingId: MeetingId, entries: readonly SequencedUpdate[]): void
  /** This node owns the meeting now: its lease is to be renewed. */
  owning (meetingId: MeetingId): void
  /** It no longer does: another node's epoch fenced a write out, or stored an update here. */
  notOwning (meetingId: MeetingId): void
  /** A stored update could not be applied to the room: it is dropped, and the meeting loaded afresh. */
  roomBroken (meetingId: MeetingId): void
}
