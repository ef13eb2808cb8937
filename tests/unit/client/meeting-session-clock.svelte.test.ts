import { describe, expect, it, vi } from 'vitest'
import { useMemoryPairs } from '../../support/memory-pair.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { callNext } from './call-next.ts'
import { usePairSessions } from './pair-sessions.ts'

describe('the meeting session: clock estimate, waiting order and schedule', () => {
  const startPair = useMemoryPairs()
  const open = usePairSessions()

  it('reports the clock estimate, and re-estimates it from scratch on demand', async () => {
    // The server's clock is 90 s ahead of this device's; each ping is answered with no time passing.
    const pair = await startPair(smallMeeting(), { serverAheadMs: 90_000 })
    const client = pair.open(pair.meeting.tokens.public)
    const taken = vi.spyOn(client.clock, 'add')
    const screen = open(pair, client)
    expect(screen.clockSync).toEqual({ offsetMs: null, rttMs: null })
    expect(screen.serverNowMs()).toBe(pair.localNowMs())

    await pair.flush()
    expect(taken).toHaveBeenCalledTimes(3)
    expect(screen.clockSync).toEqual({ offsetMs: 90_000, rttMs: 0 })
    expect(screen.serverNowMs()).toBe(pair.nowMs)
    // The reading follows the clock on each tick.
    pair.advance(1500)
    expect(screen.nowMs).toBe(pair.nowMs)

    // The server's clock is set 5 s forward: a fresh estimate forgets the old samples, which would
    // otherwise be half of the fastest it averages.
    pair.serverAheadMs = 95_000
    taken.mockClear()
    await pair.settle(screen.resyncClock())
    expect(taken).toHaveBeenCalledTimes(3)
    expect(client.clock.sampleCount).toBe(3)
    expect(screen.clockSync).toEqual({ offsetMs: 95_000, rttMs: 0 })
    expect(screen.serverNowMs()).toBe(pair.nowMs)
  })

  it('lists who is waiting in calling order and projects when the debate ends', async () => {
    const pair = await startPair(smallMeeting({ roomHours: [] }))
    const chair = open(pair, pair.meeting.tokens.chair)
    const screen = open(pair, pair.meeting.tokens.public)
    await pair.flush()
    expect(screen.waiting.map((speaker) => speaker.name)).toEqual(['Kenya', 'Mexico'])
    expect(await pair.settle(chair.run('meeting:open', {}))).toBe(true)
    expect(await pair.settle(callNext(chair))).toBe(true)
    expect(screen.waiting.map((speaker) => speaker.name)).toEqual(['Mexico'])
    const schedule = screen.schedule
    expect(schedule?.etas[screen.waiting[0]!.id]?.position).toBe(1)
    // Kenya's five minutes, then Mexico's: ten minutes from now, by the server's clock.
    expect(schedule?.projectedEndMs).toBe(pair.nowMs + 10 * 60_000)
  })
})
