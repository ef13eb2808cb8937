import { describe, expect, it } from 'vitest'
import { elapsedMs, remainingMs, type Statement, type StatementId } from '../../../shared/domain/index.ts'
import { command, meetingWith, MINUTE, SECOND, standardSegments, T0 } from './builders.ts'

function debate () {
  return meetingWith({ segments: standardSegments(['Secretary-General'], ['Mexico', 'Norway', 'Finland'], ['India']) })
}

const statementOf = (m: ReturnType<typeof debate>, id: unknown): Statement => {
  const statement = m.state.statements[id as StatementId]
  if (!statement) throw new Error('no statement')
  return statement
}

describe('floor:next', () => {
  it('gives the floor to the expected next speaker with a running clock', () => {
    const m = debate()
    const sg = m.speakerId('Secretary-General')
    const data = m.ok(command('floor:next', { expectedSpeakerId: sg }))
    const statement = statementOf(m, data['statementId'])
    expect(data['speakerId']).toBe(sg)
    expect(m.state.speakers[sg]?.status).toBe('speaking')
    expect(m.state.floor).toEqual({ statementId: statement.id, speakerId: sg, interrupted: null })
    expect(m.state.timer).toEqual({ statementId: statement.id, state: 'running', runningSinceMs: T0, accumulatedMs: 0, limitMs: null })
    expect(statement).toMatchObject({ kind: 'statement', name: 'Secretary-General', startedAtMs: T0, limitMs: null, segmentId: m.segmentId('Briefers') })
  })

  it('refuses a double press: the first call is speaking now, not next', () => {
    const m = debate()
    const press = command('floor:next', { expectedSpeakerId: m.speakerId('Secretary-General') })
    m.ok(press)
    m.advance(SECOND)
    m.refused(press, 'STALE_NEXT')
    expect(m.state.floor.speakerId).toBe(m.speakerId('Secretary-General'))
  })

  it('refuses a stale expectation after the list changed', () => {
    const m = debate()
    const mexico = m.speakerId('Mexico')
    m.ok(command('speaker:move', { speakerId: mexico, segmentId: m.segmentId('Briefers'), afterId: null }))
    m.refused(command('floor:next', { expectedSpeakerId: m.speakerId('Secretary-General') }), 'STALE_NEXT')
  })

  it('ends the current statement first, then calls the next speaker', () => {
    const m = debate().give('Secretary-General')
    const first = m.state.floor.statementId
    m.advance(7 * MINUTE)
    m.ok(command('floor:next', { expectedSpeakerId: m.speakerId('Mexico') }))
    expect(statementOf(m, first)).toMatchObject({ endedAtMs: T0 + 7 * MINUTE, durationMs: 7 * MINUTE, overrunMs: null })
    expect(m.speaker('Secretary-General').status).toBe('spoken')
    expect(m.speaker('Mexico').status).toBe('speaking')
    expect(m.state.timer).toMatchObject({ state: 'running', runningSinceMs: T0 + 7 * MINUTE, limitMs: 5 * MINUTE })
  })

  it('leaves the clock idle when asked not to start it', () => {
    const m = debate()
    m.ok(command('floor:next', { expectedSpeakerId: m.speakerId('Secretary-General'), startTimer: false }))
    expect(m.state.timer).toMatchObject({ state: 'idle', runningSinceMs: null, accumulatedMs: 0 })
  })

  it('refuses on an empty list', () => {
    const m = meetingWith({ segments: standardSegments() })
    m.refused(command('floor:next', { expectedSpeakerId: 'spk-x' as never }), 'LIST_EMPTY')
  })
})

