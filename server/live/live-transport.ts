import type { WebSocket } from 'ws'
import { encodeLiveSync, LIVE_CLOSE, type LiveServerMessage } from '../../shared/protocol/live.ts'
import type { ServerMessage } from '../../shared/protocol/messages.ts'
import { cutUnlessDraining } from '../core/backpressure.ts'
import type { CloseReason } from '../core/close-reasons.ts'
import type { Transport, TransportKind } from '../core/transport.ts'
import { encodeFrame, frameWriterOf, OPCODE, transportOf, writeFrame, type FrameWriter } from '../socket/ws-frame.ts'

/**
 * A message as the live link frames it: a document update is one binary frame, built once and written
 * to every screen of the meeting (the whole cost per screen is the socket write); the rest is JSON
 * text. Null for what a watching screen is not sent (awareness, request texts).
 */
export type LiveFrame = Buffer | null

/** The live link as a transport kind (framing in shared/protocol/live.ts). */
export const liveKind: TransportKind<LiveFrame> = {
  name: 'live',
  encode: (message) => {
    if (message.type === 'sync') return encodeFrame(toBuffer(encodeLiveSync(message.doc, message.message)), OPCODE.binary)
    const json = liveMessageOf(message)
    return json === null ? null : textFrame(json)
  }
}

function liveMessageOf (message: ServerMessage): LiveServerMessage | null {
  switch (message.type) {
    case 'session': return { type: 'session', ...message.info }
    case 'presence': return { type: 'presence', ...message.summary }
    case 'notice': return { type: 'notice', ...message.notice }
    default: return null
  }
}

/** A JSON message as one frame in one buffer, one write (ws's own send writes a frame's header and body apart). */
export function textFrame (message: LiveServerMessage): Buffer {
  return encodeFrame(Buffer.from(JSON.stringify(message)), OPCODE.text)
}

/** One WebSocket of the live link as the core's transport. */
export class LiveTransport implements Transport<LiveFrame> {
  readonly kind = liveKind
  readonly id: string
  readonly #socket: WebSocket
  readonly #writer: FrameWriter

  constructor (socket: WebSocket, id: string) {
    this.#socket = socket
    this.#writer = frameWriterOf(socket)
    this.id = id
  }

  send (frame: LiveFrame): void {
    if (frame !== null && this.#socket.readyState === this.#socket.OPEN) writeFrame(this.#writer, frame)
  }

  batch (sends: () => void): void {
    const tcp = transportOf(this.#socket)
    tcp.cork()
    try {
      sends()
    } finally {
      tcp.uncork()
    }
  }

  bufferedBytes (): number {
    return this.#socket.bufferedAmount
  }

  /** Says why, then closes the link with the reason's application close code. */
  close (reason: CloseReason): void {
    const socket = this.#socket
    if (socket.readyState !== socket.OPEN) return
    writeFrame(this.#writer, textFrame({ type: 'notice', code: reason.code, message: reason.message, event: reason.event }))
    socket.close(LIVE_CLOSE[reason.name], reason.code)
    if (reason.name === 'slowConsumer') {
      cutUnlessDraining(() => socket.bufferedAmount, () => socket.readyState === socket.CLOSED, () => socket.terminate())
    }
  }
}

export function toBuffer (bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
