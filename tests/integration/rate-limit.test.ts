import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../server/core/rate-limit.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

describe('command rate limits', () => {
  const { seed, connect } = useTestServer()

  it('answers a flood with RATE_LIMITED, runs nothing it refused, and recovers', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const flood = await Promise.all(Array.from({ length: 400 }, (_, i) =>
      chair.socket.timeout(10_000).emitWithAck('command', { id: `flood-${i.toString().padStart(4, '0')}`, type: 'list:close', payload: {} }) as Promise<CommandAck>))
    const codes = flood.map((ack) => (ack.ok ? 'ok' : ack.error.code))
    expect(codes.filter((code) => code === 'ok')).toHaveLength(1)
    expect(codes.filter((code) => code === 'RATE_LIMITED').length).toBeGreaterThan(100)
    expect(codes.filter((code) => code === 'INVALID_TRANSITION').length).toBeGreaterThan(100)
    expect(chair.state!.meeting.listClosed).toBe(true)

    // Tokens come back at 60 a second: a command is accepted again shortly after.
    let ack = await chair.command('list:reopen', {})
    const deadline = Date.now() + 5000
    while (!ack.ok && Date.now() < deadline) ack = await chair.command('list:reopen', {})
    expect(ack.ok).toBe(true)
  })
})

describe('the token bucket', () => {
  it.each([
    ['a full bucket allows its capacity at once', 3, 1, [0, 0, 0, 0], [true, true, true, false]],
    ['it refills at its rate', 2, 2, [0, 0, 0, 500, 500, 1000], [true, true, false, true, false, true]],
    ['it never holds more than its capacity', 2, 10, [0, 10_000, 10_000, 10_000], [true, true, true, false]]
  ])('%s', (_label, capacity, perSecond, times, expected) => {
    const bucket = new TokenBucket(capacity, perSecond, 0)
    expect(times.map((t) => bucket.take(t))).toEqual(expected)
  })
})
