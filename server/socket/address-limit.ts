import type { ExtendedError } from 'socket.io'
import type { RostrumSocket } from './types.ts'

/**
 * At most `max` sockets per network address. A whole delegation hall can sit behind one NAT
 * address, so the default is generous; it stops one machine from opening sockets without end.
 */
export function limitConnectionsPerAddress (max: number) {
  const open = new Map<string, number>()
  return (socket: RostrumSocket, next: (error?: ExtendedError) => void): void => {
    const address = socket.handshake.address
    const count = open.get(address) ?? 0
    if (count >= max) {
      const error: ExtendedError = new Error('TOO_MANY_CONNECTIONS')
      error.data = { code: 'TOO_MANY_CONNECTIONS', message: `At most ${max} connections from one address.` }
      next(error)
      return
    }
    open.set(address, count + 1)
    socket.once('disconnect', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left <= 0) open.delete(address)
      else open.set(address, left)
    })
    next()
  }
}
