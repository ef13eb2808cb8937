import { createHash } from 'node:crypto'
import type { AuditEntry } from '../store/store.ts'

/**
 * A refused command's payload is kept on the audit log up to this size (a stale `floor:next`, a
 * duplicate request): enough to see what was tried. A bigger one — 32 KiB a command, at the rate a
 * script sends them — would fill the disk with what never happened; its size and digest stay.
 */
export const MAX_KEPT_REFUSED_PAYLOAD_BYTES = 1024

/** A link asked for what its role may not do: nothing in such a payload is worth keeping. */
const PERMISSION_REFUSALS: ReadonlySet<string> = new Set(['FORBIDDEN', 'NOT_YOUR_DELEGATION'])

/**
 * The entry as the audit log keeps it. Accepted commands keep their payload whole (it is the record);
 * a refusal keeps its type, actor, time and answer, and its payload only when the link was allowed to
 * send that command and the payload is small.
 */
export function recordedEntry (entry: AuditEntry): AuditEntry {
  if (entry.result.ok) return entry
  const json = payloadJson(entry.payload)
  const bytes = Buffer.byteLength(json, 'utf8')
  if (!PERMISSION_REFUSALS.has(entry.result.error.code) && bytes <= MAX_KEPT_REFUSED_PAYLOAD_BYTES) return entry
  return { ...entry, payload: null, payloadOmitted: { bytes, sha256: sha256(json) } }
}

/** Whether `payload` is the one the entry was recorded with (for a retry under the same command id). */
export function samePayload (entry: AuditEntry, payload: unknown): boolean {
  const json = payloadJson(payload)
  if (entry.payloadOmitted !== undefined) return sha256(json) === entry.payloadOmitted.sha256
  return payloadJson(entry.payload) === json
}

function payloadJson (payload: unknown): string {
  return JSON.stringify(payload ?? null)
}

function sha256 (text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
