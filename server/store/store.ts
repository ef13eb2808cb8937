import type { DelegationCode, MeetingId, Role } from '../../shared/domain/types.ts'
import type { DocName } from '../../shared/protocol/events.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import type { RequestText } from '../../shared/domain/request-text.ts'

export interface MeetingRecord {
  readonly id: MeetingId
  readonly title: string
  readonly createdAtMs: number
}

export interface TokenRecord {
  /** SHA-256 of the raw token, hex. The raw token is never stored. */
  readonly hash: string
  readonly meetingId: MeetingId
  readonly role: Role
  readonly delegation: DelegationCode | null
  readonly createdAtMs: number
  readonly revokedAtMs: number | null
}

/** One command as it was received and answered: the audit log, and the idempotency record. */
export interface AuditEntry {
  readonly meetingId: MeetingId
  readonly commandId: string
  readonly actorId: string
  readonly actorRole: Role
  readonly actorDelegation: DelegationCode | null
  readonly type: string
  /** As sent; null when it was not kept (see `payloadOmitted`). */
  readonly payload: unknown
  /**
   * A refusal's payload that was not worth its bytes on disk (server/rooms/refusal-record.ts): its size,
   * and its SHA-256 so a retry with the same id is still told apart from another command.
   */
  readonly payloadOmitted?: PayloadOmitted
  readonly result: CommandAck
  readonly atMs: number
}

export interface PayloadOmitted {
  /** UTF-8 bytes of `JSON.stringify(payload)`. */
  readonly bytes: number
  /** SHA-256 of those bytes, hex. */
  readonly sha256: string
}

export interface AuditPage {
  readonly entries: AuditEntry[]
  /** The position of the last entry read; `after` itself when there was none. */
  readonly last: number
}

export interface StoredDocument {
  readonly updates: Uint8Array[]
  /** How many updates have been appended since the last snapshot (drives compaction). */
  readonly updatesSinceSnapshot: number
  /** The sequence number of the last update read: what a compaction of this document may replace up to. */
  readonly lastSeq: number
}

/** A change to a role's links that belongs with a command (a delegation joins with a link, or leaves with none). */
export type TokenChange =
  | { readonly kind: 'reissue'; readonly replacement: TokenRecord }
  | { readonly kind: 'revoke'; readonly meetingId: MeetingId; readonly role: Role; readonly delegation: DelegationCode | null; readonly atMs: number }

/** Everything an accepted command writes, as one unit of work: all of it lands, or none of it. */
export interface CommandCommit {
  /** The control document's update, when the command changed it. */
  readonly update?: Uint8Array
  readonly audit: AuditEntry
  /** Requests' free text the command wrote (see `putRequestTexts`). */
  readonly requestTexts?: readonly RequestText[]
  readonly tokens?: TokenChange
}

export interface CommittedCommand {
  /** The control update's sequence number; null when the command wrote no update. */
  readonly seq: number | null
  /** The token hashes the commit's token change revoked. */
  readonly revokedTokens: string[]
}

/**
 * The audit log has an entry for this actor's command id already: the command was answered before (a
 * retry), or the id was used for another command. The write that found it changed nothing.
 */
export class CommandIdTaken extends Error {
  constructor (readonly meetingId: MeetingId, readonly actorId: string, readonly commandId: string) {
    super(`meeting ${meetingId}: ${actorId} already used command id ${commandId}`)
    this.name = 'CommandIdTaken'
  }
}

/**
 * Durable storage behind the rooms. Every method returns a promise that resolves once the write is
 * durable, so a caller may acknowledge and broadcast right after. There is no transaction that spans
 * awaits (a server-grade store would have to pin it to one connection): each unit of work that must land
 * whole is one call (`createMeeting`, `commitCommand`, `reissueToken`, `compact`, …).
 */
export interface Store {
  createMeeting (meeting: MeetingRecord, tokens: readonly TokenRecord[], initialUpdates: Readonly<Record<DocName, Uint8Array>>): Promise<void>
  listMeetings (): Promise<MeetingRecord[]>
  findToken (hash: string): Promise<TokenRecord | null>
  /**
   * Revokes every live token of one role (and delegation) of a meeting and stores its replacement,
   * in one transaction; returns the hashes revoked.
   */
  reissueToken (replacement: TokenRecord): Promise<string[]>
  /** Revokes every live token of one role (and delegation) of a meeting; returns the hashes revoked. */
  revokeTokens (meetingId: MeetingId, role: Role, delegation: DelegationCode | null, atMs: number): Promise<string[]>
  loadDocument (meetingId: MeetingId, doc: DocName): Promise<StoredDocument | null>
  /** Appends a document update; resolves to its sequence number, which only grows. */
  appendUpdate (meetingId: MeetingId, doc: DocName, update: Uint8Array): Promise<number>
  /**
   * An accepted command: its control update, audit entry, request texts and token change, in one
   * transaction. Throws `CommandIdTaken`, writing nothing, when the audit log has the command id already.
   */
  commitCommand (meetingId: MeetingId, commit: CommandCommit): Promise<CommittedCommand>
  /** A command refused before it changed anything still goes on the audit log (`CommandIdTaken` as above). */
  appendAudit (audit: AuditEntry): Promise<void>
  findAudit (meetingId: MeetingId, actorId: string, commandId: string): Promise<AuditEntry | null>
  listAudit (meetingId: MeetingId): Promise<AuditEntry[]>
  /** Where the meeting's audit log ends now (0 when it is empty): a reader that starts now stops there. */
  auditHead (meetingId: MeetingId): Promise<number>
  /**
   * A page of the audit log: the entries after position `after` up to `upTo`, in order, stopping once about
   * `maxBytes` of them are read (at least one entry when any is left). `last` is where the next page starts.
   * Pages, not one read, so a long log streams out without holding the store or the memory of it all.
   */
  readAudit (meetingId: MeetingId, after: number, upTo: number, maxBytes: number): Promise<AuditPage>
  /**
   * Replaces the document's updates with sequence numbers up to `upToSeq` by one snapshot of them, placed
   * where they were: an update appended after `upToSeq` (while the snapshot was being made) stays, after it.
   * Request texts given with it are stored in the same transaction, each only where none is kept yet
   * (moving texts out of an older control document).
   */
  compact (meetingId: MeetingId, doc: DocName, snapshot: Uint8Array, upToSeq: number, requestTexts?: readonly RequestText[]): Promise<void>
  /**
   * Keeps requests' free text (the chair and the requesting delegation read it, so it is not in the
   * control document); a text with neither note nor reason removes the request's row.
   */
  putRequestTexts (meetingId: MeetingId, texts: readonly RequestText[]): Promise<void>
  listRequestTexts (meetingId: MeetingId): Promise<RequestText[]>
  getSetting (key: string): Promise<string | null>
  setSetting (key: string, value: string): Promise<void>
  close (): Promise<void>
}
