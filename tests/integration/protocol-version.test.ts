// A page kept alive by the service worker can speak an older protocol than the server: it is told so by
// name, on either transport, and does not retry; a client that sends no version speaks version 1.
import { io as connectSocket } from 'socket.io-client'
import { describe, expect, it } from 'vitest'
import { LIVE_CLOSE } from '../../shared/protocol/live.ts'
import { MIN_CLIENT_PROTOCOL_VERSION } from '../../shared/protocol/messages.ts'
import { smallMeeting } from '../support/meetings.ts'
import { rawLiveLink, stepOne } from '../support/raw-clients.ts'
import { useTestServer } from '../support/server.ts'

const TOO_OLD = MIN_CLIENT_PROTOCOL_VERSION - 1

describe('the client\'s protocol version', () => {
  const { server, seed } = useTestServer()

  it('refuses an older Socket.IO client with connect_error PROTOCOL_TOO_OLD', async () => {
    const meeting = await seed(smallMeeting())
    const socket = connectSocket(server().url, { auth: { token: meeting.tokens.public, protocolVersion: TOO_OLD }, transports: ['websocket'], reconnection: false })
    const error = await new Promise<Error & { data?: { code: string; message: string } }>((resolve) => socket.once('connect_error', resolve))
    socket.disconnect()
    expect(error.message).toBe('PROTOCOL_TOO_OLD')
    expect(error.data?.code).toBe('PROTOCOL_TOO_OLD')
    expect(error.data?.message).toMatch(/Reload the page/)
  })

  it('closes an older live link with 4426 after a PROTOCOL_TOO_OLD notice', async () => {
    const meeting = await seed(smallMeeting())
    const link = rawLiveLink(server().url)
    const texts: Record<string, unknown>[] = []
    link.on('message', (data, isBinary) => { if (!isBinary) texts.push(JSON.parse(String(data)) as Record<string, unknown>) })
    link.once('open', () => link.send(JSON.stringify({ type: 'hello', token: meeting.tokens.public, protocolVersion: TOO_OLD, control: stepOne(), notes: stepOne() })))
    const code = await new Promise<number>((resolve) => link.once('close', resolve))
    expect(code).toBe(LIVE_CLOSE.protocolTooOld)
    expect(texts).toEqual([{ type: 'notice', code: 'PROTOCOL_TOO_OLD', message: expect.stringMatching(/Reload the page/), event: 'hello' }])
  })

  it('serves a client that sends no version as version 1', async () => {
    const meeting = await seed(smallMeeting())
    const socket = connectSocket(server().url, { auth: { token: meeting.tokens.public }, transports: ['websocket'], reconnection: false })
    const session = await new Promise<{ role: string }>((resolve) => socket.once('session', resolve))
    socket.disconnect()
    expect(session.role).toBe('public')
  })
})
