// Inputs built to make a pattern backtrack or a loop go quadratic. Each once took from seconds to
// minutes (figures in tests/support/pathological-notes.ts, measured before the fix); each must now parse in well under
// PARSE_BOUND_MS of processor time — at least five times what the slowest takes, and a time other jobs do not stretch.
import { describe, expect, it } from 'vitest'
import { parseConceptNote } from '../../../shared/concept-note/index.ts'
import { cpuMsOf } from '../../support/cpu-time.ts'
import { PATHOLOGICAL_NOTES as CORPUS } from '../../support/pathological-notes.ts'

const PARSE_BOUND_MS = 2000

describe('concept notes built to be slow', () => {
  it.each(CORPUS)('parses %s in under 2 s of processor time', (_name, build) => {
    const text = build()
    expect(text.length).toBeLessThanOrEqual(500_000)
    let parsed: ReturnType<typeof parseConceptNote> | undefined
    const tookMs = cpuMsOf(() => { parsed = parseConceptNote(text) })
    expect(parsed?.warnings.length).toBeGreaterThan(0)
    expect(tookMs).toBeLessThan(PARSE_BOUND_MS)
  }, 60_000)

  it('still reads what the fixed patterns are for: closing marks, footnote numbers, trailing spaces', () => {
    const parsed = parseConceptNote([
      'Guiding questions',
      '',
      '(a) How can the Council act earlier?”12   ',
      '(b) What role for regional organizations? 3)',
      '',
      'The debate will be held on 16 November 2021, at 10 a.m.'
    ].join('\n'))
    expect(parsed.questions.map((q) => q.text)).toEqual(['How can the Council act earlier?”12', 'What role for regional organizations? 3)'])
    expect(parsed.date).toBe('2021-11-16T10:00')
  })
})
