// Floods for the abuse-budget test: each channel an attacker can reach, driven from one address.
// A flood starts, does its damage for as long as the test lets it, and stops; what it proves is
// read from the server (memory, metrics, /healthz) and from the clients that must keep working.
import * as Y from 'yjs'
import { toBase64 } from 'lib0/buffer'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { WebSocket } from 'ws'
import type { Role } from '../../shared/domain/types.ts'
import { io, type Socket as ClientSocket } from 'socket.io-client'
import { PATHOLOGICAL_NOTES } from './pathological-notes.ts'
import { rawLiveLink, RawSocketIo, stepOne } from './raw-clients.ts'

/** What every flood may use: the server, and a token for each role (or none at all). */
export interface FloodTarget {
  readonly url: string
  readonly tokens: Readonly<Record<Role, string>>
  /** A state vector naming the notes' writer, so that step 1s can each ask for a different part. */
  readonly notesWriter: { readonly clientId: number; readonly clock: number }
}

/** A running flood: `stop` ends it and closes everything it opened. */
export interface RunningFlood {
  /** Messages or connections sent so far, for the report. */
  readonly sent: () => number
  stop (): void
}

export interface ChannelFlood {
  readonly name: string
  start (target: FloodTarget): Promise<RunningFlood>
}

/** Each role, and no token at all. */
export const SENDERS: readonly (Role | null)[] = ['chair', 'notetaker', 'delegation', 'public', null]

const tokenOf = (target: FloodTarget, sender: Role | null): string | null => sender === null ? null : target.tokens[sender]

/**
 * Sync step 1s from a socket that never reads (issue 15: 300 step 1s of 8 characters took the
 * server from 99 to 588 MB): each asks for a different part of the notes, so no two answers match.
 */
export function stepOneFlood (sender: Role | null, count = 300): ChannelFlood {
  return {
    name: `sync step 1s from ${sender ?? 'no token'}, never read`,
    async start (target) {
      const socket = new RawSocketIo(target.url, tokenOf(target, sender))
      await socket.opened
      if (sender !== null) await socket.heard('session')
      socket.pause()
      const { clientId, clock } = target.notesWriter
      for (let i = 1; i <= count; i++) socket.emit('sync', 'notes', stepOne(new Map([[clientId, 1 + (i % clock)]])))
      return { sent: () => count, stop: () => socket.close() }
    }
  }
}

/**
 * Presence from many sockets of one link, each message as large as the server takes (issue 15:
 * 20 note-taker sockets pushed 88 MB of awareness into a chair's page in 8 s).
 */
export function awarenessFlood (sender: 'chair' | 'notetaker', sockets = 10, perSocket = 50, stateChars = 8000): ChannelFlood {
  return {
    name: `awareness from ${sockets} sockets of the ${sender} link`,
    async start (target) {
      const opened = await Promise.all(Array.from({ length: sockets }, async () => {
        const socket = new RawSocketIo(target.url, target.tokens[sender])
        await socket.opened
        await socket.heard('session')
        return socket
      }))
      opened.forEach((socket, index) => {
        const doc = new Y.Doc()
        doc.clientID = (sender === 'chair' ? 7_000_000 : 8_000_000) + index
        const awareness = new Awareness(doc)
        for (let i = 0; i < perSocket; i++) {
          awareness.setLocalState({ authorId: `flood-${index}`, name: `${i}`.padEnd(stateChars, '.'), statementId: null })
          socket.emit('awareness', toBase64(encodeAwarenessUpdate(awareness, [doc.clientID])))
        }
        awareness.destroy()
      })
      return { sent: () => sockets * perSocket, stop: () => { for (const socket of opened) socket.close() } }
    }
  }
}

/**
 * Connections that never present a token, on both transports, each reopened as soon as the
 * server closes it (issue 15: 2,000 of them kept every chair and screen of the address out).
 */
export function tokenlessFlood (size: number): ChannelFlood {
  return {
    name: `${size} connections without a token, reopened as they close`,
    start: async (target) => keepTokenlessOpen(target.url, size)
  }
}

/** `size` connections without a token (live links without a hello, Socket.IO without a token), each reopened when closed. */
export function keepTokenlessOpen (url: string, size: number): RunningFlood {
  let stopped = false
  let opened = 0
  const open = new Set<{ close (): void }>()
  const openOne = (index: number): void => {
    if (stopped) return
    opened++
    if (index % 2 === 0) {
      const socket = rawLiveLink(url)
      const entry = { close: () => socket.terminate() }
      open.add(entry)
      socket.once('close', () => { open.delete(entry); openOne(index) })
    } else {
      const socket = new RawSocketIo(url, null)
      const entry = { close: () => socket.close() }
      open.add(entry)
      socket.opened.catch(() => undefined)
      void socket.closed.then(() => { open.delete(entry); openOne(index) })
    }
  }
  for (let i = 0; i < size; i++) openOne(i)
  return {
    sent: () => opened,
    stop: () => {
      stopped = true
      for (const entry of open) entry.close()
    }
  }
}

/**
 * Live-link hellos from one role (or with no valid token), each link closed once answered and
 * opened again: every hello asks for both documents in full.
 */
