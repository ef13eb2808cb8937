import { describe, expect, it, vi } from 'vitest'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { ClockSync } from '../../../shared/client/clock-sync.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import { clockErrorBoundMs, skewedServerClock } from '../../support/clock-truth.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { eventually, useTestServer } from '../../support/server.ts'
import { callNext } from './call-next.ts'

describe('the meeting session: clock estimate, waiting order and schedule', () => {
  const { server, seed } = useTestServer({ clock: skewedServerClock(0) })
  const open = (token: string) => new MeetingSession(new RostrumClient({ url: server().url, token }))

  it('reports the clock estimate, and re-estimates it from scratch on demand', async () => {
    const meeting = await seed(smallMeeting())
    const client = new RostrumClient({ url: server().url, token: meeting.tokens.public })
    const taken = vi.spyOn(client.clock, 'add')
    const samples = () => taken.mock.calls.map(([sample]) => sample)
    const screen = new MeetingSession(client)
    try {
      expect(screen.clockSync).toEqual({ offsetMs: null, rttMs: null })
      await eventually(() => screen.clockSync.rttMs !== null, { message: 'a clock estimate' })
      // The server's clock is the client's own (skewedServerClock(0)): the truth is an offset of zero,
      // and the estimate is within the bound its own samples set.
      expect(Math.abs(screen.clockSync.offsetMs!)).toBeLessThanOrEqual(clockErrorBoundMs(samples()))
      expect(Math.abs(screen.serverNowMs() - ClockSync.localNowMs())).toBeLessThanOrEqual(clockErrorBoundMs(samples()))

      taken.mockClear()
      await screen.resyncClock()
      expect(screen.clockSync.rttMs).not.toBeNull()
      expect(Math.abs(screen.serverNowMs() - ClockSync.localNowMs())).toBeLessThanOrEqual(clockErrorBoundMs(samples()))
    } finally {
      screen.destroy()
    }
  })

  it('lists who is waiting in calling order and projects when the debate ends', async () => {
    const meeting = await seed(smallMeeting({ roomHours: [] }))
    const chair = open(meeting.tokens.chair)
    const screen = open(meeting.tokens.public)
    try {
      await eventually(() => chair.connection === 'live' && screen.connection === 'live')
      expect(screen.waiting.map((speaker) => speaker.name)).toEqual(['Kenya', 'Mexico'])
      expect(await chair.run('meeting:open', {})).toBe(true)
      expect(await callNext(chair)).toBe(true)
      await eventually(() => screen.waiting.length === 1)
      expect(screen.waiting[0]?.name).toBe('Mexico')
      const schedule = screen.schedule
      expect(schedule?.etas[screen.waiting[0]!.id]?.position).toBe(1)
      // Kenya's five minutes, then Mexico's: about ten minutes from now.
      expect(schedule?.projectedEndMs).toBeGreaterThan(Date.now() + 9 * 60_000)
      expect(schedule?.projectedEndMs).toBeLessThan(Date.now() + 11 * 60_000)
    } finally {
      chair.destroy()
      screen.destroy()
    }
  })
})
