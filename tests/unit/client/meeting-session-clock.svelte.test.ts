import { describe, expect, it } from 'vitest'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { eventually, useTestServer } from '../../support/server.ts'
import { callNext } from './call-next.ts'

describe('the meeting session: clock estimate, waiting order and schedule', () => {
  const { server, seed } = useTestServer()
  const open = (token: string) => new MeetingSession(new RostrumClient({ url: server().url, token }))

  it('reports the clock estimate, and re-estimates it from scratch on demand', async () => {
    const meeting = await seed(smallMeeting())
    const screen = open(meeting.tokens.public)
    try {
      expect(screen.clockSync).toEqual({ offsetMs: null, rttMs: null })
      await eventually(() => screen.clockSync.rttMs !== null, { message: 'a clock estimate' })
      // Same machine: the server's clock is this one, give or take the round trip.
      expect(Math.abs(screen.clockSync.offsetMs ?? Infinity)).toBeLessThanOrEqual((screen.clockSync.rttMs ?? 0) + 5)
      expect(Math.abs(screen.serverNowMs() - Date.now())).toBeLessThan(50)

      await screen.resyncClock()
      expect(screen.clockSync.rttMs).not.toBeNull()
      expect(Math.abs(screen.serverNowMs() - Date.now())).toBeLessThan(50)
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
