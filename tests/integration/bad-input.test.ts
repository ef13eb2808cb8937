import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import * as Y from 'yjs'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import type { CommandAck, Notice } from '../../shared/protocol/events.ts'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { smallMeeting } from '../support/meetings.ts'
import { connect, seedMeeting, startTestServer, type TestServer } from '../support/server.ts'

describe('hostile and broken input', () => {
  let server: TestServer
  let meeting: CreatedMeeting
  let chair: RostrumClient
  let noteTaker: RostrumClient
  const clients: RostrumClient[] = []
  const rawSockets: Socket[] = []
  let controlBefore: Uint8Array
  let notesBefore: Uint8Array

  const room = () => server.app.registry.loaded(meeting.id)!
  const raw = (token: unknown): Socket => {
    const socket = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false })
    rawSockets.push(socket)
    return socket
  }
  const emitCommand = (socket: Socket, envelope: unknown) =>
    socket.timeout(5000).emitWithAck('command', envelope) as Promise<CommandAck>
  const nextNotice = (socket: Socket) => new Promise<Notice>((resolve) => socket.once('notice', resolve))

  beforeAll(async () => {
    server = await startTestServer()
    meeting = await seedMeeting(server, smallMeeting())
    chair = await connect(server, meeting.tokens.chair, clients)
    noteTaker = await connect(server, meeting.tokens.notetaker, clients)
    await chair.command('meeting:open', {})
    controlBefore = Y.encodeStateAsUpdate(room().control)
    notesBefore = Y.encodeStateAsUpdate(room().notes)
  })

  afterAll(async () => {
    for (const socket of rawSockets) socket.disconnect()
    for (const client of clients) client.close()
    await server.destroy()
  })

  it.each([
    ['a string', 'floor:next', 'INVALID_PAYLOAD'],
    ['null', null, 'INVALID_PAYLOAD'],
    ['no id', { type: 'floor:end', payload: {} }, 'INVALID_PAYLOAD'],
    ['a short id', { id: 'x', type: 'floor:end', payload: {} }, 'INVALID_PAYLOAD'],
    ['an unknown command', { id: 'cmd-unknown-1', type: 'floor:seize', payload: {} }, 'UNKNOWN_COMMAND'],
    ['a wrong type', { id: 'cmd-wrongtype', type: 'timer:extend', payload: { byMs: '30s' } }, 'INVALID_PAYLOAD'],
    ['an extra field', { id: 'cmd-extrafield', type: 'floor:end', payload: { force: true } }, 'INVALID_PAYLOAD'],
    ['a negative limit', { id: 'cmd-negative', type: 'timer:set-limit', payload: { limitMs: -1 } }, 'INVALID_PAYLOAD'],
    ['a bad id', { id: 'cmd-bad-speaker', type: 'speaker:remove', payload: { speakerId: '../../etc' } }, 'INVALID_PAYLOAD'],
    ['a prototype key', JSON.parse('{"id":"cmd-proto-123","type":"floor:end","payload":{"__proto__":{"x":1}}}'), 'INVALID_PAYLOAD'],
    ['a 40 kB name', { id: 'cmd-huge-name', type: 'point-of-order:raise', payload: { name: 'x'.repeat(40_000) } }, 'PAYLOAD_TOO_LARGE'],
    ['17,000 Arabic letters (34 kB)', { id: 'cmd-huge-arabic', type: 'point-of-order:raise', payload: { name: 'ا'.repeat(17_000) } }, 'PAYLOAD_TOO_LARGE']
  ])('refuses %s with a named error', async (_label, envelope, code) => {
    const ack = await emitCommand(chair.socket as unknown as Socket, envelope)
    expect(ack).toMatchObject({ ok: false, error: { code, message: expect.any(String) } })
  })

  it('answers a command sent without an ack callback with a notice', async () => {
    const socket = chair.socket as unknown as Socket
    const notice = nextNotice(socket)
    socket.emit('command', { id: 'cmd-no-ack-1', type: 'floor:end', payload: {} })
    expect(await notice).toMatchObject({ code: 'INVALID_PAYLOAD', event: 'command' })
  })

  it.each([
    ['an unknown document', ['minutes', encodeWire(new Uint8Array([0, 0]))], 'UNKNOWN_DOCUMENT'],
    ['text that is not base64', ['notes', 'hello world!'], 'INVALID_PAYLOAD'],
    ['binary instead of base64', ['notes', new Uint8Array([0, 0])], 'INVALID_PAYLOAD'],
    ['a number', ['notes', 42], 'INVALID_PAYLOAD'],
    ['over 512 KiB once decoded', ['notes', encodeWire(new Uint8Array(600 * 1024))], 'PAYLOAD_TOO_LARGE'],
    ['an unknown sync type', ['notes', encodeWire(new Uint8Array([9, 1, 2]))], 'INVALID_PAYLOAD'],
    ['a truncated update', ['notes', encodeWire(new Uint8Array([2, 40, 1, 2, 3]))], 'INVALID_PAYLOAD'],
    ['random bytes as an update', ['notes', encodeWire(new Uint8Array([2, 8, 255, 1, 7, 9, 3, 200, 0, 1]))], 'INVALID_PAYLOAD']
  ])('refuses %s on the sync channel', async (_label, args, code) => {
    const socket = noteTaker.socket as unknown as Socket
    const notice = nextNotice(socket)
    socket.emit('sync', ...(args as [string, unknown]))
    expect(await notice).toMatchObject({ code, event: 'sync' })
  })

  it('refuses oversized or textual awareness messages', async () => {
    const socket = noteTaker.socket as unknown as Socket
    let notice = nextNotice(socket)
    socket.emit('awareness', encodeWire(new Uint8Array(20_000)))
    expect(await notice).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', event: 'awareness' })
    notice = nextNotice(socket)
    socket.emit('awareness', 'present')
    expect(await notice).toMatchObject({ code: 'INVALID_PAYLOAD', event: 'awareness' })
  })

  it('keeps awareness among chairs and note-takers', async () => {
    const socket = raw(meeting.tokens.public)
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    const notice = nextNotice(socket)
    socket.emit('awareness', encodeWire(new Uint8Array([1, 2, 3])))
    expect(await notice).toMatchObject({ code: 'FORBIDDEN', event: 'awareness' })
  })

  it.each([
    ['no token', undefined],
    ['a wrong token', 'not-a-real-token-but-long-enough'],
    ['a number', 12345],
    ['an object', { role: 'chair' }],
    ['a huge token', 'a'.repeat(10_000)]
  ])('refuses a connection with %s', async (_label, token) => {
    const socket = raw(token)
    const error = await new Promise<Error & { data?: unknown }>((resolve) => socket.once('connect_error', resolve))
    expect(error.message).toBe('UNAUTHORIZED')
    expect(error.data).toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('drops a connection that sends a frame over the engine limit, and nothing else', async () => {
    const socket = raw(meeting.tokens.chair)
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve))
    socket.emit('sync', 'notes', 'A'.repeat(2 * 1024 * 1024))
    expect(await closed).toBe('transport close')
    expect(chair.connected).toBe(true)
  })

  it('leaves the process alive and the state unchanged', async () => {
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(200)
    expect(Y.encodeStateAsUpdate(room().control)).toEqual(controlBefore)
    expect(Y.encodeStateAsUpdate(room().notes)).toEqual(notesBefore)
    const ack = await chair.command('list:close', {})
    expect(ack.ok).toBe(true)
  })
})

