import type { ExtendedError } from 'socket.io'
import { hashToken, tokenId } from '../auth/tokens.ts'
import type { RoomRegistry } from '../rooms/room-registry.ts'
import type { Store } from '../store/store.ts'
import type { RostrumSocket, SocketData } from './types.ts'

export function unauthorized (message: string): ExtendedError {
  const error: ExtendedError = new Error('UNAUTHORIZED')
  error.data = { code: 'UNAUTHORIZED', message }
  return error
}

export type LinkLookup =
  | { readonly ok: true; readonly link: SocketData }
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
 * Binds the role of the handshake's `auth.token` to the socket, or refuses the connection. The meeting's
 * room is loaded here, before the connection opens, so its handlers are in place before its first event.
 */
export function authenticate (store: Store, registry: RoomRegistry) {
  return (socket: RostrumSocket, next: (error?: ExtendedError) => void): void => {
    const auth: unknown = socket.handshake.auth
    const token = typeof auth === 'object' && auth !== null && 'token' in auth ? auth.token : undefined
    resolveLink(store, token).then(async (lookup) => {
      if (!lookup.ok) {
        next(unauthorized(lookup.message))
        return
      }
      await registry.get(lookup.link.meetingId)
      socket.data = lookup.link
      next()
    }).catch((error: unknown) => {
      const failed: ExtendedError = new Error('INTERNAL')
      failed.data = { code: 'INTERNAL', message: 'The server could not open this link; try again.' }
      failed.cause = error
      next(failed)
    })
  }
}