describe('floor:give', () => {
  it('gives the floor to any waiting speaker, out of order, with the speaker limit over the segment default', () => {
    const m = debate()
    m.ok(command('speaker:update', { speakerId: m.speakerId('Norway'), changes: { limitMs: 4 * MINUTE } }))
    m.give('Norway')
    expect(m.state.timer.limitMs).toBe(4 * MINUTE)
    expect(m.state.statements[m.state.floor.statementId ?? '']?.limitMs).toBe(4 * MINUTE)
  })

  it('ends the current statement first, and rewrites only what changed', () => {
    const m = debate().give('Mexico')
    const mexicoStatement = m.state.floor.statementId
    m.advance(3 * MINUTE)
    const before = m.state
    m.give('Finland')
    expect(m.state.statements[mexicoStatement ?? '']).toMatchObject({ durationMs: 3 * MINUTE, overrunMs: 0 })
    expect(m.speaker('Mexico').status).toBe('spoken')
    expect(m.speaker('Finland').status).toBe('speaking')
    expect(m.state.speakers[m.speakerId('Norway')]).toBe(before.speakers[m.speakerId('Norway')])
    expect(m.state.segments).toBe(before.segments)
    expect(m.state.requests).toBe(before.requests)
    expect(m.state.meeting).toBe(before.meeting)
  })

  it('a right of reply is recorded as such', () => {
    const m = debate().give('India')
    expect(m.state.statements[m.state.floor.statementId ?? '']).toMatchObject({ kind: 'right-of-reply', limitMs: 3 * MINUTE, delegation: 'IND' })
  })

  it.each([
    ['speaking', 'SPEAKER_NOT_WAITING'],
    ['withdrawn', 'SPEAKER_NOT_WAITING'],
    ['missing', 'SPEAKER_NOT_FOUND']
  ] as const)('refuses a %s speaker', (situation, errorCode) => {
    const m = debate()
    if (situation === 'speaking') m.give('Mexico')
    if (situation === 'withdrawn') m.ok(command('speaker:withdraw', { speakerId: m.speakerId('Mexico') }))
    const speakerId = situation === 'missing' ? ('spk-404' as never) : m.speakerId('Mexico')
    m.refused(command('floor:give', { speakerId }), errorCode)
  })
})

describe('floor:end', () => {
  it.each([
    ['under the limit', 4 * MINUTE, [], 4 * MINUTE, 0],
    ['exactly at the limit', 5 * MINUTE, [], 5 * MINUTE, 0],
    ['over the limit', 6 * MINUTE + 30 * SECOND, [], 6 * MINUTE + 30 * SECOND, 90 * SECOND],
    ['with a 2-minute pause left out', 8 * MINUTE, [[3 * MINUTE, 2 * MINUTE]], 6 * MINUTE, 1 * MINUTE]
  ] as const)('records duration and overrun: %s', (_label, wallMs, pauses, durationMs, overrunMs) => {
    const m = debate().give('Mexico')
    let spent = 0
    for (const [atMs, forMs] of pauses) {
      m.advance(atMs - spent).ok(command('timer:pause', {}))
      m.advance(forMs).ok(command('timer:resume', {}))
      spent = atMs + forMs
    }
    m.advance(wallMs - spent)
    const statementId = m.state.floor.statementId
    const data = m.ok(command('floor:end', {}))
    expect(data['statementId']).toBe(statementId)
    expect(statementOf(m, statementId)).toMatchObject({ endedAtMs: T0 + wallMs, durationMs, overrunMs, limitMs: 5 * MINUTE })
    expect(m.speaker('Mexico').status).toBe('spoken')
    expect(m.state.floor).toEqual({ statementId: null, speakerId: null, interrupted: null })
    expect(m.state.timer).toEqual({ statementId: null, state: 'idle', runningSinceMs: null, accumulatedMs: 0, limitMs: null })
  })

  it('closes a pause still open and leaves it out of the duration', () => {
    const m = debate().give('Mexico')
    m.advance(MINUTE).ok(command('timer:pause', {}))
    const statementId = m.state.floor.statementId
    m.advance(MINUTE).ok(command('floor:end', {}))
    expect(statementOf(m, statementId)).toMatchObject({
      durationMs: MINUTE,
      pauses: [{ startMs: T0 + MINUTE, endMs: T0 + 2 * MINUTE, reason: 'chair' }]
    })
  })

  it('has no overrun without a limit', () => {
    const m = debate().give('Secretary-General')
    const statementId = m.state.floor.statementId
    m.advance(20 * MINUTE).ok(command('floor:end', {}))
    expect(statementOf(m, statementId)).toMatchObject({ durationMs: 20 * MINUTE, overrunMs: null })
  })

  it('refuses on an empty floor', () => {
    debate().refused(command('floor:end', {}), 'FLOOR_EMPTY')
  })
})