describe('hostile HTTP requests', () => {
  let server: TestServer
  beforeAll(async () => { server = await startTestServer() })
  afterAll(async () => { await server.destroy() })

  const post = (body: BodyInit, headers: Record<string, string>) =>
    fetch(`${server.url}/api/meetings`, { method: 'POST', body, headers })

  it.each([
    ['no token', '{}', { 'content-type': 'application/json' }, 401, 'UNAUTHORIZED'],
    ['a wrong token', '{}', { 'content-type': 'application/json', authorization: 'Bearer wrong-token-wrong-token' }, 401, 'UNAUTHORIZED'],
    ['broken JSON', '{"title":', { 'content-type': 'application/json' }, 400, 'INVALID_PAYLOAD'],
    ['a wrong content type', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'INVALID_PAYLOAD'],
    ['a missing title', '{"scheduledStart":"2026-11-28T10:00"}', { 'content-type': 'application/json' }, 400, 'INVALID_PAYLOAD'],
    ['a bad time zone', '{"title":"x","scheduledStart":"2026-11-28T10:00","timeZone":"Mars/Olympus"}', { 'content-type': 'application/json' }, 400, 'INVALID_PAYLOAD'],
    ['a 1 MB body', JSON.stringify({ title: 'x'.repeat(1024 * 1024) }), { 'content-type': 'application/json' }, 413, 'PAYLOAD_TOO_LARGE'],
    ['a 1 MB body and no token', JSON.stringify({ title: 'x'.repeat(1024 * 1024) }), { 'content-type': 'application/json' }, 401, 'UNAUTHORIZED'],
    ['a speaker of an unknown delegation', JSON.stringify({ title: 'x', scheduledStart: '2026-11-28T10:00', segments: [{ name: 'S', speakers: [{ name: 'Atlantis', delegation: 'ATL' }] }] }), { 'content-type': 'application/json' }, 400, 'INVALID_PAYLOAD']
  ])('answers %s with a named error', async (label, body, headers, status, code) => {
    const withAuth: Record<string, string> = label.includes('token') ? headers : { ...headers, authorization: `Bearer ${server.adminToken}` }
    const response = await post(body, withAuth)
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ error: { code, message: expect.any(String) } })
  })

  it('answers an unknown API route with NOT_FOUND', async () => {
    const response = await fetch(`${server.url}/api/nothing-here`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('creates nothing on refusal, and a meeting on a valid request', async () => {
    const headers = { authorization: `Bearer ${server.adminToken}` }
    const listed = async () => (await (await fetch(`${server.url}/api/meetings`, { headers })).json() as { meetings: unknown[] }).meetings
    expect(await listed()).toEqual([])
    const created = await post(JSON.stringify(smallMeeting()), { ...headers, 'content-type': 'application/json' })
    expect(created.status).toBe(201)
    const body = await created.json() as { id: string; links: { chair: string; delegations: Record<string, string> } }
    expect(body.links.chair).toMatch(new RegExp(`/m/${body.id}/chair#token=[\\w-]{32}$`))
    expect(Object.keys(body.links.delegations).sort()).toEqual(['KEN', 'MEX', 'NOR'])
    expect(await listed()).toHaveLength(1)
  })
})
