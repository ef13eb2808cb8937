import { io as connectSocket, type Socket } from 'socket.io-client'
import type { WebSocket } from 'ws'
import { describe, expect, it } from 'vitest'
import type { Notice } from '../../shared/protocol/events.ts'
import { smallMeeting } from '../support/meetings.ts'
import { rawLiveLink, stepOne } from '../support/raw-clients.ts'
import { eventually, useTestServer } from '../support/server.ts'

/** The app's typed events have no 'probe'; these tests send one. */
function untyped (emitter: object): { emit (event: string, ...args: unknown[]): unknown } {
  return emitter as { emit (event: string, ...args: unknown[]): unknown }
}

describe('fan-out through the room, whatever the transport', () => {
  const { server, seed } = useTestServer()
  const sockets: Socket[] = []
  const links: WebSocket[] = []

  async function listen (token: string): Promise<{ socket: Socket; events: [string, ...unknown[]][] }> {
    const socket = connectSocket(server().url, { auth: { token }, transports: ['websocket'] })
    sockets.push(socket)
    const events: [string, ...unknown[]][] = []
    socket.onAny((event: string, ...args: unknown[]) => events.push([event, ...args]))
    await new Promise<void>((resolve) => socket.once('session', () => resolve()))
    return { socket, events }
  }

  async function watch (token: string): Promise<Record<string, unknown>[]> {
    const link = rawLiveLink(server().url)
    links.push(link)
    const messages: Record<string, unknown>[] = []
    link.on('message', (data, isBinary) => { if (!isBinary) messages.push(JSON.parse(String(data)) as Record<string, unknown>) })
    await new Promise<void>((resolve) => link.once('open', () => resolve()))
    link.send(JSON.stringify({ type: 'hello', token, control: stepOne(), notes: stepOne() }))
    await eventually(() => messages.some((message) => message.type === 'session'))
    return messages
  }

  function closeAll (): void {
    for (const socket of sockets.splice(0)) socket.disconnect()
    for (const link of links.splice(0)) link.close()
  }

  it('delivers to every connection of the meeting, on both transports, exactly what a direct send would, and nothing to others', async () => {
    const meeting = await seed(smallMeeting())
    const other = await seed(smallMeeting())
    const viewers = await Promise.all([listen(meeting.tokens.public), listen(meeting.tokens.chair), listen(meeting.tokens.delegations.KEN!)])
    const screen = await watch(meeting.tokens.public)
    const outsider = await listen(other.tokens.public)
    const outsiderScreen = await watch(other.tokens.public)
    const notice: Notice = { code: 'INTERNAL', message: 'Kenya — كينيا — 肯尼亚 "quoted"', event: 'probe' }

    server().app.members.publish(meeting.id, 'control', { type: 'notice', notice })
    for (const { socket } of viewers) {
      const serverSocket = server().app.io.of('/').sockets.get(socket.id!)!
      untyped(serverSocket).emit('notice', { ...notice, event: 'reference' })
    }

    const probes = (events: [string, ...unknown[]][]) => events.filter(([event, body]) => event === 'notice' && ['probe', 'reference'].includes((body as Notice).event))
    await eventually(() => viewers.every(({ events }) => probes(events).length === 2))
    for (const { events } of viewers) {
      expect(probes(events)).toEqual([['notice', notice], ['notice', { ...notice, event: 'reference' }]])
    }
    await eventually(() => screen.some((message) => message.event === 'probe'))
    expect(screen.filter((message) => message.event === 'probe')).toEqual([{ type: 'notice', ...notice }])
    expect(probes(outsider.events)).toEqual([])
    expect(outsiderScreen.some((message) => message.event === 'probe')).toBe(false)
    closeAll()
  })

  it('never overtakes a packet the engine is still holding for that socket', async () => {
    const meeting = await seed(smallMeeting())
    const { socket, events } = await listen(meeting.tokens.public)
    const serverSocket = server().app.io.of('/').sockets.get(socket.id!)!
    const probe = (label: string): Notice => ({ code: 'INTERNAL', message: label, event: 'probe' })

    // The first emit is in flight, so the engine queues the second until the write completes.
    untyped(serverSocket).emit('notice', probe('first'))
    untyped(serverSocket).emit('notice', probe('second'))
    server().app.members.publish(meeting.id, 'control', { type: 'notice', notice: probe('broadcast') })

    const labels = () => events.filter(([event, body]) => event === 'notice' && (body as Notice).event === 'probe').map(([, body]) => (body as Notice).message)
    await eventually(() => labels().length === 3)
    expect(labels()).toEqual(['first', 'second', 'broadcast'])
    closeAll()
  })
})
