import { io as connectSocket, type Socket } from 'socket.io-client'
import { describe, expect, it } from 'vitest'
import { roomBroadcaster } from '../../server/socket/room-broadcast.ts'
import { roomName } from '../../server/socket/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

/** The app's typed events have no 'probe'; these tests send one. */
function untyped (emitter: object): { emit (event: string, ...args: unknown[]): unknown } {
  return emitter as { emit (event: string, ...args: unknown[]): unknown }
}

describe('a room broadcast written straight to each WebSocket', () => {
  const { server, seed } = useTestServer()
  const sockets: Socket[] = []

  async function listen (token: string): Promise<{ socket: Socket; events: [string, ...unknown[]][] }> {
    const socket = connectSocket(server().url, { auth: { token }, transports: ['websocket'] })
    sockets.push(socket)
    const events: [string, ...unknown[]][] = []
    socket.onAny((event: string, ...args: unknown[]) => events.push([event, ...args]))
    await new Promise<void>((resolve) => socket.once('session', () => resolve()))
    return { socket, events }
  }

  it('delivers to every member exactly what io.to(room).emit would, and nothing to others', async () => {
    const meeting = await seed(smallMeeting())
    const other = await seed(smallMeeting())
    const viewers = await Promise.all([listen(meeting.tokens.public), listen(meeting.tokens.chair), listen(meeting.tokens.delegations.KEN!)])
    const outsider = await listen(other.tokens.public)
    const broadcast = roomBroadcaster(server().app.io)
    const payload = { text: 'Kenya — كينيا — 肯尼亚 "quoted"', count: 3, nested: [1, { deep: null }] }

    broadcast(roomName.control(meeting.id), 'probe', 'control', payload)
    untyped(server().app.io.to(roomName.control(meeting.id))).emit('probe', 'reference', payload)

    await eventually(() => viewers.every(({ events }) => events.filter(([event]) => event === 'probe').length === 2))
    for (const { events } of viewers) {
      expect(events.filter(([event]) => event === 'probe')).toEqual([['probe', 'control', payload], ['probe', 'reference', payload]])
    }
    expect(outsider.events.some(([event]) => event === 'probe')).toBe(false)
    for (const socket of sockets.splice(0)) socket.disconnect()
  })

  it('never overtakes a packet the engine is still holding for that socket', async () => {
    const meeting = await seed(smallMeeting())
    const { socket, events } = await listen(meeting.tokens.public)
    const serverSocket = [...server().app.io.of('/').sockets.values()].find((candidate) => candidate.id === socket.id)!
    const broadcast = roomBroadcaster(server().app.io)

    // The first emit is in flight, so the engine queues the second until the write completes.
    untyped(serverSocket).emit('probe', 'first')
    untyped(serverSocket).emit('probe', 'second')
    broadcast(roomName.control(meeting.id), 'probe', 'broadcast')

    await eventually(() => events.filter(([event]) => event === 'probe').length === 3)
    expect(events.filter(([event]) => event === 'probe').map(([, label]) => label)).toEqual(['first', 'second', 'broadcast'])
    socket.disconnect()
  })
})
