// Issue 13, item 4: the chair suspends whenever the room needs it. The speaker keeps the floor, the
// statement's clock stops for the whole suspension, and resuming the meeting gives the floor back with
// the clock still paused (the chair resumes it when the speaker continues, or ends the statement).
import { describe, expect, it } from 'vitest'
import { elapsedMs } from '../../../shared/domain/index.ts'
import { command, meetingWith, MINUTE, standardSegments, T0 } from './builders.ts'

const debate = () => meetingWith({ segments: standardSegments([], ['Mexico', 'Norway']) })
const onFloor = (m: ReturnType<typeof debate>) => m.state.statements[m.state.floor.statementId ?? '']

describe('meeting:suspend with someone on the floor', () => {
  it.each([
    // [label, set-up before suspending at T0 + 2 min, pauses recorded by then]
    ['a running clock', () => {}, []],
    ['a clock the chair had paused at T0 + 1 min', (m: ReturnType<typeof debate>) => {
      m.nowMs = T0 + MINUTE
      m.ok(command('timer:pause', {}))
    }, [{ startMs: T0 + MINUTE, endMs: T0 + 2 * MINUTE, reason: 'chair' }]]
  ] as const)('pauses %s and records the suspension on the statement', (_label, setUp, earlier) => {
    const m = debate().give('Mexico')
    setUp(m)
    m.nowMs = T0 + 2 * MINUTE
    m.ok(command('meeting:suspend', {}))
    expect(m.state.meeting.status).toBe('suspended')
    expect(m.state.floor.speakerId).toBe(m.speakerId('Mexico'))
    expect(m.state.timer.state).toBe('paused')
    expect(onFloor(m)?.pauses).toEqual([...earlier, { startMs: T0 + 2 * MINUTE, endMs: null, reason: 'suspension' }])
  })

  it('the clock stands still for the whole suspension, and no one can start it meanwhile', () => {
    const m = debate().give('Mexico').advance(2 * MINUTE)
    m.ok(command('meeting:suspend', {}))
    m.advance(120 * MINUTE)
    expect(elapsedMs(m.state.timer, m.nowMs)).toBe(2 * MINUTE)
    m.refused(command('timer:resume', {}), 'MEETING_NOT_OPEN')
  })

  it('resuming gives the floor back with the clock paused; the chair\'s resume then runs it', () => {
    const m = debate().give('Mexico').advance(2 * MINUTE)
    m.ok(command('meeting:suspend', {}))
    m.advance(120 * MINUTE).ok(command('meeting:resume', {}))
    expect(m.state.floor.speakerId).toBe(m.speakerId('Mexico'))
    expect(m.state.timer.state).toBe('paused')
    const resumedAt = m.nowMs
    m.advance(MINUTE).ok(command('timer:resume', {}))
    m.advance(MINUTE).ok(command('floor:end', {}))
    const statement = Object.values(m.state.statements)[0]
    // Spoken: 2 min before the suspension, 1 min after; neither the suspension nor the wait counts.
    expect(statement).toMatchObject({ durationMs: 3 * MINUTE, overrunMs: 0 })
    expect(statement?.pauses).toEqual([
      { startMs: T0 + 2 * MINUTE, endMs: resumedAt, reason: 'suspension' },
      { startMs: resumedAt, endMs: resumedAt + MINUTE, reason: 'chair' }
    ])
  })

  it('the chair may end the statement during the suspension instead', () => {
    const m = debate().give('Mexico').advance(2 * MINUTE)
    m.ok(command('meeting:suspend', {}))
    m.advance(10 * MINUTE).ok(command('floor:end', {}))
    const statement = Object.values(m.state.statements)[0]
    expect(statement).toMatchObject({ durationMs: 2 * MINUTE, endedAtMs: T0 + 12 * MINUTE })
    expect(statement?.pauses).toEqual([{ startMs: T0 + 2 * MINUTE, endMs: T0 + 12 * MINUTE, reason: 'suspension' }])
    m.ok(command('meeting:resume', {}))
    expect(m.state.floor.statementId).toBeNull()
  })

  it('a clock not yet started stays idle through the suspension', () => {
    const m = debate()
    m.ok(command('floor:give', { speakerId: m.speakerId('Mexico'), startTimer: false }))
    m.ok(command('meeting:suspend', {}))
    m.refused(command('timer:start', {}), 'MEETING_NOT_OPEN')
    m.advance(MINUTE).ok(command('meeting:resume', {}))
    expect(m.state.timer.state).toBe('idle')
    m.ok(command('timer:start', {}))
  })

  it('under a point of order, its clock stops too, and it is closed once the meeting resumes', () => {
    const m = debate().give('Mexico').advance(MINUTE)
    m.ok(command('point-of-order:raise', { name: 'Kenya' }))
    m.advance(MINUTE).ok(command('meeting:suspend', {}))
    expect(m.state.timer.state).toBe('paused')
    m.refused(command('point-of-order:close', {}), 'MEETING_NOT_OPEN')
    m.advance(MINUTE).ok(command('meeting:resume', {}))
    m.ok(command('point-of-order:close', {}))
    expect(m.state.timer.state).toBe('running')
    expect(elapsedMs(m.state.timer, m.nowMs)).toBe(MINUTE)
  })
})
