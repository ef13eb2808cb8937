// Drives seeded hostile frames at a running server from sockets of several roles, and checks every
// answer carries a named error code and that the server stays up.
import * as prng from 'lib0/prng'
import { io, type Socket } from 'socket.io-client'
import { ERROR_CODES } from '../../shared/protocol/errors.ts'
import { hostileFrame } from './hostile-frames.ts'

export interface FuzzReport {
  readonly frames: number
  readonly acks: number
  /** Error code → how often it came back. */
  readonly codes: Readonly<Record<string, number>>
  /** Acks that were not `{ ok: false, error: { code: <a named code>, message } }`. */
  readonly unnamed: readonly unknown[]
  readonly accepted: number
  readonly disconnects: number
  readonly healthChecks: number
}

export interface FuzzOptions {
  readonly url: string
  readonly tokens: readonly string[]
  readonly seed: number
  readonly frames: number
  /** Checks /healthz every this many frames. */
  readonly healthEvery?: number
}

function isNamedRefusal (ack: unknown): ack is { ok: false; error: { code: string; message: string } } {
  if (typeof ack !== 'object' || ack === null || (ack as { ok?: unknown }).ok !== false) return false
  const error = (ack as { error?: { code?: unknown; message?: unknown } }).error
  return typeof error?.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(error.code)
}

export async function fuzz (options: FuzzOptions): Promise<FuzzReport> {
  const gen = prng.create(options.seed)
  let disconnects = 0
  const sockets: Socket[] = options.tokens.map((token) => {
    const socket = io(options.url, { auth: { token }, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 })
    socket.on('disconnect', () => { disconnects++ })
    return socket
  })
  await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.once('connect', () => resolve()))))
  const codes: Record<string, number> = {}
  const unnamed: unknown[] = []
  let acks = 0
  let accepted = 0
  let healthChecks = 0
  try {
    for (let i = 0; i < options.frames; i++) {
      const frame = hostileFrame(gen)
      const socket = sockets[i % sockets.length]!
      if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
      if (frame.event === 'command' && frame.args.length === 1) {
        const ack: unknown = await socket.timeout(5000).emitWithAck('command', frame.args[0])
        acks++
        if (isNamedRefusal(ack)) codes[ack.error.code] = (codes[ack.error.code] ?? 0) + 1
        else if ((ack as { ok?: unknown }).ok === true) accepted++
        else unnamed.push(ack)
      } else {
        socket.emit(frame.event, ...frame.args)
      }
      if ((i + 1) % (options.healthEvery ?? 500) === 0) {
        const health = await fetch(`${options.url}/healthz`)
        if (health.status !== 200) throw new Error(`server unhealthy after ${i + 1} frames (seed ${options.seed})`)
        healthChecks++
      }
    }
    // A last ping through every socket: each must still be served.
    for (const socket of sockets) {
      if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
      await socket.timeout(5000).emitWithAck('clock:ping')
    }
  } finally {
    for (const socket of sockets) socket.disconnect()
  }
  return { frames: options.frames, acks, codes, unnamed, accepted, disconnects, healthChecks }
}