describe('points of order', () => {
  it('pauses the speaker, runs its own clock, then resumes the speaker exactly where they were', () => {
    const m = debate().give('Mexico')
    const mexicoStatement = m.state.floor.statementId
    m.advance(2 * MINUTE)
    const raised = m.ok(command('point-of-order:raise', { name: 'Norway', delegation: 'NOR' as never }))
    const poo = statementOf(m, raised['statementId'])
    expect(poo).toMatchObject({ kind: 'point-of-order', speakerId: null, segmentId: null, limitMs: null, delegation: 'NOR', startedAtMs: T0 + 2 * MINUTE })
    expect(m.state.floor.interrupted).toEqual({
      statementId: mexicoStatement,
      speakerId: m.speakerId('Mexico'),
      wasRunning: true,
      timer: { statementId: mexicoStatement, state: 'paused', runningSinceMs: null, accumulatedMs: 2 * MINUTE, limitMs: 5 * MINUTE }
    })
    expect(m.state.timer).toEqual({ statementId: poo.id, state: 'running', runningSinceMs: T0 + 2 * MINUTE, accumulatedMs: 0, limitMs: null })
    expect(statementOf(m, mexicoStatement).pauses).toEqual([{ startMs: T0 + 2 * MINUTE, endMs: null, reason: 'point-of-order' }])

    m.advance(45 * SECOND)
    m.refused(command('floor:end', {}), 'POINT_OF_ORDER_OPEN')
    m.refused(command('floor:next', { expectedSpeakerId: m.speakerId('Norway') }), 'POINT_OF_ORDER_OPEN')
    m.refused(command('floor:give', { speakerId: m.speakerId('Norway') }), 'POINT_OF_ORDER_OPEN')
    m.refused(command('point-of-order:raise', { name: 'Kenya' }), 'POINT_OF_ORDER_OPEN')
    m.refused(command('meeting:adjourn', {}), 'FLOOR_OCCUPIED')
    m.ok(command('point-of-order:close', {}))

    expect(statementOf(m, poo.id)).toMatchObject({ endedAtMs: T0 + 2 * MINUTE + 45 * SECOND, durationMs: 45 * SECOND, overrunMs: null })
    expect(m.state.floor).toEqual({ statementId: mexicoStatement, speakerId: m.speakerId('Mexico'), interrupted: null })
    expect(m.state.timer).toEqual({
      statementId: mexicoStatement, state: 'running', runningSinceMs: T0 + 2 * MINUTE + 45 * SECOND, accumulatedMs: 2 * MINUTE, limitMs: 5 * MINUTE
    })
    expect(statementOf(m, mexicoStatement).pauses).toEqual([
      { startMs: T0 + 2 * MINUTE, endMs: T0 + 2 * MINUTE + 45 * SECOND, reason: 'point-of-order' }
    ])
    m.advance(3 * MINUTE)
    expect(remainingMs(m.state.timer, m.nowMs)).toBe(0)
    m.advance(10 * SECOND).ok(command('floor:end', {}))
    expect(statementOf(m, mexicoStatement)).toMatchObject({ durationMs: 5 * MINUTE + 10 * SECOND, overrunMs: 10 * SECOND })
  })

  it('leaves a clock the chair had paused still paused afterwards', () => {
    const m = debate().give('Mexico')
    const mexicoStatement = m.state.floor.statementId
    m.advance(MINUTE).ok(command('timer:pause', {}))
    m.advance(MINUTE).ok(command('point-of-order:raise', { name: 'Kenya' }))
    expect(m.state.floor.interrupted?.wasRunning).toBe(false)
    m.advance(MINUTE).ok(command('point-of-order:close', {}))
    expect(m.state.timer).toMatchObject({ statementId: mexicoStatement, state: 'paused', accumulatedMs: MINUTE })
    expect(statementOf(m, mexicoStatement).pauses).toEqual([{ startMs: T0 + MINUTE, endMs: null, reason: 'chair' }])
    m.advance(MINUTE).ok(command('timer:resume', {}))
    expect(elapsedMs(m.state.timer, m.nowMs + 30 * SECOND)).toBe(MINUTE + 30 * SECOND)
  })

  it('works on an empty floor and leaves it empty', () => {
    const m = debate()
    const raised = m.ok(command('point-of-order:raise', { name: 'Kenya' }))
    expect(m.state.floor).toEqual({ statementId: raised['statementId'], speakerId: null, interrupted: null })
    m.advance(30 * SECOND).ok(command('point-of-order:close', {}))
    expect(m.state.floor).toEqual({ statementId: null, speakerId: null, interrupted: null })
    expect(m.state.timer.state).toBe('idle')
  })

  it.each([
    ['nothing on the floor', false],
    ['a statement on the floor', true]
  ])('close refuses with %s', (_label, occupied) => {
    const m = debate()
    if (occupied) m.give('Mexico')
    m.refused(command('point-of-order:close', {}), 'NO_POINT_OF_ORDER')
  })

  it('refuses a delegation that does not take part', () => {
    debate().refused(command('point-of-order:raise', { name: 'Atlantis', delegation: 'ATL' as never }), 'UNKNOWN_DELEGATION')
  })
})
