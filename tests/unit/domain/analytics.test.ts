import { describe, expect, it } from 'vitest'
import {
  DEFAULT_EXPECTED_DURATION_MS,
  estimateSchedule,
  overruns,
  resolveRoomSessions,
  timeUsed,
  type AbsoluteSession
} from '../../../shared/domain/index.ts'
import { command, meetingWith, MINUTE, SECOND, standardSegments, T0, type TestMeeting } from './builders.ts'

const ROOM_HOURS = [
  { start: '10:00', end: '13:00' },
  { start: '15:00', end: '18:00' }
]
const at = (localNewYork: string) => Date.parse(`${localNewYork}-05:00`) // November: EST
const debate = (speakers = ['Mexico', 'Norway', 'Finland', 'Kenya'], briefers: string[] = []) =>
  meetingWith({ segments: standardSegments(briefers, speakers, ['India']), roomHours: ROOM_HOURS })

/** Speaks for `ms` (and ends) at the current clock. */
function speak (m: TestMeeting, name: string, ms: number): void {
  m.give(name).advance(ms).ok(command('floor:end', {}))
}

const eta = (m: TestMeeting, name: string, sessions: AbsoluteSession[] = []) =>
  estimateSchedule(m.state, m.nowMs, sessions).etas[m.speakerId(name)]

describe('estimateSchedule without room hours', () => {
  it('starts after the remainder of the current statement and adds expected durations', () => {
    const m = debate().give('Mexico').advance(2 * MINUTE)
    const schedule = estimateSchedule(m.state, m.nowMs, [])
    expect(schedule.etas[m.speakerId('Norway')]).toEqual({ position: 1, aheadCount: 0, expectedStartMs: T0 + 5 * MINUTE, expectedDurationMs: 5 * MINUTE })
    expect(schedule.etas[m.speakerId('Finland')]).toMatchObject({ position: 2, aheadCount: 1, expectedStartMs: T0 + 10 * MINUTE })
    expect(schedule.etas[m.speakerId('India')]).toMatchObject({ position: 4, expectedStartMs: T0 + 20 * MINUTE, expectedDurationMs: 3 * MINUTE })
    expect(schedule.etas[m.speakerId('Mexico')]).toBeUndefined()
    expect(schedule).toMatchObject({ projectedEndMs: T0 + 23 * MINUTE, fits: true, overflowMs: 0, averageDurationMs: null })
  })

  it('never counts a negative remainder for a speaker past the limit', () => {
    const m = debate().give('Mexico').advance(7 * MINUTE)
    expect(eta(m, 'Norway')?.expectedStartMs).toBe(m.nowMs)
  })

  // The median of duration/limit over delivered statements and two assumed on time, clamped to [0.5, 2].
  it.each([
    ['runs over: 7 of 5 minutes three times → ×1.4', [7 * MINUTE, 7 * MINUTE, 7 * MINUTE], 7 * MINUTE],
    ['the middle one counts: 6, 7 and 7 of 5 minutes → ×1.2', [6 * MINUTE, 7 * MINUTE, 7 * MINUTE], 6 * MINUTE],
    ['two running over only start to move it: 6 and 7 of 5 minutes → ×1.1', [6 * MINUTE, 7 * MINUTE], 5.5 * MINUTE],
    ['runs short: 2 of 5 minutes three times → ×0.5 (clamped from ×0.4)', [2 * MINUTE, 2 * MINUTE, 2 * MINUTE], 2.5 * MINUTE],
    ['way over: 15 of 5 minutes three times is clamped to ×2', [15 * MINUTE, 15 * MINUTE, 15 * MINUTE], 10 * MINUTE],
    ['one way over moves nothing: 15 of 5 minutes', [15 * MINUTE], 5 * MINUTE],
    ['one way under moves nothing: 30 s of 5 minutes', [30 * SECOND], 5 * MINUTE]
  ])('scales the limit by how speakers actually run: %s', (_label, delivered, expected) => {
    const m = debate(['Mexico', 'Norway', 'Finland', 'Kenya'])
    const names = ['Mexico', 'Norway', 'Finland']
    delivered.forEach((ms, index) => speak(m, names[index] ?? 'Mexico', ms))
    expect(eta(m, 'Kenya')?.expectedDurationMs).toBe(expected)
    expect(eta(m, 'India')?.expectedDurationMs).toBe(Math.round((expected / (5 * MINUTE)) * 3 * MINUTE))
  })

  // Issue 13, item 6: one statement of 1:15 against 0:25 moved the projected end from 19:52 to 21:41.
  it.each([
    ['as the first statement', 0],
    ['after three statements on time', 3]
  ])('one outlier moves the projected end by its own overrun only (%s)', (_label, onTime) => {
    const speakers = ['Mexico', 'Norway', 'Finland', 'Kenya', 'Brazil', 'Chile']
    const m = debate(speakers)
    speakers.slice(0, onTime).forEach((name) => speak(m, name, 5 * MINUTE))
    const outlier = m.ok(command('speaker:add', { name: 'Ireland', limitMs: 25 * SECOND, segmentId: m.segmentId('Speakers'), afterId: null }))
    const before = estimateSchedule(m.state, m.nowMs, [])
    expect(before.etas[outlier['speakerId'] as never]?.expectedDurationMs).toBe(25 * SECOND)
    speak(m, 'Ireland', 75 * SECOND)
    const after = estimateSchedule(m.state, m.nowMs, [])
    expect((after.projectedEndMs ?? 0) - (before.projectedEndMs ?? 0)).toBe(75 * SECOND - 25 * SECOND)
    const waiting = speakers.slice(onTime).map((name) => after.etas[m.speakerId(name)]?.expectedStartMs ?? 0)
    expect(waiting.slice(1).map((start, index) => start - waiting[index]!)).toEqual(waiting.slice(1).map(() => 5 * MINUTE))
  })

  it('a speaker without a limit is expected to take the median duration of those without one, or 5 minutes', () => {
    const m = debate(['Mexico'], ['Secretary-General', 'President of ECOSOC'])
    expect(eta(m, 'President of ECOSOC')?.expectedDurationMs).toBe(DEFAULT_EXPECTED_DURATION_MS)
    speak(m, 'Secretary-General', 12 * MINUTE)
    expect(eta(m, 'President of ECOSOC')?.expectedDurationMs).toBe(12 * MINUTE)
    expect(estimateSchedule(m.state, m.nowMs).averageDurationMs).toBe(12 * MINUTE)
  })

  it('under a point of order, counts what the interrupted speaker has left', () => {
    const m = debate().give('Mexico').advance(2 * MINUTE)
    m.ok(command('point-of-order:raise', { name: 'Kenya' }))
    m.advance(MINUTE)
    expect(eta(m, 'Norway')?.expectedStartMs).toBe(m.nowMs + 3 * MINUTE)
  })

  it('a paused clock keeps its remainder', () => {
    const m = debate().give('Mexico').advance(MINUTE)
    m.ok(command('timer:pause', {}))
    m.advance(10 * MINUTE)
    expect(eta(m, 'Norway')?.expectedStartMs).toBe(m.nowMs + 4 * MINUTE)
  })

  it('projects no end when nobody is left', () => {
    const m = meetingWith({ segments: standardSegments() })
    expect(estimateSchedule(m.state, T0, [])).toEqual({ etas: {}, projectedEndMs: null, fits: true, overflowMs: 0, averageDurationMs: null, suspended: false })
  })
})

