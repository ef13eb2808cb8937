// A statement the server's outage ran through keeps its time (the speaker went on) and says so.
import { describe, expect, it } from 'vitest'
import { elapsedMs, withOutageMarked } from '../../../shared/domain/index.ts'
import { command, meetingWith, MINUTE, SECOND, standardSegments, T0 } from './builders.ts'

const debate = () => meetingWith({ segments: standardSegments([], ['Mexico', 'Norway'], []) }).give('Mexico')

describe('withOutageMarked', () => {
  it('marks the statement on the floor with the outage, and its clock runs on through it', () => {
    const m = debate().advance(2 * MINUTE)
    const statementId = m.state.floor.statementId!
    const back = T0 + 5 * MINUTE
    m.state = withOutageMarked(m.state, T0 + 2 * MINUTE, back)
    expect(m.state.statements[statementId]?.outages).toEqual([{ fromMs: T0 + 2 * MINUTE, toMs: back }])
    expect(elapsedMs(m.state.timer, back)).toBe(5 * MINUTE)

    m.nowMs = back + 30 * SECOND
    m.ok(command('floor:end', {}))
    expect(m.state.statements[statementId]).toMatchObject({ durationMs: 5 * MINUTE + 30 * SECOND, outages: [{ fromMs: T0 + 2 * MINUTE, toMs: back }] })
  })

  it('marks the statement a point of order interrupted as well', () => {
    const m = debate().advance(MINUTE)
    const interrupted = m.state.floor.statementId!
    m.ok(command('point-of-order:raise', { name: 'Kenya' }))
    const pointOfOrder = m.state.floor.statementId!
    const marked = withOutageMarked(m.state, T0 + 2 * MINUTE, T0 + 3 * MINUTE)
    expect(marked.statements[interrupted]?.outages).toHaveLength(1)
    expect(marked.statements[pointOfOrder]?.outages).toHaveLength(1)
  })

  it.each([
    ['no sign of life is known: from the statement\'s start', null, T0],
    ['the last sign of life before the statement began: from its start', T0 - MINUTE, T0],
    ['a sign of life after the comeback (a clock set back): a point outage at the comeback', T0 + 9 * MINUTE, T0 + 4 * MINUTE]
  ])('dates the outage when %s', (_label, lastAliveAtMs, fromMs) => {
    const m = debate()
    const marked = withOutageMarked(m.state, lastAliveAtMs, T0 + 4 * MINUTE)
    expect(marked.statements[m.state.floor.statementId!]?.outages).toEqual([{ fromMs, toMs: T0 + 4 * MINUTE }])
  })

  it('changes nothing with nobody on the floor, for a statement begun after the comeback, or twice for one comeback', () => {
    const empty = meetingWith({ segments: standardSegments([], ['Mexico'], []) })
    expect(withOutageMarked(empty.state, T0, T0 + MINUTE)).toBe(empty.state)
    const m = debate()
    expect(withOutageMarked(m.state, T0 - MINUTE, T0)).toBe(m.state)
    const once = withOutageMarked(m.state, T0, T0 + MINUTE)
    expect(withOutageMarked(once, T0, T0 + MINUTE)).toBe(once)
    const twice = withOutageMarked(once, T0 + 2 * MINUTE, T0 + 3 * MINUTE)
    expect(twice.statements[m.state.floor.statementId!]?.outages).toHaveLength(2)
  })
})
