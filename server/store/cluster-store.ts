import type { MeetingId } from '../../shared/domain/types.ts'
import type { DocName } from '../../shared/protocol/events.ts'
import type { Store, StoredDocument } from './store.ts'

/** A node of a cluster: how it names itself, and where the others reach it. */
export interface NodeIdentity {
  readonly id: string
  readonly url: string
}

/** Who holds a meeting's write lease, as the store last recorded it. */
export interface MeetingOwner {
  readonly nodeId: string
  readonly url: string
  readonly epoch: number
  /** The lease has not expired by the store's clock, and the holder's node-alive lock is still held. */
  readonly alive: boolean
}

/** What a claim on a meeting's lease came to. */
export type LeaseClaim =
  /** This node holds the lease; `headSeq` is the last update the meeting has, which it must have before it writes. */
  | { readonly owned: true; readonly epoch: number; readonly headSeq: number }
  /** Another node holds a live lease (null: the meeting does not exist). */
  | { readonly owned: false; readonly owner: MeetingOwner | null }

/** One stored update of a meeting's documents, with its place in the meeting's order. */
export interface SequencedUpdate {
  readonly seq: number
  readonly doc: DocName
  readonly update: Uint8Array
}

/**
 * A write of a meeting this node does not own: another node took the lease over (its epoch moved on), so
 * nothing of the write landed. The writer must not acknowledge anything, and reloads before writing again.
 */
export class NotOwnerError extends Error {
  readonly code = 'NOT_OWNER'
  constructor (readonly meetingId: MeetingId) {
    super(`this node no longer owns meeting ${meetingId}; nothing was written`)
  }
}

/**
 * A store several nodes share. One node at a time owns each meeting's writes, by a lease with a fencing
 * token: every write of a meeting checks, in its own transaction, that the epoch this node claimed is
 * still the meeting's, and fails with `NotOwnerError` otherwise. A meeting this node never claimed writes
 * at epoch 0, the epoch of a meeting nobody has claimed yet.
 */
export interface ClusterStore extends Store {
  readonly node: NodeIdentity
  /**
   * Takes the meeting's lease when nobody holds a live one (it expired, or its holder's node-alive lock is
   * gone: the process died), bumping the epoch; renews it when this node holds it already.
   */
  claimLease (meetingId: MeetingId, leaseMs: number): Promise<LeaseClaim>
  /**
   * Extends every lease this node holds in one statement, apart from the writes (an owner of fifty busy
   * meetings must not wait behind them to keep its leases); resolves to the meetings still held.
   */
  renewLeases (leaseMs: number): Promise<Set<MeetingId>>
  /** Gives the lease up at once (a node that stops), so another node need not wait for it to expire. */
  releaseLease (meetingId: MeetingId): Promise<void>
  readOwner (meetingId: MeetingId): Promise<MeetingOwner | null>
  /**
   * The meeting's stored updates after `afterSeq`, in order. Dense but for compaction: a snapshot stands in
   * for the updates it replaced, at the number of the last of them.
   */
  readLog (meetingId: MeetingId, afterSeq: number): Promise<SequencedUpdate[]>
  /**
   * Both documents of a meeting and the last sequence number they hold, read in one snapshot: a replica
   * starts its feed there. Null when the meeting does not exist.
   */
  loadMeeting (meetingId: MeetingId): Promise<{ control: StoredDocument; notes: StoredDocument; headSeq: number } | null>
  /** Which of these token hashes have been revoked (by any node). */
  revokedAmong (hashes: readonly string[]): Promise<string[]>
  /** Each meeting's last sequence number (a meeting that does not exist is left out). */
  readHeads (meetingIds: readonly MeetingId[]): Promise<Map<MeetingId, number>>
}
