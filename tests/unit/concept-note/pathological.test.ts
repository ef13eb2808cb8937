// Inputs built to make a pattern backtrack or a loop go quadratic. Each once took from seconds to
// minutes (figures below, measured on the code before the fix); each must now parse in well under
// PARSE_BOUND_MS — a bound at least five times what the slowest takes, so two busy cores still pass.
import { describe, expect, it } from 'vitest'
import { parseConceptNote } from '../../../shared/concept-note/index.ts'

const PARSE_BOUND_MS = 2000

const digits = (n: number) => '1'.repeat(n)
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n')

const CORPUS: ReadonlyArray<readonly [string, () => string]> = [
  // QUESTION_END `[?؟](?:…|\d{1,2})*$` tried every split of the digits: 38 digits 4.3 s, ×2.6 per 2 more.
  ['a question mark then 44 digits in a list item', () => `(a) How?${digits(44)}x\n(b) What?`],
  // TERMINAL had the same shape; a blank line after an item asks whether the item ended its sentence.
  ['a full stop then 44 digits before a blank line', () => `(a) How can the.${digits(44)}x\n\nnext line.`],
  ['an Arabic question mark then 44 digits in a list item', () => `(أ) كيف؟${digits(44)}x\n(ب) ما؟`],
  // Each year-less date looked back through every dated one: 16,000 pairs took 20.9 s, 12,000 about 12 s.
  ['12,000 dated and year-less dates, interleaved', () => lines(12_000, (i) => `${(i % 28) + 1} March 2021 and ${(i % 28) + 1} April`)],
  // Each date read its whole line, and a month-first date looked through every day-first one.
  ['16,000 year-less dates on one line', () => `1 March 2021 ${Array.from({ length: 16_000 }, (_, i) => `${(i % 28) + 1} March`).join(' ')}`],
  ['16,000 month-first dates on one line', () => Array.from({ length: 16_000 }, (_, i) => `March ${(i % 28) + 1}`).join(' ')],
  // `\s*,?\s*` after a month, and `[ ]+$` per line, tried every split of a run of spaces.
  ['a date then 100,000 spaces', () => `5 March${' '.repeat(100_000)}x`],
  // A heading's trailing `[*_\s]+$` and a name's trailing `[.,;:،؛]+$` were tried from every position.
  ['a list item of 100,000 asterisks', () => `(a) ${'*'.repeat(100_000)}x`],
  ['a line of 100,000 underscores', () => `Guiding questions\n\n(a) How ${'_'.repeat(100_000)}?x`],
  ['briefers named by 100,000 full stops', () => `Briefers: ${'.'.repeat(100_000)}x`],
  ['briefers named by 100,000 colons', () => `Briefers: ${':'.repeat(100_000)}?x`]
]

describe('concept notes built to be slow', () => {
  it.each(CORPUS)('parses %s in under 2 s', (_name, build) => {
    const text = build()
    expect(text.length).toBeLessThanOrEqual(500_000)
    const startedAtMs = performance.now()
    const parsed = parseConceptNote(text)
    const tookMs = performance.now() - startedAtMs
    expect(parsed.warnings.length).toBeGreaterThan(0)
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
