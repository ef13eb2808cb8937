import { afterEach, describe, expect, it, vi } from 'vitest'
import { ClusterClock, MAX_SLEW_MS_PER_S } from '../../../server/cluster/cluster-clock.ts'

/**
 * A local clock only the test moves, and a reference `offsetMs` ahead of it. Each read of the reference
 * moves the local clock by its two legs (`legsMs(call)`, 1 ms each way unless told), so a burst takes
 * time as a real one does and each sample's doubt is known.
 */
function fakeWorld (options: { legsMs?: (call: number) => [outMs: number, backMs: number] } = {}) {
  const world = { localMs: 1_000_000, offsetMs: 0, calls: 0, down: false }
  const legsMs = options.legsMs ?? (() => [1, 1])
  const reference = async (): Promise<number> => {
    const [outMs, backMs] = legsMs(world.calls++)
    if (world.down) throw new Error('the reference is down')
    world.localMs += outMs
    const referenceMs = world.localMs + world.offsetMs
    world.localMs += backMs
    return referenceMs
  }
  const clock = new ClusterClock({ reference, local: () => world.localMs })
  /** How far `now()` stands from local time, i.e. the offset it applies at the moment. */
  const applied = (): number => clock.now() - world.localMs
  return { world, clock, applied }
}

describe('ClusterClock', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('reads the local clock until its first calibration', () => {
    const { world, clock } = fakeWorld()
    expect(clock.now()).toBe(world.localMs)
    world.localMs += 250
    expect(clock.now()).toBe(world.localMs)
    expect([clock.offsetMs, clock.rttMs]).toEqual([null, null])
  })

  it('applies its first estimate at once, from a burst of 16 reads', async () => {
    const { world, clock, applied } = fakeWorld()
    world.offsetMs = 90_000
    await clock.calibrate()
    expect(world.calls).toBe(16)
    expect([clock.offsetMs, clock.rttMs]).toEqual([90_000, 2])
    expect(applied()).toBe(90_000)
  })

  it('estimates as the clients do: the faster half of the burst, so lopsided slow round trips are left out', async () => {
    // Half the reads wait 40 ms on the way out only, which would put the offset 20 ms late.
    const { world, clock } = fakeWorld({ legsMs: (call) => call % 2 === 0 ? [40, 0] : [1, 1] })
    world.offsetMs = 5_000
    await clock.calibrate()
    expect([clock.offsetMs, clock.rttMs]).toEqual([5_000, 2])
  })

  it(`slews a later correction at ${MAX_SLEW_MS_PER_S} ms per local second, backwards and forwards`, async () => {
    const { world, clock, applied } = fakeWorld()
    world.offsetMs = 1_000
    await clock.calibrate()
    world.offsetMs = 900
    await clock.calibrate()
    expect(clock.offsetMs).toBe(900)
    expect(applied()).toBe(1_000)
    world.localMs += 1_000
    expect(applied()).toBeCloseTo(1_000 - MAX_SLEW_MS_PER_S, 9)
    world.localMs += 19_000
    expect(applied()).toBeCloseTo(900, 9)
    world.localMs += 60_000
    expect(applied()).toBeCloseTo(900, 9)

    world.offsetMs = 1_100
    await clock.calibrate()
    world.localMs += 2_000
    expect(applied()).toBeCloseTo(900 + 2 * MAX_SLEW_MS_PER_S, 9)
  })

  it('slews by local time elapsed, however seldom it is read', async () => {
    const often = fakeWorld()
    const seldom = fakeWorld()
    for (const { world, clock } of [often, seldom]) {
      world.offsetMs = 0
      await clock.calibrate()
      world.offsetMs = -300
      await clock.calibrate()
    }
    for (let i = 0; i < 100; i++) {
      often.world.localMs += 100
      often.clock.now()
    }
    seldom.world.localMs += 10_000
    expect(often.applied()).toBeCloseTo(seldom.applied(), 9)
    expect(seldom.applied()).toBeCloseTo(-10 * MAX_SLEW_MS_PER_S, 9)
  })

  it('never goes backwards through a 10 s backward correction: instants stamped keep their order', async () => {
    const { world, clock } = fakeWorld()
    await clock.calibrate()
    let previousMs = clock.preciseNow()
    let previousLocalMs = world.localMs
    world.offsetMs = -10_000
    await clock.calibrate()
    for (let i = 0; i < 5_000; i++) {
      world.localMs += (i * 7919) % 97
      const nowMs = clock.preciseNow()
      // It keeps 99.5 % of the local clock's pace (nothing at all when the local clock stood still).
      expect(nowMs - previousMs).toBeGreaterThanOrEqual((world.localMs - previousLocalMs) * (1 - MAX_SLEW_MS_PER_S / 1000) - 1e-6)
      if (world.localMs > previousLocalMs) expect(nowMs).toBeGreaterThan(previousMs)
      previousMs = nowMs
      previousLocalMs = world.localMs
    }
  })

  it('stamps whole milliseconds, as Date.now() does, and never goes back in them either', async () => {
    const { world, clock } = fakeWorld()
    world.offsetMs = 0.6
    await clock.calibrate()
    let previousMs = clock.now()
    for (let i = 0; i < 1_000; i++) {
      world.localMs += 0.37
      const nowMs = clock.now()
      expect(Number.isInteger(nowMs)).toBe(true)
      expect(nowMs).toBeGreaterThanOrEqual(previousMs)
      expect(nowMs).toBe(Math.floor(clock.preciseNow()))
      previousMs = nowMs
    }
  })

  it('holds still, rather than go back, when its first estimate is behind a time it already gave out', async () => {
    const { world, clock } = fakeWorld()
    const givenMs = clock.now()
    world.offsetMs = -500
    await clock.calibrate()
    expect(clock.offsetMs).toBe(-500)
    expect(clock.now()).toBe(givenMs)
    world.localMs = givenMs + 500
    expect(clock.now()).toBe(givenMs)
    world.localMs += 1
    expect(clock.now()).toBe(givenMs + 1)
  })

  it('never goes backwards even when an injected local clock does', () => {
    let localMs = 5_000
    const clock = new ClusterClock({ reference: async () => 0, local: () => localMs })
    expect(clock.now()).toBe(5_000)
    localMs = 4_000
    expect(clock.now()).toBe(5_000)
  })

  it('keeps its estimate when a burst fails, and says why', async () => {
    const { world, clock, applied } = fakeWorld()
    world.offsetMs = 1_000
    await clock.calibrate()
    world.offsetMs = 2_000
    world.down = true
    await expect(clock.calibrate()).rejects.toThrow('the reference is down')
    expect([clock.offsetMs, applied()]).toEqual([1_000, 1_000])
  })

  it('shares one burst among calibrations asked for while it runs', async () => {
    const { world, clock } = fakeWorld()
    await Promise.all([clock.calibrate(), clock.calibrate()])
    expect(world.calls).toBe(16)
    await clock.calibrate()
    expect(world.calls).toBe(32)
  })

  it('recalibrates every interval once started, on a timer that never holds the process open, until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const scheduled = vi.spyOn(globalThis, 'setInterval')
    const { world, clock } = fakeWorld()
    const errors: unknown[] = []
    clock.start((error) => errors.push(error))
    expect(scheduled.mock.results[0]?.value.hasRef()).toBe(false)
    expect(world.calls).toBe(0)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(world.calls).toBe(16)
    world.down = true
    await vi.advanceTimersByTimeAsync(30_000)
    expect(errors).toEqual([new Error('the reference is down')])
    clock.stop()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(world.calls).toBe(17)
  })
})
