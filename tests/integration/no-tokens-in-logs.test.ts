import { Writable } from 'node:stream'
import pino from 'pino'
import { io } from 'socket.io-client'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { smallMeeting } from '../support/meetings.ts'
import { connect, seedMeeting, startTestServer, type TestServer } from '../support/server.ts'

describe('logs', () => {
  let server: TestServer | null = null
  afterEach(async () => { await server?.destroy() })

  it('never contain a token, even at trace level and on the error paths', async () => {
    const lines: string[] = []
    const sink = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done() } })
    server = await startTestServer({ logger: pino({ level: 'trace' }, sink) })
    const meeting = await seedMeeting(server, smallMeeting())
    const tokens = [server.adminToken, meeting.tokens.chair, meeting.tokens.notetaker, meeting.tokens.public, ...Object.values(meeting.tokens.delegations)]

    const chair = await connect(server, meeting.tokens.chair)
    await chair.command('meeting:open', {})
    await chair.command('floor:end', {})
    await fetch(`${server.url}/api/meetings/${meeting.id}/export.csv`, { headers: { authorization: `Bearer ${meeting.tokens.chair}` } })
    await fetch(`${server.url}/api/meetings/${meeting.id}/export.csv`, { headers: { authorization: `Bearer ${meeting.tokens.public}` } })
    await fetch(`${server.url}/api/meetings`, { headers: { authorization: `Bearer ${server.adminToken}x` } })
    const wrong = io(server.url, { auth: { token: `${meeting.tokens.chair}x` }, transports: ['websocket'], reconnection: false })
    await new Promise((resolve) => wrong.once('connect_error', resolve))
    wrong.disconnect()

    // Break the store under a live socket: the command is answered "not saved", and the error logged with its context.
    await server.store.close()
    const ack = await chair.socket.timeout(5000).emitWithAck('command', { id: 'after-store-closed', type: 'list:close', payload: {} }) as CommandAck
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_SAVED' } })
    // An HTTP handler that throws is logged with its cause too: an export whose store is closed.
    const exported = await fetch(`${server.url}/api/meetings/${meeting.id}/export.csv`, { headers: { authorization: `Bearer ${meeting.tokens.chair}` } })
    expect(exported.status).toBe(500)
    chair.close()

    const log = lines.join('')
    expect(log).toContain('command not persisted')
    expect(log).toContain(meeting.id)
    for (const token of tokens) expect(log).not.toContain(token)
  })
})
