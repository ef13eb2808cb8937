// What a client received over its socket, less the WebSocket framing: on Socket.IO every Engine.IO
// packet, and the sync messages of each document apart (base64, as on the wire); on the live link
// every message, and each document's binary frames apart.
import { WebSocket } from 'ws'
import type { LiveSocketFactory } from '../../shared/client/live-viewer.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { DOC_NAMES, type DocName } from '../../shared/protocol/events.ts'

export interface Received {
  /** Bytes of every packet received (Engine.IO type byte + payload; a live link's message). */
  bytes: number
  packets: number
  /** Bytes of the sync payloads, per document: base64 on Socket.IO, binary on the live link. */
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

/** A WebSocket class for one `LiveViewer` (its `WebSocket` option) that counts what it receives. */
export function countingLiveSocket (): { readonly WebSocket: LiveSocketFactory; readonly received: Received } {
  const received: Received = { bytes: 0, packets: 0, sync: { control: 0, notes: 0 } }
  class CountingWebSocket extends WebSocket {
    constructor (url: string) {
      super(url)
      this.on('message', (data: Buffer, isBinary: boolean) => {
        received.bytes += data.byteLength
        received.packets++
        const doc = isBinary ? DOC_NAMES[data[0] ?? -1] : undefined
        // The frame's first byte names the document; the rest is the y-protocols message.
        if (doc !== undefined) received.sync[doc] += data.byteLength - 1
      })
    }
  }
  return { WebSocket: CountingWebSocket, received }
}
