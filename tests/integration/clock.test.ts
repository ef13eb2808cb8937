import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { clockErrorBoundMs, skewedServerClock } from '../support/clock-truth.ts'
import { smallMeeting } from '../support/meetings.ts'
import { connect, eventually, seedMeeting, startTestServer, type TestServer } from '../support/server.ts'

describe('the server clock, seen from a client', () => {
  let server: TestServer
  const clients: RostrumClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await server.destroy()
  })

  it('estimates a server clock 90 s ahead to within half the round trips it measured', async () => {
    const skewMs = 90_000
    server = await startTestServer({ clock: skewedServerClock(skewMs) })
    const meeting = await seedMeeting(server, smallMeeting())
    const client = await connect(server, meeting.tokens.public, clients)
    await eventually(() => client.clock.offsetMs !== null, { message: 'clock pings' })
    // Every sample the estimate rests on from here is one the test sees.
    client.clock.reset()
    const taken = vi.spyOn(client.clock, 'add')
    await client.syncClock(5)
    const samples = taken.mock.calls.map(([sample]) => sample)
    expect(samples.length).toBeGreaterThanOrEqual(5)
    expect(Math.abs(client.clock.offsetMs! - skewMs)).toBeLessThanOrEqual(clockErrorBoundMs(samples))
  })

  it('stamps the floor with server time, not the client\'s', async () => {
    // The server's clock stands an hour behind the machine's, and moves only when the test moves it.
    let nowMs = Date.now() - 3_600_000
    server = await startTestServer({ clock: { now: () => nowMs } })
    const meeting = await seedMeeting(server, smallMeeting())
    const chair = await connect(server, meeting.tokens.chair, clients)
    await chair.command('meeting:open', {})
    nowMs += 12_345
    const first = Object.values(chair.state!.speakers)[0]!
    await chair.command('floor:give', { speakerId: first.id })
    expect(chair.state!.timer.runningSinceMs).toBe(nowMs)
  })
})
