import type { CloseReason } from '../../server/core/close-reasons.ts'
import type { Transport, TransportKind } from '../../server/core/transport.ts'
import type { ServerMessage } from '../../shared/protocol/messages.ts'

/** Messages as the core made them: no framing at all. */
export const memoryKind: TransportKind<ServerMessage> = { name: 'memory', encode: (message) => message }

/** A connection with no network under it: what the core sends is kept, in order, for the test to read. */
export class MemoryTransport implements Transport<ServerMessage> {
  readonly kind = memoryKind
  readonly sent: ServerMessage[] = []
  closedWith: CloseReason | null = null
  /** What the test says waits unread (to stand for a client that stopped reading). */
  backlogBytes = 0

  constructor (readonly id: string) {}

  send (message: ServerMessage): void {
    if (this.closedWith === null) this.sent.push(message)
  }

  batch (sends: () => void): void {
    sends()
  }

  bufferedBytes (): number {
    return this.backlogBytes
  }

  close (reason: CloseReason): void {
    this.closedWith ??= reason
  }

  of<T extends ServerMessage['type']> (type: T): Extract<ServerMessage, { type: T }>[] {
    return this.sent.filter((message): message is Extract<ServerMessage, { type: T }> => message.type === type)
  }
}
