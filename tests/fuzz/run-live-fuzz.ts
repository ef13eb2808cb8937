// Drives seeded hostile frames at the live link from links of several roles, and checks that every
// notice carries a named error code, every close a named close code, and that the server stays up.
import * as prng from 'lib0/prng'
import { WebSocket } from 'ws'
import { ERROR_CODES } from '../../shared/protocol/errors.ts'
import { LIVE_CLOSE, LIVE_PATH } from '../../shared/protocol/live.ts'
import { hostileLiveFrame, validHello } from './hostile-live-frames.ts'

export interface LiveFuzzReport {
  readonly frames: number
  /** Notice code → how often it came back. */
  readonly codes: Readonly<Record<string, number>>
  /** Notices without a named code, and text frames that are not JSON. */
  readonly unnamed: readonly unknown[]
  /** Close codes → how often; the server's own are LIVE_CLOSE's, ws's are 1006/1009 (a frame over the limit). */
  readonly closes: Readonly<Record<number, number>>
  readonly sessions: number
}

export interface LiveFuzzOptions {
  readonly url: string
  readonly tokens: readonly string[]
  readonly seed: number
  readonly frames: number
  /** Links open at once. */
  readonly links?: number
}

/** Close codes a live link may end with: the server's named ones, and the WebSocket layer's own. */
export const ALLOWED_CLOSE_CODES: readonly number[] = [...Object.values(LIVE_CLOSE), 1000, 1005, 1006, 1009]

interface Link {
  readonly socket: WebSocket
  readonly opened: Promise<boolean>
  readonly closed: Promise<void>
}

export async function fuzzLive (options: LiveFuzzOptions): Promise<LiveFuzzReport> {
  const gen = prng.create(options.seed)
  const codes: Record<string, number> = {}
  const closes: Record<number, number> = {}
  const unnamed: unknown[] = []
  let sessions = 0
  const url = new URL(LIVE_PATH, options.url.replace('http', 'ws'))

  const open = (): Link => {
    const socket = new WebSocket(url)
    socket.on('error', () => undefined)
    socket.on('message', (data, isBinary) => {
      if (isBinary) return
      let message: { type?: unknown; code?: unknown }
      try {
        message = JSON.parse(String(data)) as typeof message
      } catch {
        unnamed.push(String(data).slice(0, 200))
        return
      }
      if (message.type === 'session') sessions++
      if (message.type !== 'notice') return
      if ((ERROR_CODES as readonly unknown[]).includes(message.code)) codes[String(message.code)] = (codes[String(message.code)] ?? 0) + 1
      else unnamed.push(message)
    })
    const closed = new Promise<void>((resolve) => socket.once('close', (code) => {
      closes[code] = (closes[code] ?? 0) + 1
      resolve()
    }))
    const opened = new Promise<boolean>((resolve) => {
      socket.once('open', () => resolve(true))
      socket.once('close', () => resolve(false))
    })
    return { socket, opened, closed }
  }

  /** A fresh link; most say a proper hello first, so that the frames after it meet an open session. */
  const fresh = async (token: string): Promise<Link> => {
    const link = open()
    if (await link.opened && prng.uint32(gen, 0, 3) > 0) link.socket.send(validHello(token, prng.bool(gen)))
    return link
  }
  const links: Link[] = []
  for (let slot = 0; slot < (options.links ?? 4); slot++) links.push(await fresh(options.tokens[slot % options.tokens.length]!))
  try {
    for (let i = 0; i < options.frames; i++) {
      const slot = i % links.length
      const token = options.tokens[i % options.tokens.length]!
      let link = links[slot]!
      // Now and then a screen goes and comes back, so that fresh links (with and without a hello) keep coming.
      if (prng.uint32(gen, 0, 14) === 0) link.socket.close()
      if (link.socket.readyState !== WebSocket.OPEN) {
        link = links[slot] = await fresh(token)
        if (link.socket.readyState !== WebSocket.OPEN) continue
      }
      const frame = hostileLiveFrame(gen, token)
      if ('binary' in frame) link.socket.send(frame.binary)
      else link.socket.send(frame.text)
    }
  } finally {
    for (const link of links) link.socket.close()
    await Promise.all(links.map((link) => link.closed))
  }
  return { frames: options.frames, codes, unnamed, closes, sessions }
}
