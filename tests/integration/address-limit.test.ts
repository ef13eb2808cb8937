import { describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

describe('connections per network address', () => {
  const { server, seed } = useTestServer({ config: { maxConnectionsPerAddress: 3 } })

  const open = (token: string): Socket => io(server().url, { auth: { token }, transports: ['websocket'], reconnection: false })
  const outcome = (socket: Socket) => new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'))
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message))
  })

  it('refuses one past the limit with a named error, and admits again once one leaves', async () => {
    const meeting = await seed(smallMeeting())
    const sockets = [open(meeting.tokens.public), open(meeting.tokens.public), open(meeting.tokens.chair)]
    expect(await Promise.all(sockets.map(outcome))).toEqual(['connected', 'connected', 'connected'])
    const extra = open(meeting.tokens.public)
    expect(await outcome(extra)).toBe('TOO_MANY_CONNECTIONS')
    extra.disconnect()

    // The server hears of a departure a moment after the client leaves: try until the place is free.
    sockets[0]!.disconnect()
    const deadline = Date.now() + 5000
    let again = open(meeting.tokens.public)
    while (await outcome(again) !== 'connected' && Date.now() < deadline) {
      again.disconnect()
      again = open(meeting.tokens.public)
    }
    expect(again.connected).toBe(true)
    for (const socket of [...sockets, again]) socket.disconnect()
  })
})
