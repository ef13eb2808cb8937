import type { Socket } from 'socket.io'
import type { WebSocket } from 'ws'

/**
 * Bytes that may wait to go out to one client before it counts as not reading. A joining client is
 * sent both documents' full states: a few hundred kilobytes in practice, at most their budgets (2 MiB
 * each, about 5.3 MiB as base64), and the broadcasts that follow while a slow link downloads them. A
 * client further behind is not catching up, and what it does not read stays in the server's memory
 * (300 step 1s of 8 bytes once took it from 99 to 588 MB).
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

/**
 * How long a dropped slow client is given to make progress through the backlog (with the notice and
 * close frame queued behind it) before its connection is cut and the backlog freed.
 */
export const SLOW_CONSUMER_GRACE_MS = 10_000

/**
 * Cuts a dropped slow client once it stops reading what is queued for it. Checked every grace period:
 * while the backlog shrinks the client is reading and gets to the notice behind it, however slow its
 * link or busy its machine; a backlog that has not shrunk since the last check is cut. Nothing more is
 * queued after the drop, so this ends.
 */
export function cutUnlessDraining (backlog: () => number, closed: () => boolean, cut: () => void): void {
  let before = backlog()
  const check = (): void => {
    if (closed()) return
    const now = backlog()
    if (now > 0 && now < before) {
      before = now
      setTimeout(check, SLOW_CONSUMER_GRACE_MS).unref()
      return
    }
    cut()
  }
  setTimeout(check, SLOW_CONSUMER_GRACE_MS).unref()
}

/** What this module reads of an Engine.IO connection (documented fields, and ws under a WebSocket). */
interface EngineConnection {
  readonly readyState: string
  readonly writeBuffer: readonly { readonly data?: unknown }[]
  readonly transport: { readonly name: string; readonly socket?: WebSocket }
  close (discard?: boolean): void
}

export function engineOf (socket: Socket): EngineConnection {
  return socket.conn as unknown as EngineConnection
}

/** Bytes queued for one Socket.IO client: packets its engine holds, and what its WebSocket holds. */
export function bufferedBytes (socket: Socket): number {
  const conn = engineOf(socket)
  let bytes = conn.transport.name === 'websocket' ? conn.transport.socket?.bufferedAmount ?? 0 : 0
  for (const packet of conn.writeBuffer) {
    const data = packet.data
    if (typeof data === 'string') bytes += data.length
    else if (data instanceof Uint8Array) bytes += data.byteLength
  }
  return bytes
}

/**
 * Drops a client that does not read when it is over the bound, telling it why (a notice
 * `SLOW_CONSUMER`, after its backlog), and cuts it off after a grace. True when it is gone.
 */
export function dropIfSlow (socket: Socket, onDrop?: () => void): boolean {
  if (socket.disconnected) return true
  if (bufferedBytes(socket) <= MAX_BUFFERED_BYTES) return false
  onDrop?.()
  socket.emit('notice', { code: 'SLOW_CONSUMER', message: 'This connection fell too far behind and was closed; reconnecting fetches the meeting afresh.', event: 'connect' })
  socket.disconnect(true)
  const conn = engineOf(socket)
  cutUnlessDraining(() => bufferedBytes(socket), () => conn.readyState === 'closed', () => {
    if (conn.transport.name === 'websocket') conn.transport.socket?.terminate()
    else conn.close(true)
  })
  return true
}

/** Whether a live link's WebSocket holds more unsent bytes than the bound. */
export function isSlow (socket: WebSocket): boolean {
  return socket.bufferedAmount > MAX_BUFFERED_BYTES
}
