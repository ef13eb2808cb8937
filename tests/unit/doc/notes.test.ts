import { describe, expect, it } from 'vitest'
import { createNotesDoc, statementsTaggedWith, tagStatement, untagStatement } from '../../../shared/doc/notes.ts'
import type { QuestionId, StatementId } from '../../../shared/domain/types.ts'

describe('statements tagged with a question', () => {
  it('counts each statement once, whoever tagged it, and forgets an untagged one', () => {
    const doc = createNotesDoc()
    const [a, b] = ['q_a' as QuestionId, 'q_b' as QuestionId] as const
    const [first, second] = ['stm_1' as StatementId, 'stm_2' as StatementId] as const
    const one = { id: 'nt-1', name: 'One' }
    const two = { id: 'nt-2', name: 'Two' }
    tagStatement(doc, first, a, one, 1)
    tagStatement(doc, first, a, two, 2)
    tagStatement(doc, second, a, one, 3)
    tagStatement(doc, second, b, two, 4)
    expect([statementsTaggedWith(doc, a), statementsTaggedWith(doc, b)]).toEqual([2, 1])
    untagStatement(doc, second, a, one)
    expect(statementsTaggedWith(doc, a)).toBe(1)
  })
})