describe('estimateSchedule against room hours', () => {
  const sessionsFrom = (m: TestMeeting, days = 1) => resolveRoomSessions(ROOM_HOURS, 'America/New_York', m.nowMs, days)

  it('moves a speaker who would start after the morning sitting to 15:00', () => {
    const m = debate()
    m.nowMs = at('2021-11-16T12:50')
    const sessions = sessionsFrom(m)
    const schedule = estimateSchedule(m.state, m.nowMs, sessions)
    const starts = ['Mexico', 'Norway', 'Finland', 'Kenya', 'India'].map((name) => schedule.etas[m.speakerId(name)]?.expectedStartMs)
    expect(starts).toEqual([at('2021-11-16T12:50'), at('2021-11-16T12:55'), at('2021-11-16T15:00'), at('2021-11-16T15:05'), at('2021-11-16T15:10')])
    expect(schedule).toMatchObject({ projectedEndMs: at('2021-11-16T15:13'), fits: true, overflowMs: 0 })
  })

  const notSitting = (m: ReturnType<typeof debate>, status: 'scheduled' | 'suspended') => {
    m.state = { ...m.state, meeting: { ...m.state.meeting, status } }
    return m
  }

  it('waits for the first sitting before the meeting starts', () => {
    const m = notSitting(debate(), 'scheduled')
    m.nowMs = at('2021-11-16T09:15')
    expect(eta(m, 'Mexico', sessionsFrom(m))?.expectedStartMs).toBe(at('2021-11-16T10:00'))
  })

  it.each([
    ['the day’s sittings only', 1, at('2021-11-16T18:03'), 3 * MINUTE],
    ['tomorrow’s sittings too', 2, at('2021-11-17T10:03'), 16 * 60 * MINUTE + 3 * MINUTE]
  ])('does not fit when the list runs past 18:00 (%s)', (_label, days, projectedEndMs, overflowMs) => {
    const m = debate(['Mexico', 'Norway'])
    m.nowMs = at('2021-11-16T17:50')
    const schedule = estimateSchedule(m.state, m.nowMs, sessionsFrom(m, days))
    expect(schedule).toMatchObject({ projectedEndMs, fits: false, overflowMs })
  })

  it('on the day clocks go back, the next sitting is at 10:00 EST, not 10:00 EDT', () => {
    const m = debate(['Mexico', 'Norway'])
    m.nowMs = Date.parse('2021-11-06T17:55-04:00')
    const sessions = resolveRoomSessions(ROOM_HOURS, 'America/New_York', m.nowMs, 2)
    const schedule = estimateSchedule(m.state, m.nowMs, sessions)
    expect(schedule.etas[m.speakerId('Norway')]?.expectedStartMs).toBe(Date.parse('2021-11-07T10:00-05:00'))
    expect(schedule.etas[m.speakerId('India')]?.expectedStartMs).toBe(Date.parse('2021-11-07T10:05-05:00'))
    expect(schedule).toMatchObject({ projectedEndMs: Date.parse('2021-11-07T10:08-05:00'), fits: false })
    expect(schedule.overflowMs).toBe(Date.parse('2021-11-07T10:08-05:00') - Date.parse('2021-11-06T18:00-04:00'))
  })

  it('a meeting sitting late goes on now and is over today\'s last sitting', () => {
    const m = debate(['Mexico', 'Norway'])
    m.nowMs = at('2021-11-16T19:00')
    const schedule = estimateSchedule(m.state, m.nowMs, sessionsFrom(m, 2))
    expect(schedule.etas[m.speakerId('Mexico')]?.expectedStartMs).toBe(at('2021-11-16T19:00'))
    expect(schedule.fits).toBe(false)
    expect(schedule.overflowMs).toBe(schedule.projectedEndMs! - at('2021-11-16T18:00'))
    expect(schedule.overflowMs).toBeGreaterThan(60 * MINUTE)
  })

  // Issue 13, item 6: during a suspension the projection says so, rather than that the list fits.
  it.each([
    ['open', false],
    ['suspended', true]
  ] as const)('tells whether the meeting is suspended (%s)', (status, suspended) => {
    const m = debate(['Mexico', 'Norway']).give('Mexico')
    m.state = { ...m.state, meeting: { ...m.state.meeting, status } }
    m.nowMs = at('2021-11-16T11:00')
    expect(estimateSchedule(m.state, m.nowMs, sessionsFrom(m)).suspended).toBe(suspended)
  })

  it('a meeting suspended for the night resumes at the next sitting and is measured against that day', () => {
    const m = notSitting(debate(['Mexico', 'Norway']), 'suspended')
    m.nowMs = at('2021-11-16T23:49')
    const schedule = estimateSchedule(m.state, m.nowMs, sessionsFrom(m, 2))
    expect(schedule.etas[m.speakerId('Mexico')]?.expectedStartMs).toBe(at('2021-11-17T10:00'))
    expect(schedule).toMatchObject({ fits: true, overflowMs: 0 })
  })

  it('on a day without sittings, measures against the next sitting day', () => {
    const m = notSitting(debate(['Mexico']), 'scheduled')
    m.nowMs = at('2021-11-15T20:00')
    const sessions = resolveRoomSessions(ROOM_HOURS, 'America/New_York', at('2021-11-16T08:00'), 1)
    expect(estimateSchedule(m.state, m.nowMs, sessions)).toMatchObject({ fits: true, projectedEndMs: at('2021-11-16T10:08') })
  })
})

