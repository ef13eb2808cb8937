// The record's order for statements that started in the same millisecond (a fast script; a point of order
// raised as the floor was given). Each case inserts its statements in the wrong order, so a sort that kept
// insertion order (no tie-break) fails it.
import { describe, expect, it } from 'vitest'
import { chronologicalRecord, type Statement, type StatementId } from '../../../shared/domain/index.ts'
import { meetingWith, T0 } from './builders.ts'

function statement (id: string, fields: Partial<Statement> = {}): Statement {
  return {
    id: id as StatementId, speakerId: null, name: id, delegation: null, segmentId: null, kind: 'statement',
    startedAtMs: T0, endedAtMs: T0 + 1000, pauses: [], durationMs: 1000, limitMs: null, overrunMs: null, ...fields
  }
}

/** The record's ids for statements inserted into the state in the order given. */
function recordOrder (inserted: Statement[]): string[] {
  const m = meetingWith()
  const state = { ...m.state, statements: Object.fromEntries(inserted.map((each) => [each.id, each])) }
  return chronologicalRecord(state, { tags: [], highlights: [], notes: {} }, T0 + 10_000).map((entry) => entry.statement.id)
}

describe('the record\'s order of statements that started in the same millisecond', () => {
  it('the statement a point of order interrupted comes before the point of order', () => {
    expect(recordOrder([statement('stm-a', { kind: 'point-of-order' }), statement('stm-b', { endedAtMs: null })])).toEqual(['stm-b', 'stm-a'])
  })

  it('one that already ended comes before one that goes on', () => {
    expect(recordOrder([statement('stm-a', { endedAtMs: null }), statement('stm-b')])).toEqual(['stm-b', 'stm-a'])
  })

  it('then by id in plain code units, never by locale ("Z" before "a")', () => {
    expect(recordOrder([statement('stm-b'), statement('stm-a')])).toEqual(['stm-a', 'stm-b'])
    expect(recordOrder([statement('stm-a'), statement('stm-Z')])).toEqual(['stm-Z', 'stm-a'])
  })

  it('a later start still comes later, whatever its kind or id', () => {
    expect(recordOrder([statement('stm-b', { startedAtMs: T0 + 1 }), statement('stm-a', { kind: 'point-of-order' })])).toEqual(['stm-a', 'stm-b'])
  })
})
