import type { Duplex } from 'node:stream'
import * as ws from 'ws'

// A message many sockets get alike (a broadcast to a room of screens, the full state every late
// joiner receives) is framed once, into one buffer, and that buffer is written to each socket by
// ws's own frame writer, in order with whatever ws sends on it otherwise.

interface FrameBuilder {
  frame (data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean }): Buffer[]
}

/** ws's writer of ready frames on one connection (`WebSocket#_sender`). */
export interface FrameWriter {
  sendFrame (list: Buffer[], callback: () => void): void
}

/** ws's frame encoder: the same one the Socket.IO adapter uses to pre-encode broadcasts. */
const sender = (ws as unknown as { Sender: FrameBuilder }).Sender

export const OPCODE = { text: 1, binary: 2 } as const

/** One unmasked, final, uncompressed server frame around `data`. */
export function encodeFrame (data: Buffer, opcode: (typeof OPCODE)[keyof typeof OPCODE]): Buffer {
  return Buffer.concat(sender.frame(data, { readOnly: false, mask: false, rsv1: false, opcode, fin: true }))
}

const ignoreWriteResult = (): void => {}

/** Writes a frame from `encodeFrame` through a connection's frame writer. */
export function writeFrame (writer: FrameWriter, frame: Buffer): void {
  writer.sendFrame([frame], ignoreWriteResult)
}

/** The frame writer of a ws connection. */
export function frameWriterOf (socket: ws.WebSocket): FrameWriter {
  return (socket as unknown as { _sender: FrameWriter })._sender
}

/** The TCP socket under a ws connection: cork it to send several frames in one write. */
export function transportOf (socket: ws.WebSocket): Duplex {
  return (socket as unknown as { _socket: Duplex })._socket
}
