/**
 * Connections open at once that have not yet presented a valid token, both transports together.
 * A client presents its token within milliseconds of connecting, so a few hundred cover a room
 * of screens coming back together after a restart, and anyone else holds very little memory.
 */
export const MAX_UNAUTHENTICATED = 256

/**
 * Holds the connections that have not yet presented a valid token. Past the bound the oldest is
 * closed to make room, so a flood of token-less connections from the room's own address cannot
 * keep a chair or a screen out: each one, presenting its token at once, is through long before a
 * flood could push it out. A connection counts against its address only once it is through.
 */
export class HelloGate {
  /** Oldest first; each with how to close it. */
  readonly #waiting = new Map<object, () => void>()

  constructor (private readonly max: number = MAX_UNAUTHENTICATED, private readonly onEvict: () => void = () => {}) {}

  admit (connection: object, close: () => void): void {
    while (this.#waiting.size >= this.max) {
      const [oldest, closeOldest] = this.#waiting.entries().next().value!
      this.#waiting.delete(oldest)
      this.onEvict()
      closeOldest()
    }
    this.#waiting.set(connection, close)
  }

  /** The connection presented a valid token, or closed. */
  leave (connection: object): void {
    this.#waiting.delete(connection)
  }

  get size (): number {
    return this.#waiting.size
  }
}
