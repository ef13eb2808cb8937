import type { DelegationCode, MeetingId, Role } from '../../shared/domain/types.ts'
import type { AuditEntry, TokenRecord } from './store.ts'

/** An audit row as both stores keep it: payload and result as JSON text. */
export interface AuditRow {
  meeting_id: string
  command_id: string
  actor_id: string
  actor_role: string
  actor_delegation: string | null
  type: string
  payload: string
  result: string
  at_ms: number
  payload_bytes: number | null
  payload_sha256: string | null
}

export function auditFromRow (row: AuditRow): AuditEntry {
  return {
    meetingId: row.meeting_id as MeetingId,
    commandId: row.command_id,
    actorId: row.actor_id,
    actorRole: row.actor_role as Role,
    actorDelegation: row.actor_delegation as DelegationCode | null,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    ...(row.payload_sha256 === null ? {} : { payloadOmitted: { bytes: row.payload_bytes ?? 0, sha256: row.payload_sha256 } }),
    result: JSON.parse(row.result) as AuditEntry['result'],
    atMs: row.at_ms
  }
}

/**
 * The columns of an audit entry, in the order both stores' INSERT names them. `ok` is 1 or 0: SQLite has
 * no booleans, and PostgreSQL reads '1' and '0' as one.
 */
export function auditColumns (audit: AuditEntry): readonly [string, string, string, string, string | null, string, string, string, number, number, number | null, string | null] {
  return [
    audit.meetingId,
    audit.commandId,
    audit.actorId,
    audit.actorRole,
    audit.actorDelegation,
    audit.type,
    JSON.stringify(audit.payload ?? null),
    JSON.stringify(audit.result),
    audit.result.ok ? 1 : 0,
    audit.atMs,
    audit.payloadOmitted?.bytes ?? null,
    audit.payloadOmitted?.sha256 ?? null
  ]
}

/** A stored blob (a Node Buffer) as the plain bytes the rooms hold, without a copy. */
export function bytesOf (data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** A token row as both stores keep it. */
export interface TokenRow {
  hash: string
  meeting_id: string
  role: string
  delegation: string | null
  created_at_ms: number
  revoked_at_ms: number | null
}

export function tokenFromRow (row: TokenRow): TokenRecord {
  return {
    hash: row.hash,
    meetingId: row.meeting_id as MeetingId,
    role: row.role as Role,
    delegation: row.delegation as DelegationCode | null,
    createdAtMs: row.created_at_ms,
    revokedAtMs: row.revoked_at_ms
  }
}
