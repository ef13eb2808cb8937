// A viewer with nothing but the wire protocol: a Socket.IO connection and a plain control Y.Doc,
// no notes document, no clock pings, no projection of the state. `--viewer thin` uses it to measure
// the server's side of the fan-out apart from what the full RostrumClient costs per update.
import { fromBase64 } from 'lib0/buffer'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { io, type Socket } from 'socket.io-client'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { ClientToServerEvents, DocName, ServerToClientEvents } from '../../shared/protocol/events.ts'

export interface Viewer {
  readonly control: Y.Doc
  readonly whenSynced: Promise<void>
  close (): void
}

export class ThinViewer implements Viewer {
  readonly control = new Y.Doc()
  readonly whenSynced: Promise<void>
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>

  constructor (url: string, token: string) {
    let resolveSynced!: () => void
    this.whenSynced = new Promise((resolve) => { resolveSynced = resolve })
    this.#socket = io(url, { auth: { token }, transports: ['websocket'] })
    this.#socket.on('connect', () => {
      const encoder = encoding.createEncoder()
      syncProtocol.writeSyncStep1(encoder, this.control)
      this.#socket.emit('sync', 'control', encodeWire(encoding.toUint8Array(encoder)))
    })
    this.#socket.on('sync', (doc: DocName, message: string) => {
      if (doc !== 'control') return
      const decoder = decoding.createDecoder(fromBase64(message))
      // A viewer never answers the server: the reply encoder is thrown away.
      const type = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), this.control, 'server')
      if (type === syncProtocol.messageYjsSyncStep2) resolveSynced()
    })
  }

  close (): void {
    this.#socket.disconnect()
    this.control.destroy()
  }
}
