import type { ExtendedError } from 'socket.io'
import type { RostrumSocket } from './types.ts'

/**
 * At most `max` connections per network address, Socket.IO's and live links together. A whole
 * delegation hall can sit behind one NAT address, so the default is generous; it stops one
 * machine from opening connections without end.
 */
export class AddressLimit {
  readonly #open = new Map<string, number>()

  constructor (readonly max: number) {}

  /** Counts one more connection from `address`, or returns false when it already has `max`. */
  take (address: string): boolean {
    const count = this.#open.get(address) ?? 0
    if (count >= this.max) return false
    this.#open.set(address, count + 1)
    return true
  }

  release (address: string): void {
    const left = (this.#open.get(address) ?? 1) - 1
    if (left <= 0) this.#open.delete(address)
    else this.#open.set(address, left)
  }

  get refusal (): string {
    return `At most ${this.max} connections from one address.`
  }
}

/** The Socket.IO side of the limit: a middleware that refuses the handshake past it. */
export function limitConnectionsPerAddress (limit: AddressLimit) {
  return (socket: RostrumSocket, next: (error?: ExtendedError) => void): void => {
    const address = socket.handshake.address
    if (!limit.take(address)) {
      const error: ExtendedError = new Error('TOO_MANY_CONNECTIONS')
      error.data = { code: 'TOO_MANY_CONNECTIONS', message: limit.refusal }
      next(error)
      return
    }
    socket.once('disconnect', () => limit.release(address))
    next()
  }
}
