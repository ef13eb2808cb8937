import { describe, expect, it } from 'vitest'
import { ClockSync } from '../../../shared/client/clock-sync.ts'

describe('clock offset estimate', () => {
  it.each([
    ['a symmetric round trip', [{ sentAtMs: 1000, serverNowMs: 6010, receivedAtMs: 1020 }], 5000, 20],
    ['the fastest samples win over a slow one', [
      { sentAtMs: 0, serverNowMs: 5400, receivedAtMs: 800 },
      { sentAtMs: 1000, serverNowMs: 6005, receivedAtMs: 1010 },
      { sentAtMs: 2000, serverNowMs: 7006, receivedAtMs: 2012 },
      { sentAtMs: 3000, serverNowMs: 8004, receivedAtMs: 3008 }
    ], 5000, 8],
    ['the faster half of the samples is averaged; the slow one is left out', [
      { sentAtMs: 0, serverNowMs: 5040, receivedAtMs: 60 },
      { sentAtMs: 100, serverNowMs: 5200, receivedAtMs: 300 },
      { sentAtMs: 400, serverNowMs: 5405, receivedAtMs: 410 }
    ], 5005, 10],
    ['a server behind the client', [{ sentAtMs: 10_000, serverNowMs: 7_505, receivedAtMs: 10_010 }], -2500, 10]
  ])('%s', (_label, samples, expectedOffsetMs, expectedRttMs) => {
    const clock = new ClockSync()
    for (const sample of samples) clock.add(sample)
    expect(clock.offsetMs).toBe(expectedOffsetMs)
    expect(clock.rttMs).toBe(expectedRttMs)
    expect(clock.serverNowMs(100)).toBe(100 + expectedOffsetMs)
  })

  it('reads local time until the first sample', () => {
    const clock = new ClockSync()
    expect(clock.offsetMs).toBeNull()
    expect(clock.serverNowMs(1234)).toBe(1234)
  })
})
