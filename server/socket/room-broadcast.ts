import type { Server, Socket } from 'socket.io'
import { dropIfSlow } from './backpressure.ts'
import { encodeFrame, OPCODE, writeFrame, type FrameWriter } from './ws-frame.ts'

// A broadcast to a room of hundreds of screens is the server's hot path: every chair command ends
// in one. Socket.IO encodes the packet once, then walks each socket through its engine (a packet
// object, five events, a write buffer, a drain callback and a tick), which costs more than the
// write itself. Here the packet becomes one WebSocket frame, in one buffer, written straight to
// every socket whose engine has nothing waiting, so it cannot overtake anything sent before it;
// any other socket gets the packet through its engine as usual. The same send serves any message
// many sockets get alike, such as the full state every late joiner receives.

/** What this module reads of an Engine.IO connection: documented fields and ws's frame writer. */
interface EngineConnection {
  readonly readyState: string
  readonly writeBuffer: readonly unknown[]
  readonly transport: {
    readonly name: string
    readonly socket?: { readonly _sender?: FrameWriter }
  }
  write (data: string): void
}

/** Engine.IO's "message" packet type, which prefixes every Socket.IO packet on the wire. */
const ENGINE_MESSAGE = '4'

/** A Socket.IO event encoded once: the packet an engine takes, and the WebSocket frame carrying it. */
export interface EncodedEvent {
  readonly packet: string
  readonly frame: Buffer
}

export function encodeEvent (io: Server, event: string, ...args: readonly (string | number | boolean | object)[]): EncodedEvent {
  const [packet] = io.encoder.encode({ type: 2, nsp: '/', data: [event, ...args] }) as [string]
  const text = ENGINE_MESSAGE + packet
  return { packet, frame: encodeFrame(Buffer.from(text), OPCODE.text) }
}

/**
 * Sends an encoded event on one connection: straight to its WebSocket when nothing waits ahead of it.
 * A connection over the backlog bound is dropped instead (`onSlow` hears of it).
 */
export function sendEncoded (socket: Socket, encoded: EncodedEvent, onSlow?: () => void): void {
  const conn = socket.conn as unknown as EngineConnection
  if (conn.readyState !== 'open') return
  if (dropIfSlow(socket, onSlow)) return
  const frames = conn.transport.name === 'websocket' && conn.writeBuffer.length === 0 ? conn.transport.socket?._sender : undefined
  if (frames !== undefined) writeFrame(frames, encoded.frame)
  else conn.write(encoded.packet)
}

export type RoomBroadcast = (room: string, event: string, ...args: readonly (string | number | boolean | object)[]) => void

/** `broadcast(room, event, …args)` = `io.to(room).emit(event, …args)` for args that are plain text and JSON. */
export function roomBroadcaster (io: Server, onSlow?: () => void): RoomBroadcast {
  return (room, event, ...args) => relay(io, room, null, onSlow, event, ...args)
}

/** Sends to every socket in `room` but `except` (a relay of what that socket sent), guarded as above. */
export function relay (io: Server, room: string, except: string | null, onSlow: (() => void) | undefined, event: string, ...args: readonly (string | number | boolean | object)[]): void {
  const namespace = io.of('/')
  const members = namespace.adapter.rooms.get(room)
  if (members === undefined || members.size === 0) return
  const encoded = encodeEvent(io, event, ...args)
  for (const id of members) {
    if (id === except) continue
    const socket = namespace.sockets.get(id)
    if (socket !== undefined) sendEncoded(socket, encoded, onSlow)
  }
}
