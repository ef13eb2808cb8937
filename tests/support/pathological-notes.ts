// Concept notes built to make a pattern backtrack or a loop go quadratic. Each once took from seconds
// to minutes to parse (figures measured on the code before the fix); the parser now reads each in
// milliseconds (tests/unit/concept-note/pathological.test.ts).

const digits = (n: number) => '1'.repeat(n)
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n')

/** Each as [what it is, how to build it]; the abuse tests upload them too. */
export const PATHOLOGICAL_NOTES: ReadonlyArray<readonly [string, () => string]> = [
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
