import type { DelegationCode, MeetingId, Role } from '../../shared/domain/types.ts'
import { MIN_CLIENT_PROTOCOL_VERSION, UNVERSIONED_CLIENT_PROTOCOL, type Hello } from '../../shared/protocol/messages.ts'
import { PROTOCOL_VERSION } from '../../shared/protocol/events.ts'
import { hashToken, tokenId } from '../auth/tokens.ts'
import type { Store } from '../store/store.ts'
import { reason, type CloseReason } from './close-reasons.ts'

/** What a link's token opens; the client can never change it afterwards. */
export interface Link {
  readonly meetingId: MeetingId
  readonly role: Role
  readonly delegation: DelegationCode | null
  /** Names the token in the audit log and in logs; never the token itself. */
  readonly actorId: string
  /** The full hash, to find the connections of a link when it is revoked. */
  readonly tokenHash: string
  /** What the role may do to the notes; a connection may still be read-only (the live link). */
  readonly canWriteNotes: boolean
}

/** A hello the server accepts: whose link, which protocol, and what the connection follows. */
export interface Admission {
  readonly link: Link
  readonly protocolVersion: number
  readonly followNotes: boolean
}

export type AdmitResult =
  | { readonly ok: true; readonly admission: Admission }
  | { readonly ok: false; readonly reason: CloseReason }

export type LinkLookup =
  | { readonly ok: true; readonly link: Link }
  | { readonly ok: false; readonly message: string }

/** What a meeting link's token opens: its meeting and role, or why it opens nothing. */
export async function resolveLink (store: Store, token: unknown): Promise<LinkLookup> {
  if (typeof token !== 'string' || token.length < 16 || token.length > 128) {
    return { ok: false, message: 'A meeting link token is required.' }
  }
  const hash = hashToken(token)
  const record = await store.findToken(hash)
  if (record === null || record.revokedAtMs !== null) {
    return { ok: false, message: 'This link is not valid (or has been revoked).' }
  }
  return {
    ok: true,
    link: {
      meetingId: record.meetingId,
      role: record.role,
      delegation: record.delegation,
      actorId: tokenId(hash),
      tokenHash: hash,
      canWriteNotes: record.role === 'chair' || record.role === 'notetaker'
    }
  }
}

/**
 * The one check of a hello, whatever carried it: a client older than the server's minimum is told so
 * by name before its token is even looked at (reloading is the fix, not another link).
 */
export async function admit (store: Store, hello: Partial<Hello>, event: string): Promise<AdmitResult> {
  const protocolVersion = hello.protocolVersion ?? UNVERSIONED_CLIENT_PROTOCOL
  if (protocolVersion < MIN_CLIENT_PROTOCOL_VERSION) {
    return {
      ok: false,
      reason: reason('protocolTooOld', 'PROTOCOL_TOO_OLD', `This page speaks protocol ${protocolVersion}; the server needs ${MIN_CLIENT_PROTOCOL_VERSION} to ${PROTOCOL_VERSION}. Reload the page.`, event)
    }
  }
  const lookup = await resolveLink(store, hello.token)
  if (!lookup.ok) return { ok: false, reason: reason('unauthorized', 'UNAUTHORIZED', lookup.message, event) }
  return { ok: true, admission: { link: lookup.link, protocolVersion, followNotes: hello.followNotes !== false } }
}