describe('time used and overruns', () => {
  function recorded () {
    const m = debate(['Mexico', 'Norway', 'Finland'], ['Secretary-General'])
    speak(m, 'Secretary-General', 9 * MINUTE)
    speak(m, 'Mexico', 6 * MINUTE)
    m.ok(command('point-of-order:raise', { name: 'Kenya', delegation: 'KEN' as never }))
    m.advance(MINUTE).ok(command('point-of-order:close', {}))
    speak(m, 'Norway', 4 * MINUTE)
    speak(m, 'India', 3 * MINUTE + 30 * SECOND)
    // Still speaking: not counted until it ends.
    m.give('Finland').advance(8 * MINUTE)
    return m
  }

  it('totals ended statements per speaker, segment and delegation (points of order in no segment)', () => {
    const m = recorded()
    const used = timeUsed(m.state)
    expect(used.totalMs).toBe(23.5 * MINUTE)
    expect(used.bySpeaker).toEqual({
      [m.speakerId('Secretary-General')]: 9 * MINUTE,
      [m.speakerId('Mexico')]: 6 * MINUTE,
      [m.speakerId('Norway')]: 4 * MINUTE,
      [m.speakerId('India')]: 3.5 * MINUTE
    })
    expect(used.bySegment).toEqual({
      [m.segmentId('Briefers')]: 9 * MINUTE,
      [m.segmentId('Speakers')]: 10 * MINUTE,
      [m.segmentId('Rights of reply')]: 3.5 * MINUTE
    })
    expect(used.byDelegation).toEqual({ MEX: 6 * MINUTE, NOR: 4 * MINUTE, KEN: MINUTE, IND: 3.5 * MINUTE })
  })

  it('lists overruns biggest first, leaving out statements on time, without a limit or not yet ended', () => {
    const m = recorded()
    expect(overruns(m.state).map((s) => [s.name, s.overrunMs])).toEqual([
      ['Mexico', MINUTE],
      ['India', 30 * SECOND]
    ])
  })

  it('the average delivered duration leaves points of order out', () => {
    const m = recorded()
    expect(estimateSchedule(m.state, m.nowMs).averageDurationMs).toBe((9 + 6 + 4 + 3.5) * MINUTE / 4)
  })
})
