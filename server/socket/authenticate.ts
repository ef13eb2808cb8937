import type { ExtendedError } from 'socket.io'
import { helloSchema } from '../../shared/protocol/schemas.ts'
import { admit } from '../core/admit.ts'
import type { Store } from '../store/store.ts'
import type { RostrumSocket } from './types.ts'

/**
 * Socket.IO's framing of the core's hello check: the handshake's `auth` is the hello, and a refusal is
 * a `connect_error` whose `data` holds the code and message.
 */
export function authenticate (store: Store) {
  return (socket: RostrumSocket, next: (error?: ExtendedError) => void): void => {
    const parsed = helloSchema.safeParse(socket.handshake.auth)
    admit(store, parsed.success ? parsed.data : {}, 'connect').then((result) => {
      if (!result.ok) {
        const error: ExtendedError = new Error(result.reason.code)
        error.data = { code: result.reason.code, message: result.reason.message }
        next(error)
        return
      }
      socket.data = result.admission
      next()
    }, next)
  }
}
