/** What `GET /api/reach` answers (docs/protocol.md §14): who can open the links this server hands out. */
export interface Reach {
  /**
   * The server listens on a loopback address, no ROSTRUM_PUBLIC_URL says a proxy serves it and it was
   * asked on a loopback name: its links open on this machine only, never on a phone in the room.
   */
  readonly loopbackOnly: boolean
  /** The base every link handed out starts with. */
  readonly linkBase: string
  /**
   * Why that base: ROSTRUM_PUBLIC_URL; the machine's address on the room's network; the address the
   * asker used (it reaches the server already); or the address the server listens on.
   */
  readonly linkBaseFrom: 'public-url' | 'room-address' | 'request' | 'listening-address'
  /** What to run to serve the room, when `loopbackOnly`. */
  readonly serveTheRoom: string | null
}
