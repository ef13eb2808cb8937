import type { Server } from 'socket.io'
import { encodeWire } from '../../shared/protocol/wire.ts'
import type { ServerMessage } from '../../shared/protocol/messages.ts'
import type { ServerToClientEvents } from '../../shared/protocol/events.ts'
import { cutUnlessDraining } from '../core/backpressure.ts'
import type { CloseReason } from '../core/close-reasons.ts'
import type { Transport, TransportKind } from '../core/transport.ts'
import type { RostrumSocket } from './types.ts'
import { encodeFrame, OPCODE, writeFrame, type FrameWriter } from './ws-frame.ts'

// A broadcast to a room of hundreds of screens is the server's hot path: every chair command ends
// in one. Socket.IO encodes the packet once, then walks each socket through its engine (a packet
// object, five events, a write buffer, a drain callback and a tick), which costs more than the
// write itself. Here the packet becomes one WebSocket frame, in one buffer, written straight to
// every socket whose engine has nothing waiting, so it cannot overtake anything sent before it;
// any other socket gets the packet through its engine as usual. The same send serves any message
// many sockets get alike, such as the full state every late joiner receives.

/** What this module reads of an Engine.IO connection: documented fields, and ws under a WebSocket. */
interface EngineConnection {
  readonly readyState: string
  readonly writeBuffer: readonly { readonly data?: unknown }[]
  readonly transport: {
    readonly name: string
    readonly socket?: { readonly _sender?: FrameWriter; readonly bufferedAmount: number; terminate (): void }
  }
  write (data: string): void
  close (discard?: boolean): void
}

/** Engine.IO's "message" packet type, which prefixes every Socket.IO packet on the wire. */
const ENGINE_MESSAGE = '4'

/** A Socket.IO event encoded once: the packet an engine takes, and the WebSocket frame carrying it. */
export interface EncodedEvent {
  readonly packet: string
  readonly frame: Buffer
}

type EventArgs = readonly (string | number | boolean | object)[]

export function encodeEvent (io: Server, event: string, ...args: EventArgs): EncodedEvent {
  const [packet] = io.encoder.encode({ type: 2, nsp: '/', data: [event, ...args] }) as [string]
  const text = ENGINE_MESSAGE + packet
  return { packet, frame: encodeFrame(Buffer.from(text), OPCODE.text) }
}

/** A server message as the Socket.IO event the client listens for (shared/protocol/events.ts). */
export function eventOf (message: ServerMessage): [keyof ServerToClientEvents, ...EventArgs] {
  switch (message.type) {
    case 'session': return ['session', message.info]
    case 'sync': return ['sync', message.doc, encodeWire(message.message)]
    case 'awareness': return ['awareness', encodeWire(message.message)]
    case 'presence': return ['presence', message.summary]
    case 'notice': return ['notice', message.notice]
    case 'request:texts': return ['request:texts', message.texts]
  }
}

/** Socket.IO as a transport kind: a message is one packet and one WebSocket frame, encoded once. */
export function socketKind (io: Server): TransportKind<EncodedEvent> {
  return {
    name: 'socket.io',
    encode: (message) => encodeEvent(io, ...eventOf(message))
  }
}

/** One Socket.IO socket as the core's transport. */
export class SocketTransport implements Transport<EncodedEvent> {
  readonly kind: TransportKind<EncodedEvent>
  readonly #socket: RostrumSocket

  constructor (kind: TransportKind<EncodedEvent>, socket: RostrumSocket) {
    this.kind = kind
    this.#socket = socket
  }

  get id (): string {
    return this.#socket.id
  }

  send (encoded: EncodedEvent): void {
    const conn = this.#engine
    if (conn.readyState !== 'open' || this.#socket.disconnected) return
    const frames = conn.transport.name === 'websocket' && conn.writeBuffer.length === 0 ? conn.transport.socket?._sender : undefined
    if (frames !== undefined) writeFrame(frames, encoded.frame)
    else conn.write(encoded.packet)
  }

  batch (sends: () => void): void {
    sends()
  }

  /** Packets its engine holds, and what its WebSocket holds. */
  bufferedBytes (): number {
    const conn = this.#engine
    let bytes = conn.transport.name === 'websocket' ? conn.transport.socket?.bufferedAmount ?? 0 : 0
    for (const packet of conn.writeBuffer) {
      const data = packet.data
      if (typeof data === 'string') bytes += data.length
      else if (data instanceof Uint8Array) bytes += data.byteLength
    }
    return bytes
  }

  close (reason: CloseReason): void {
    if (this.#socket.disconnected) return
    this.#socket.emit('notice', { code: reason.code, message: reason.message, event: reason.event })
    this.#socket.disconnect(true)
    if (reason.name !== 'slowConsumer') return
    const conn = this.#engine
    cutUnlessDraining(() => this.bufferedBytes(), () => conn.readyState === 'closed', () => {
      if (conn.transport.name === 'websocket') conn.transport.socket?.terminate()
      else conn.close(true)
    })
  }

  get #engine (): EngineConnection {
    return this.#socket.conn as unknown as EngineConnection
  }
}
