// What a client received over its socket: every Engine.IO packet (a Socket.IO frame as sent, less
// the WebSocket framing), and the sync messages of each document apart (base64, as on the wire).
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { DocName } from '../../shared/protocol/events.ts'

export interface Received {
  /** Bytes of every packet received (Engine.IO type byte + payload). */
  bytes: number
  packets: number
  /** Bytes of the base64 sync payloads, per document. */
  readonly sync: Record<DocName, number>
}

/** Starts counting at once; call right after `new RostrumClient` (the engine exists by then). */
export function countReceived (client: RostrumClient): Received {
  const received: Received = { bytes: 0, packets: 0, sync: { control: 0, notes: 0 } }
  client.socket.io.engine.on('packet', (packet) => {
    const data: unknown = packet.data
    received.bytes += 1 + (typeof data === 'string' ? Buffer.byteLength(data) : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : 0)
    received.packets++
  })
  client.socket.onAny((event: string, doc: unknown, message: unknown) => {
    if (event === 'sync' && (doc === 'control' || doc === 'notes') && typeof message === 'string') received.sync[doc] += message.length
  })
  return received
}
