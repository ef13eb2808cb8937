// Clients written against the wire alone, for tests that misbehave on purpose: a Socket.IO client
// that can stop reading, and a process's memory as the kernel counts it.
import { readFileSync } from 'node:fs'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { LIVE_PATH } from '../../shared/protocol/live.ts'

export interface ReceivedEvent {
  readonly event: string
  readonly args: readonly unknown[]
}

/**
 * Socket.IO over a bare WebSocket (Engine.IO 4 text packets): joins with `token` (or none), sends
 * events without acks, records the events it hears, and can stop reading (`pause`) like a client
 * whose tab froze or whose reader is hostile.
 */
export class RawSocketIo {
  readonly socket: WebSocket
  readonly events: ReceivedEvent[] = []
  closeCode: number | null = null
  readonly opened: Promise<void>
  readonly closed: Promise<number>

  constructor (serverUrl: string, token: string | null) {
    this.socket = new WebSocket(`${serverUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`)
    this.socket.on('message', (data) => this.#onPacket(String(data)))
    this.socket.on('error', () => undefined)
    this.closed = new Promise((resolve) => this.socket.once('close', (code) => {
      this.closeCode = code
      resolve(code)
    }))
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => {
        this.socket.send(token === null ? '40' : `40${JSON.stringify({ token })}`)
        resolve()
      })
      this.socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      this.socket.once('close', () => reject(new Error('closed before it opened')))
    })
  }

  /** Resolves once the server has sent `event` (the session, a notice…). */
  async heard (event: string, timeoutMs = 10_000): Promise<ReceivedEvent> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.events.find((e) => e.event === event)
      if (found !== undefined) return found
      if (Date.now() > deadline || this.closeCode !== null) throw new Error(`no "${event}" from the server (heard ${this.events.map((e) => e.event).join(', ')})`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  emit (event: string, ...args: readonly unknown[]): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(`42${JSON.stringify([event, ...args])}`)
  }

  /** Sends a packet as it is, already encoded (a flood builds its packets once). */
  sendPacket (packet: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(packet)
  }

  /** Stops reading: what the server sends waits in the kernel's buffers, then in the server's. */
  pause (): void {
    this.socket.pause()
  }

  resume (): void {
    this.socket.resume()
  }

  close (): void {
    this.socket.terminate()
  }

  #onPacket (packet: string): void {
    // Engine.IO ping: answer, or the server drops the connection after its ping timeout.
    if (packet === '2') this.socket.send('3')
    if (!packet.startsWith('42')) return
    const [event, ...args] = JSON.parse(packet.slice(2)) as [string, ...unknown[]]
    this.events.push({ event, args })
  }
}

/** A bare live-link WebSocket that says hello with `token` (or never), and can stop reading. */
export function rawLiveLink (serverUrl: string): WebSocket {
  const socket = new WebSocket(new URL(LIVE_PATH, serverUrl.replace('http', 'ws')))
  socket.on('error', () => undefined)
  return socket
}

/** A y-protocols sync step 1 claiming `stateVector` (client id → clock), base64 as the wire carries it. */
export function stepOne (stateVector: ReadonlyMap<number, number> = new Map()): string {
  const vector = encoding.createEncoder()
  encoding.writeVarUint(vector, stateVector.size)
  for (const [client, clock] of stateVector) {
    encoding.writeVarUint(vector, client)
    encoding.writeVarUint(vector, clock)
  }
  const message = encoding.createEncoder()
  encoding.writeVarUint(message, 0)
  encoding.writeVarUint8Array(message, encoding.toUint8Array(vector))
  return encodeWire(encoding.toUint8Array(message))
}

/** The state vector of a document, to claim part of it in `stepOne`. */
export function stateVectorOf (doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}

/** Resident memory of a process, from /proc (Linux), in bytes. */
export function rssOf (pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (match === null) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1]) * 1024
}
