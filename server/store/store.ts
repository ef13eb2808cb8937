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
}

/**
 * Durable storage behind the rooms. Every method is synchronous and transactional: when it returns,
 * the write is on disk, so a caller may acknowledge and broadcast right after.
 */
export interface Store {
  createMeeting (meeting: MeetingRecord, tokens: readonly TokenRecord[], initialUpdates: Readonly<Record<DocName, Uint8Array>>): void
  listMeetings (): MeetingRecord[]
  findToken (hash: string): TokenRecord | null
  /**
   * Revokes every live token of one role (and delegation) of a meeting and stores its replacement,
   * in one transaction; returns the hashes revoked.
   */
  reissueToken (replacement: TokenRecord): string[]
  /** Revokes every live token of one role (and delegation) of a meeting; returns the hashes revoked. */
  revokeTokens (meetingId: MeetingId, role: Role, delegation: DelegationCode | null, atMs: number): string[]
  /** Runs `work` as one transaction (the store's own writes inside it join it): all of it lands, or none. */
  atomically<T> (work: () => T): T
  loadDocument (meetingId: MeetingId, doc: DocName): StoredDocument | null
  /** Appends a document update; with an audit entry, both land in one transaction or neither does. */
  appendUpdate (meetingId: MeetingId, doc: DocName, update: Uint8Array, audit?: AuditEntry): void
  /** A command refused before it changed anything still goes on the audit log. */
  appendAudit (audit: AuditEntry): void
  findAudit (meetingId: MeetingId, actorId: string, commandId: string): AuditEntry | null
  listAudit (meetingId: MeetingId): AuditEntry[]
  /** Where the meeting's audit log ends now (0 when it is empty): a reader that starts now stops there. */
  auditHead (meetingId: MeetingId): number
  /**
   * A page of the audit log: the entries after position `after` up to `upTo`, in order, stopping once about
   * `maxBytes` of them are read (at least one entry when any is left). `last` is where the next page starts.
   * Pages, not one read, so a long log streams out without holding the store or the memory of it all.
   */
  readAudit (meetingId: MeetingId, after: number, upTo: number, maxBytes: number): AuditPage
  /** Replaces the update log up to now with one snapshot. */
  compact (meetingId: MeetingId, doc: DocName, snapshot: Uint8Array): void
  /**
   * Keeps requests' free text (the chair and the requesting delegation read it, so it is not in the
   * control document); a text with neither note nor reason removes the request's row.
   */
  putRequestTexts (meetingId: MeetingId, texts: readonly RequestText[]): void
  listRequestTexts (meetingId: MeetingId): RequestText[]
  getSetting (key: string): string | null
  setSetting (key: string, value: string): void
  close (): void
}
