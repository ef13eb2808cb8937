import { afterEach, describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { smallMeeting } from '../support/meetings.ts'
import { connect, eventually, seedMeeting, startTestServer, type TestServer } from '../support/server.ts'

describe('the server clock, seen from a client', () => {
  let server: TestServer
  const clients: RostrumClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await server.destroy()
  })

  it('estimates a server clock 90 s ahead to within a few milliseconds', async () => {
    const skewMs = 90_000
    server = await startTestServer({ clock: { now: () => Date.now() + skewMs } })
    const meeting = await seedMeeting(server, smallMeeting())
    const client = await connect(server, meeting.tokens.public, clients)
    await eventually(() => client.clock.offsetMs !== null, { message: 'clock pings' })
    await client.syncClock(5)
    const localMs = performance.timeOrigin + performance.now()
    expect(Math.abs(client.serverNowMs() - (localMs + skewMs))).toBeLessThan(10)
  })

  it('stamps the floor with server time, not the client\'s', async () => {
    const skewMs = -3_600_000
    server = await startTestServer({ clock: { now: () => Date.now() + skewMs } })
    const meeting = await seedMeeting(server, smallMeeting())
    const chair = await connect(server, meeting.tokens.chair, clients)
    await chair.command('meeting:open', {})
    const first = Object.values(chair.state!.speakers)[0]!
    await chair.command('floor:give', { speakerId: first.id })
    expect(Math.abs(chair.state!.timer.runningSinceMs! - (Date.now() + skewMs))).toBeLessThan(1000)
  })
})
