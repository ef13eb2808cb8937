// Issue 13, item 3: a wrong name or limit corrected while the speaker has the floor reaches the
// statement (what screens and the record show) and the clock; the result keeps what it replaced.
import { describe, expect, it } from 'vitest'
import { remainingMs } from '../../../shared/domain/index.ts'
import { code, command, meetingWith, MINUTE, SECOND, standardSegments } from './builders.ts'

// Briefers have no limit; Speakers 5 min.
const debate = () => meetingWith({ segments: standardSegments(['Secretary-General'], ['Mexico', 'Norway']) })
const onFloor = (m: ReturnType<typeof debate>) => m.state.statements[m.state.floor.statementId ?? '']

describe('speaker:update on the speaker who has the floor', () => {
  it.each([
    // [label, speaker, changes, expected statement fields, expected clock limit]
    ['a name', 'Mexico', { name: 'Mexico (Minister for Foreign Affairs)' }, { name: 'Mexico (Minister for Foreign Affairs)', limitMs: 5 * MINUTE }, 5 * MINUTE],
    ['a limit', 'Secretary-General', { limitMs: 15 * MINUTE }, { name: 'Secretary-General', limitMs: 15 * MINUTE }, 15 * MINUTE],
    ['a limit taken away (the segment default applies)', 'Mexico', { limitMs: null }, { limitMs: 5 * MINUTE }, 5 * MINUTE],
    ['a name, a delegation and a limit at once', 'Secretary-General', { name: 'Kenya', delegation: code('KEN'), limitMs: 4 * MINUTE },
      { name: 'Kenya', delegation: 'KEN', limitMs: 4 * MINUTE }, 4 * MINUTE]
  ] as const)('corrects %s on the statement and the clock', (_label, speaker, changes, statement, clockLimitMs) => {
    const m = debate().give(speaker).advance(MINUTE)
    m.ok(command('speaker:update', { speakerId: m.speakerId(speaker), changes }))
    expect(onFloor(m)).toMatchObject(statement)
    expect(m.state.timer.limitMs).toBe(clockLimitMs)
  })

  it('keeps the clock running and measures the new limit against the time already spoken', () => {
    const m = debate().give('Secretary-General').advance(3 * MINUTE)
    m.ok(command('speaker:update', { speakerId: m.speakerId('Secretary-General'), changes: { limitMs: 4 * MINUTE } }))
    expect(m.state.timer.state).toBe('running')
    expect(remainingMs(m.state.timer, m.nowMs)).toBe(MINUTE)
  })

  it('a corrected name leaves a limit the chair extended on the clock as it is', () => {
    const m = debate().give('Mexico').advance(MINUTE)
    m.ok(command('timer:extend', { byMs: 30 * SECOND }))
    m.ok(command('speaker:update', { speakerId: m.speakerId('Mexico'), changes: { name: 'Mexico (Minister)' } }))
    expect(onFloor(m)).toMatchObject({ name: 'Mexico (Minister)', limitMs: 5.5 * MINUTE })
    expect(m.state.timer.limitMs).toBe(5.5 * MINUTE)
  })

  it('the result keeps the replaced values, so the audit log holds both', () => {
    const m = debate().give('Secretary-General')
    const statementId = m.state.floor.statementId
    const data = m.ok(command('speaker:update', { speakerId: m.speakerId('Secretary-General'), changes: { name: 'Deputy Secretary-General', limitMs: 10 * MINUTE } }))
    expect(data).toEqual({
      previous: { name: 'Secretary-General', limitMs: null },
      statementBefore: { id: statementId, name: 'Secretary-General', delegation: null, limitMs: null }
    })
  })

  it('the record keeps the corrected name and limit when the statement ends', () => {
    const m = debate().give('Secretary-General').advance(2 * MINUTE)
    m.ok(command('speaker:update', { speakerId: m.speakerId('Secretary-General'), changes: { name: 'Deputy Secretary-General', limitMs: MINUTE } }))
    const statementId = m.state.floor.statementId ?? ''
    m.ok(command('floor:end', {}))
    expect(m.state.statements[statementId]).toMatchObject({ name: 'Deputy Secretary-General', limitMs: MINUTE, durationMs: 2 * MINUTE, overrunMs: MINUTE })
  })

  it('under a point of order, corrects the interrupted statement and its waiting clock', () => {
    const m = debate().give('Mexico').advance(MINUTE)
    m.ok(command('point-of-order:raise', { name: 'Kenya' }))
    m.ok(command('speaker:update', { speakerId: m.speakerId('Mexico'), changes: { name: 'Mexico (Minister)', limitMs: 7 * MINUTE } }))
    const interrupted = m.state.floor.interrupted
    expect(m.state.statements[interrupted?.statementId ?? '']).toMatchObject({ name: 'Mexico (Minister)', limitMs: 7 * MINUTE })
    expect(interrupted?.timer.limitMs).toBe(7 * MINUTE)
    expect(m.state.timer.limitMs).toBeNull()
    m.ok(command('point-of-order:close', {}))
    expect(m.state.timer.limitMs).toBe(7 * MINUTE)
  })

  it('a waiting speaker\'s edit touches no statement and no clock', () => {
    const m = debate().give('Mexico')
    const { statements, timer } = m.state
    const data = m.ok(command('speaker:update', { speakerId: m.speakerId('Norway'), changes: { name: 'Norway (Minister)' } }))
    expect(m.state.statements).toBe(statements)
    expect(m.state.timer).toBe(timer)
    expect(data).toEqual({ previous: { name: 'Norway' } })
  })
})