export function helloFlood (sender: Role | null, concurrent = 20, total = 200): ChannelFlood {
  return {
    name: `live-link hellos from ${sender ?? 'no token'}`,
    async start (target) {
      let stopped = false
      let sent = 0
      const open = new Set<WebSocket>()
      const token = tokenOf(target, sender) ?? 'not-a-token-of-any-meeting-0000'
      const hello = JSON.stringify({ type: 'hello', token, control: stepOne(), notes: stepOne() })
      const openOne = (): void => {
        if (stopped || sent >= total) return
        sent++
        const socket = rawLiveLink(target.url)
        open.add(socket)
        socket.once('open', () => socket.send(hello))
        // Answered (the session and both documents), refused, or closed: hang up and say hello again.
        let frames = 0
        socket.on('message', () => { if (++frames === 3) socket.close() })
        socket.once('close', () => { open.delete(socket); openOne() })
      }
      for (let i = 0; i < concurrent; i++) openOne()
      return {
        sent: () => sent,
        stop: () => {
          stopped = true
          for (const socket of open) socket.terminate()
        }
      }
    }
  }
}

/** A Socket.IO client of `token` that reads its answers (these floods cost disk and CPU, not buffers). */
async function commandSocket (url: string, token: string): Promise<ClientSocket> {
  return await new Promise<ClientSocket>((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false })
    socket.once('session', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

/** Keeps `inFlight` sends going, one after another, until stopped; each send is one promise, answered or refused. */
function keepSending (inFlight: number, send: (index: number) => Promise<unknown>): RunningFlood {
  let stopped = false
  let sent = 0
  const loop = async (): Promise<void> => {
    while (!stopped) {
      await send(sent++).catch(() => undefined)
    }
  }
  for (let i = 0; i < inFlight; i++) void loop()
  return { sent: () => sent, stop: () => { stopped = true } }
}

/**
 * Refused 32 kB commands (issue 15: 2,400 of them from a public link added 79 MB to the disk in 6 s),
 * `perSecond` of them, each with an ack id and its own command id, from links that may not run them.
 * The packet is encoded once and only its ids change, so the flood costs the server, not the test.
 */
export function refusedCommandFlood (sender: Role, perSecond = 200): ChannelFlood {
  return {
    name: `refused 32 kB commands from the ${sender} link, ${perSecond} a second`,
    async start (target) {
      const socket = new RawSocketIo(target.url, target.tokens[sender])
      await socket.opened
      await socket.heard('session')
      const ID = 'flood-00000000'
      const body = JSON.stringify(['command', { id: ID, type: 'meeting:update', payload: { changes: { title: '議'.repeat(3500), agendaItem: '議'.repeat(3500), expectedOutcome: '議'.repeat(3500) } } }])
      let sent = 0
      const timer = setInterval(() => {
        for (let i = 0; i < perSecond / 20; i++, sent++) socket.sendPacket(`42${sent}${body.replace(ID, `flood-${sent.toString().padStart(8, '0')}`)}`)
      }, 50)
      return { sent: () => sent, stop: () => { clearInterval(timer); socket.close() } }
    }
  }
}

/**
 * A delegation's create-then-withdraw loop with 4,000-character notes (issue 15: it took what a
 * joining screen downloads from 10 kB to 7.3 MB).
 */
export function requestChurnFlood (delegation: string): ChannelFlood {
  return {
    name: `request create-then-withdraw churn from delegation ${delegation}`,
    async start (target) {
      const socket = await commandSocket(target.url, target.tokens.delegation)
      const note = 'ن'.repeat(4000)
      const flood = keepSending(1, async (index) => {
        const created = await socket.timeout(30_000).emitWithAck('command',
          { id: `churn-${index}-create`, type: 'request:create', payload: { delegation, type: 'right-of-reply', note } }) as { ok: boolean; data?: { requestId?: string } }
        const requestId = created.ok ? created.data?.requestId : undefined
        if (requestId !== undefined) {
          await socket.timeout(30_000).emitWithAck('command', { id: `churn-${index}-withdraw`, type: 'request:withdraw', payload: { requestId } })
        }
      })
      return { sent: flood.sent, stop: () => { flood.stop(); socket.disconnect() } }
    }
  }
}

/**
 * The concept-note import corpus (issue 15: a 90-byte note blocked the event loop 3.2 s), uploaded
 * over and over with the chair's token, and with a wrong token as a guesser would.
 */
export function importCorpusFlood (sender: 'chair' | null, inFlight = 3): ChannelFlood {
  return {
    name: `the pathological concept-note corpus from ${sender ?? 'a wrong token'}`,
    async start (target) {
      const token = sender === null ? 'a-wrong-token-guessed-0000000000' : target.tokens[sender]
      const corpus = PATHOLOGICAL_NOTES.map(([, build]) => JSON.stringify({ text: build() }))
      const flood = keepSending(inFlight, async (index) => {
        const response = await fetch(`${target.url}/api/concept-notes/parse`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: corpus[index % corpus.length]
        })
        await response.arrayBuffer()
      })
      return { sent: flood.sent, stop: flood.stop }
    }
  }
}
