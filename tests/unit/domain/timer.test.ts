import { describe, expect, it } from 'vitest'
import {
  effectiveLimitMs,
  elapsedMs,
  extendTimer,
  IDLE_TIMER,
  pauseTimer,
  remainingMs,
  resumeTimer,
  setTimerLimit,
  startTimer,
  timerForStatement,
  type StatementId,
  type Timer
} from '../../../shared/domain/index.ts'
import { command, meetingWith, MINUTE, SECOND, standardSegments, T0 } from './builders.ts'

const stm = 'stm-1' as StatementId
const running = (sinceMs: number, accumulatedMs: number, limitMs: number | null): Timer => ({
  statementId: stm, state: 'running', runningSinceMs: sinceMs, accumulatedMs, limitMs
})

describe('timer arithmetic', () => {
  it.each([
    ['idle', IDLE_TIMER, T0 + MINUTE, 0, null],
    ['running 90 s with a 5-min limit', running(T0, 0, 5 * MINUTE), T0 + 90 * SECOND, 90 * SECOND, 210 * SECOND],
    ['running after 2 min already spoken', running(T0, 2 * MINUTE, 5 * MINUTE), T0 + MINUTE, 3 * MINUTE, 2 * MINUTE],
    ['past the limit', running(T0, 0, MINUTE), T0 + 75 * SECOND, 75 * SECOND, -15 * SECOND],
    ['paused', { ...running(T0, 0, MINUTE), state: 'paused' as const, runningSinceMs: null, accumulatedMs: 40 * SECOND }, T0 + 9 * MINUTE, 40 * SECOND, 20 * SECOND]
  ])('%s', (_label, timer, nowMs, elapsed, remaining) => {
    expect(elapsedMs(timer, nowMs)).toBe(elapsed)
    expect(remainingMs(timer, nowMs)).toBe(remaining)
  })

  it('start, pause, resume keep exact sums', () => {
    let timer = timerForStatement(stm, 5 * MINUTE, T0, false)
    timer = startTimer(timer, T0 + 10 * SECOND)
    timer = pauseTimer(timer, T0 + 70 * SECOND)
    expect(timer).toEqual({ statementId: stm, state: 'paused', runningSinceMs: null, accumulatedMs: MINUTE, limitMs: 5 * MINUTE })
    timer = resumeTimer(timer, T0 + 5 * MINUTE)
    expect(elapsedMs(timer, T0 + 6 * MINUTE)).toBe(2 * MINUTE)
  })

  it('throws on a transition from the wrong state (a programmer error, never a user one)', () => {
    expect(() => pauseTimer(IDLE_TIMER, T0)).toThrow()
    expect(() => resumeTimer(running(T0, 0, null), T0)).toThrow()
    expect(() => startTimer(running(T0, 0, null), T0)).toThrow()
  })

  it.each([
    ['adds to a limit', running(T0, 0, 5 * MINUTE), MINUTE, 6 * MINUTE],
    ['never below zero', running(T0, 0, MINUTE), -2 * MINUTE, 0]
  ])('extend %s', (_label, timer, byMs, limitMs) => {
    expect(extendTimer(timer, byMs).limitMs).toBe(limitMs)
  })

  it('extending a clock without a limit is a programmer error (the command refuses it first)', () => {
    expect(() => extendTimer(running(T0, 0, null), MINUTE)).toThrow()
  })

  it('set-limit replaces the limit, including with none', () => {
    expect(setTimerLimit(running(T0, 0, MINUTE), 4 * MINUTE).limitMs).toBe(4 * MINUTE)
    expect(setTimerLimit(running(T0, 0, MINUTE), null).limitMs).toBeNull()
  })

  it.each([
    [3 * MINUTE, 5 * MINUTE, 3 * MINUTE],
    [null, 5 * MINUTE, 5 * MINUTE],
    [null, null, null]
  ])('effective limit: speaker %s, segment %s → %s', (speakerLimit, segmentLimit, expected) => {
    expect(effectiveLimitMs({ limitMs: speakerLimit }, { defaultLimitMs: segmentLimit })).toBe(expected)
  })
})

describe('timer commands', () => {
  const onFloor = (startTimer: boolean) => {
    const m = meetingWith({ segments: standardSegments([], ['Mexico']) })
    m.ok(command('floor:give', { speakerId: m.speakerId('Mexico'), startTimer }))
    return m
  }
  const statement = (m: ReturnType<typeof onFloor>) => m.state.statements[m.state.floor.statementId ?? '']

  it('start → pause → resume → extend → set-limit with exact readings', () => {
    const m = onFloor(false)
    m.advance(5 * SECOND).ok(command('timer:start', {}))
    expect(m.state.timer).toMatchObject({ state: 'running', runningSinceMs: T0 + 5 * SECOND, accumulatedMs: 0 })
    m.advance(MINUTE).ok(command('timer:pause', {}))
    expect(m.state.timer).toMatchObject({ state: 'paused', runningSinceMs: null, accumulatedMs: MINUTE })
    expect(statement(m)?.pauses).toEqual([{ startMs: T0 + 65 * SECOND, endMs: null, reason: 'chair' }])
    m.advance(30 * SECOND).ok(command('timer:resume', {}))
    expect(statement(m)?.pauses).toEqual([{ startMs: T0 + 65 * SECOND, endMs: T0 + 95 * SECOND, reason: 'chair' }])
    m.advance(MINUTE)
    expect(elapsedMs(m.state.timer, m.nowMs)).toBe(2 * MINUTE)
    const extended = m.ok(command('timer:extend', { byMs: MINUTE }))
    expect(extended['limitMs']).toBe(6 * MINUTE)
    expect(statement(m)?.limitMs).toBe(6 * MINUTE)
    m.ok(command('timer:set-limit', { limitMs: 3 * MINUTE }))
    expect(remainingMs(m.state.timer, m.nowMs)).toBe(MINUTE)
    expect(statement(m)?.limitMs).toBe(3 * MINUTE)
  })

  // "+1 min" on a speaker without a limit once lit the amber light a minute from the current reading.
  it('refuses to extend a clock without a limit, and leaves it without one', () => {
    const m = onFloor(true)
    m.ok(command('timer:set-limit', { limitMs: null }))
    m.advance(2 * MINUTE).refused(command('timer:extend', { byMs: MINUTE }), 'NO_LIMIT')
    expect(m.state.timer.limitMs).toBeNull()
    expect(remainingMs(m.state.timer, m.nowMs)).toBeNull()
  })

  it.each([
    ['timer:start', true, 'TIMER_ALREADY_RUNNING'],
    ['timer:pause', false, 'TIMER_NOT_RUNNING'],
    ['timer:resume', true, 'TIMER_NOT_PAUSED'],
    ['timer:resume', false, 'TIMER_NOT_PAUSED']
  ] as const)('%s refuses (clock running: %s)', (type, runningNow, errorCode) => {
    onFloor(runningNow).refused(command(type, {}), errorCode)
  })

  it('start refuses a paused clock (resume is the way back)', () => {
    const m = onFloor(true)
    m.ok(command('timer:pause', {}))
    m.refused(command('timer:start', {}), 'INVALID_TRANSITION')
  })

  it.each([
    command('timer:start', {}),
    command('timer:pause', {}),
    command('timer:resume', {}),
    command('timer:extend', { byMs: MINUTE }),
    command('timer:set-limit', { limitMs: MINUTE })
  ])('$type refuses on an empty floor', (cmd) => {
    meetingWith().refused(cmd, 'FLOOR_EMPTY')
  })
})
