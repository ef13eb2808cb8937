// A screen that never shows the notes says `followNotes: false` in its hello, on either transport: it
// never joins the notes document, so none of a day's notes (most of what a screen downloaded) reach it.
import { io as connectSocket, type Socket } from 'socket.io-client'
import type { WebSocket } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { statementNotes } from '../../shared/doc/notes.ts'
import { PROTOCOL_VERSION } from '../../shared/protocol/events.ts'
import { openDemoDebate } from '../support/floor.ts'
import { rawLiveLink, stepOne } from '../support/raw-clients.ts'
import { eventually, type TestServer } from '../support/server.ts'

const servers: TestServer[] = []
const clients: RostrumClient[] = []
const sockets: Socket[] = []
const links: WebSocket[] = []

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect()
  for (const link of links.splice(0)) link.close()
  for (const client of clients.splice(0)) client.close()
  for (const server of servers.splice(0)) await server.stop()
})

/** Bytes of each document a connection was sent, and its session. */
interface Heard {
  readonly bytes: { control: number; notes: number }
  session: Record<string, unknown> | null
}

function socketWatching (url: string, token: string, followNotes: boolean): Heard {
  const heard: Heard = { bytes: { control: 0, notes: 0 }, session: null }
  const socket = connectSocket(url, { auth: { token, protocolVersion: PROTOCOL_VERSION, followNotes }, transports: ['websocket'] })
  sockets.push(socket)
  socket.on('connect', () => {
    socket.emit('sync', 'control', stepOne())
    if (followNotes) socket.emit('sync', 'notes', stepOne())
  })
  socket.on('session', (session: Record<string, unknown>) => { heard.session = session })
  socket.on('sync', (doc: 'control' | 'notes', message: string) => { heard.bytes[doc] += message.length })
  return heard
}

function liveWatching (url: string, token: string, followNotes: boolean): Heard {
  const heard: Heard = { bytes: { control: 0, notes: 0 }, session: null }
  const link = rawLiveLink(url)
  links.push(link)
  link.once('open', () => {
    link.send(JSON.stringify({
      type: 'hello', token, protocolVersion: PROTOCOL_VERSION, followNotes, control: stepOne(), ...(followNotes ? { notes: stepOne() } : {})
    }))
  })
  link.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) {
      const message = JSON.parse(String(data)) as Record<string, unknown>
      if (message.type === 'session') heard.session = message
      return
    }
    heard.bytes[data[0] === 0 ? 'control' : 'notes'] += data.byteLength - 1
  })
  return heard
}

describe('followNotes: false in the hello', () => {
  it('gets not one byte of notes on either transport, while a screen that follows them gets every change', async () => {
    const { server, meeting, chair, noteTaker, statement } = await openDemoDebate({}, { servers, clients })
    statementNotes(noteTaker.notes, statement).insert(0, 'Written before the screens joined. ')
    await eventually(() => statementNotes(chair.notes, statement).length > 0)

    const watchers = {
      socketWithout: socketWatching(server.url, meeting.tokens.public, false),
      liveWithout: liveWatching(server.url, meeting.tokens.public, false),
      socketWith: socketWatching(server.url, meeting.tokens.public, true),
      liveWith: liveWatching(server.url, meeting.tokens.public, true)
    }
    await eventually(() => Object.values(watchers).every((heard) => heard.session !== null && heard.bytes.control > 0), { message: 'every screen synced' })

    statementNotes(noteTaker.notes, statement).insert(0, 'Written while they watch. ')
    await chair.command('timer:pause', {})
    await eventually(() => watchers.socketWith.bytes.notes > 0 && watchers.liveWith.bytes.notes > 0, { message: 'the notes reach the screens that follow them' })
    const controlBefore = { socket: watchers.socketWithout.bytes.control, live: watchers.liveWithout.bytes.control }
    await chair.command('timer:resume', {})
    // The control change after the notes change has reached them, so the notes change had its chance to.
    await eventually(() => watchers.socketWithout.bytes.control > controlBefore.socket && watchers.liveWithout.bytes.control > controlBefore.live, { message: 'a later control change' })

    expect(watchers.socketWithout.bytes.notes).toBe(0)
    expect(watchers.liveWithout.bytes.notes).toBe(0)
    expect(watchers.socketWithout.session).toMatchObject({ role: 'public', canWriteNotes: false })
    expect(watchers.liveWithout.session).toMatchObject({ role: 'public', canWriteNotes: false })
  })

  it('keeps a writer that does not follow the notes from writing them', async () => {
    const { server, meeting } = await openDemoDebate({}, { servers, clients })
    const heard = socketWatching(server.url, meeting.tokens.notetaker, false)
    await eventually(() => heard.session !== null && heard.bytes.control > 0)
    // No step 1 for the notes either: the server does not ask what it would not accept.
    expect(heard.session).toMatchObject({ role: 'notetaker', canWriteNotes: false })
    expect(heard.bytes.notes).toBe(0)
  })
})
