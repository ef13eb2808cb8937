import { describe, expect, it } from 'vitest'
import { coverage, cellKey } from '../../../shared/domain/coverage.ts'
import { digest } from '../../../shared/domain/digest.ts'
import type { Highlight, NotesSnapshot, Tag } from '../../../shared/domain/notes.ts'
import type { QuestionId, StatementId } from '../../../shared/domain/types.ts'
import { MINUTE, command, meetingWith, standardSegments, type TestMeeting } from './builders.ts'

const A = 'q-a' as QuestionId
const B = 'q-b' as QuestionId
const C = 'q-c' as QuestionId

/** Mexico 4 min, Norway 2 min, a 1 min point of order during Kenya, Kenya 6 min; India still speaking (3 min so far). */
function debate (): { m: TestMeeting; ids: Record<string, StatementId> } {
  const m = meetingWith({ segments: standardSegments([], ['Mexico', 'Norway', 'Kenya', 'India']) })
  m.state = { ...m.state, questions: [{ id: A, label: 'a', text: 'How?' }, { id: B, label: 'b', text: 'Who?' }, { id: C, label: 'c', text: 'When?' }] }
  const ids: Record<string, StatementId> = {}
  const speak = (name: string, minutes: number) => {
    ids[name] = m.ok(command('floor:give', { speakerId: m.speakerId(name) })).statementId as StatementId
    m.advance(minutes * MINUTE)
  }
  speak('Mexico', 4)
  speak('Norway', 2)
  speak('Kenya', 3)
  ids.poo = m.ok(command('point-of-order:raise', { name: 'Finland' })).statementId as StatementId
  m.advance(MINUTE)
  m.ok(command('point-of-order:close', {}))
  m.advance(3 * MINUTE)
  speak('India', 3)
  return { m, ids }
}

const tag = (statementId: StatementId, questionId: QuestionId, authorId: string): Tag =>
  ({ statementId, questionId, authorId, authorName: authorId, atMs: 0 })

describe('coverage of the guiding questions', () => {
  it('counts statements, delegations, time and agreement per question', () => {
    const { m, ids } = debate()
    const notes: NotesSnapshot = {
      tags: [
        tag(ids.Mexico!, A, 'nt1'), tag(ids.Mexico!, A, 'nt2'), tag(ids.Mexico!, B, 'nt1'),
        tag(ids.Kenya!, A, 'nt3'),
        tag(ids.poo!, C, 'nt1') // procedure, not content: ignored
      ],
      highlights: [],
      notes: {}
    }
    const result = coverage(m.state, notes, m.nowMs)
    expect(result.statements.map((s) => s.name)).toEqual(['Mexico', 'Norway', 'Kenya', 'India'])
    expect(result.noteTakers).toBe(3)
    expect(result.cells.get(cellKey(ids.Mexico!, A))).toEqual({ authors: 2, of: 3 })
    expect(result.cells.get(cellKey(ids.Norway!, A))).toBeUndefined()

    const [a, b, c] = result.questions
    // Spoken so far: Mexico 4 + Norway 2 + Kenya 6 + India 3 (running) = 15 min.
    expect(a).toMatchObject({ statementCount: 2, delegations: ['MEX', 'KEN'], speakingMs: 10 * MINUTE, statementsSinceLast: 1 })
    expect(a!.shareOfTime).toBeCloseTo(10 / 15)
    expect(b).toMatchObject({ statementCount: 1, delegations: ['MEX'], speakingMs: 4 * MINUTE, statementsSinceLast: 3 })
    expect(c).toMatchObject({ statementCount: 0, speakingMs: 0, shareOfTime: 0, statementsSinceLast: null })
    expect(result.notYetAddressed.map((q) => q.label)).toEqual(['c'])
    expect(result.byDelegation.get(A)).toEqual(new Map([['MEX', 1], ['KEN', 1]]))
  })

  it.each([
    ['no statements yet', 0, ['a', 'b', 'c']],
    ['one untagged statement', 1, ['a', 'b', 'c']]
  ])('with %s every question is not yet addressed', (_label, calls, missing) => {
    const m = meetingWith({ segments: standardSegments([], ['Mexico']) })
    m.state = { ...m.state, questions: [{ id: A, label: 'a', text: '' }, { id: B, label: 'b', text: '' }, { id: C, label: 'c', text: '' }] }
    if (calls > 0) m.give('Mexico').advance(MINUTE)
    const result = coverage(m.state, { tags: [], highlights: [], notes: {} }, m.nowMs)
    expect(result.notYetAddressed.map((q) => q.label)).toEqual(missing)
    expect(result.questions.every((q) => q.shareOfTime === 0)).toBe(true)
  })
})

describe('the outcome digest', () => {
  it('gathers per question who addressed it, with notes and highlights, and keeps the record in order', () => {
    const { m, ids } = debate()
    const proposal: Highlight = { id: 'h1', statementId: ids.Kenya!, kind: 'proposal', text: 'an annual joint meeting', authorId: 'nt3', authorName: 'nt3', atMs: 1 }
    const notes: NotesSnapshot = {
      tags: [tag(ids.Mexico!, A, 'nt1'), tag(ids.Kenya!, A, 'nt3'), tag(ids.Kenya!, B, 'nt3')],
      highlights: [proposal],
      notes: { [ids.Kenya!]: 'Proposes an annual joint meeting of the organs.' }
    }
    const result = digest(m.state, notes, m.nowMs)
    expect(result.record.map((entry) => [entry.order, entry.statement.name, entry.statement.kind])).toEqual([
      [1, 'Mexico', 'statement'], [2, 'Norway', 'statement'], [3, 'Kenya', 'statement'], [4, 'Finland', 'point-of-order'], [5, 'India', 'statement']
    ])
    expect(result.record[2]).toMatchObject({ spokenMs: 6 * MINUTE, questions: [{ label: 'a' }, { label: 'b' }], highlights: [proposal] })
    const a = result.questions[0]!
    expect(a.contributions.map((c) => c.speaker)).toEqual(['Mexico (MEX)', 'Kenya (KEN)'])
    expect(a.contributions[1]).toMatchObject({ notes: 'Proposes an annual joint meeting of the organs.', highlights: [proposal] })
    expect(a.speakingMs).toBe(10 * MINUTE)
    expect(result.questions[2]!.contributions).toEqual([])
  })
})
