import type { ExtendedError } from 'socket.io'
import { hashToken, tokenId } from '../auth/tokens.ts'
import type { Store } from '../store/store.ts'
import type { RostrumSocket } from './types.ts'

export function unauthorized (message: string): ExtendedError {
  const error: ExtendedError = new Error('UNAUTHORIZED')
  error.data = { code: 'UNAUTHORIZED', message }
  return error
}

/** Binds the role of the handshake's `auth.token` to the socket, or refuses the connection. */
export function authenticate (store: Store) {
  return (socket: RostrumSocket, next: (error?: ExtendedError) => void): void => {
    const auth: unknown = socket.handshake.auth
    const token = typeof auth === 'object' && auth !== null && 'token' in auth ? auth.token : undefined
    if (typeof token !== 'string' || token.length < 16 || token.length > 128) {
      next(unauthorized('A meeting link token is required.'))
      return
    }
    const hash = hashToken(token)
    const record = store.findToken(hash)
    if (record === null || record.revokedAtMs !== null) {
      next(unauthorized('This link is not valid (or has been revoked).'))
      return
    }
    socket.data = {
      meetingId: record.meetingId,
      role: record.role,
      delegation: record.delegation,
      actorId: tokenId(hash),
      tokenHash: hash,
      canWriteNotes: record.role === 'chair' || record.role === 'notetaker'
    }
    next()
  }
}
