import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ClusterClock } from '../../server/cluster/cluster-clock.ts'
import { postgresNow } from '../../server/store/postgres-now.ts'
import { ClockSync, type ClockSample } from '../../shared/client/clock-sync.ts'
import { clockErrorBoundMs } from '../support/clock-truth.ts'
import { freshDatabase, pgTestUrl, type FreshDatabase } from '../support/services.ts'

const url = pgTestUrl()

/** The samples an estimate rests on: ClockSync averages the faster half of its burst. */
function fasterHalf (samples: readonly ClockSample[]): ClockSample[] {
  const byRtt = [...samples].sort((a, b) => (a.receivedAtMs - a.sentAtMs) - (b.receivedAtMs - b.sentAtMs))
  return byRtt.slice(0, Math.ceil(byRtt.length / 2))
}

describe.skipIf(url === null)('ClusterClock against the real PostgreSQL', () => {
  let database: FreshDatabase
  let pool: pg.Pool
  const poolErrors: Error[] = []

  beforeAll(async () => {
    database = await freshDatabase(url!)
    pool = new pg.Pool({ connectionString: database.url, max: 2 })
    // An idle client's error with no listener would kill the test process (node-postgres #1700).
    pool.on('error', (error) => poolErrors.push(error))
  })

  afterAll(async () => {
    await pool?.end()
    await database?.drop()
    expect(poolErrors).toEqual([])
  })

  it('reads clock_timestamp() as epoch ms with sub-millisecond digits', async () => {
    const readings = await Promise.all(Array.from({ length: 8 }, postgresNow(pool)))
    for (const ms of readings) expect(Number.isFinite(ms) && ms > Date.UTC(2024, 0, 1)).toBe(true)
    // clock_timestamp() has microseconds; eight readings all on whole milliseconds would mean they were lost.
    expect(readings.some((ms) => !Number.isInteger(ms))).toBe(true)
  })

  it('estimates PostgreSQL\'s time from a node whose clock is 400 ms ahead, within the round trips it measured', async () => {
    const shiftMs = 400
    const clock = new ClusterClock({ reference: postgresNow(pool), local: () => ClockSync.localNowMs() + shiftMs })
    const taken = vi.spyOn(ClockSync.prototype, 'add')
    await clock.calibrate()
    const samples = taken.mock.calls.map(([sample]) => sample)
    taken.mockRestore()
    expect(samples).toHaveLength(16)

    // A fresh reading, bracketed by the clock's own: PostgreSQL read it somewhere between the two.
    const beforeMs = clock.now()
    const truthMs = await postgresNow(pool)()
    const afterMs = clock.now()
    const estimateMs = (beforeMs + afterMs) / 2
    // The estimate's doubt (half the slowest round trip it rests on, + 1 ms) and the bracket's (half its width).
    const boundMs = clockErrorBoundMs(fasterHalf(samples)) + (afterMs - beforeMs) / 2
    expect(Math.abs(estimateMs - truthMs), `bound ${boundMs} ms`).toBeLessThanOrEqual(boundMs)
    expect(clock.rttMs).toBe(Math.min(...samples.map((sample) => sample.receivedAtMs - sample.sentAtMs)))
  })

  it('finds the 400 ms shift itself: its offset differs from an unshifted clock\'s by 400 ms, within both estimates\' doubt', async () => {
    const taken = vi.spyOn(ClockSync.prototype, 'add')
    const shifted = new ClusterClock({ reference: postgresNow(pool), local: () => ClockSync.localNowMs() + 400 })
    const plain = new ClusterClock({ reference: postgresNow(pool) })
    await shifted.calibrate()
    const shiftedSamples = taken.mock.calls.map(([sample]) => sample)
    taken.mockClear()
    await plain.calibrate()
    const plainSamples = taken.mock.calls.map(([sample]) => sample)
    taken.mockRestore()
    const boundMs = clockErrorBoundMs(fasterHalf(shiftedSamples)) + clockErrorBoundMs(fasterHalf(plainSamples))
    expect(Math.abs(plain.offsetMs! - shifted.offsetMs! - 400)).toBeLessThanOrEqual(boundMs)
  })
})
