// The parser runs in the browser and the server alike, must not choke on any text it is handed,
// and every warning it can raise is pinned by some test.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CONCEPT_NOTE_WARNING_CODES, normalizeText, parseConceptNote } from '../../../shared/concept-note/index.ts'
import { cpuMsOf } from '../../support/cpu-time.ts'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../../shared/concept-note')
const sources = readdirSync(root).filter((name) => name.endsWith('.ts'))

describe('shared/concept-note boundaries', () => {
  it.each(sources)('%s imports only its siblings', (name) => {
    const source = readFileSync(join(root, name), 'utf8')
    const specifiers = [...source.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2])
    expect(specifiers.filter((s) => !s?.startsWith('./'))).toEqual([])
  })

  it('normalizes line endings, bidi marks, digits and odd spaces', () => {
    expect(normalizeText('\uFEFFa\r\nb\rc\u200F\u2067(١٢)\u2069 ۳\u00A0:\u202Fx  ')).toBe('a\nb\nc(12) 3 : x')
  })

  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t\r\n '],
    ['control characters', '\u0000\u0001\u0002(a)\u0007?'],
    ['unbalanced brackets and markers only', '((((\n(a)\n(b)\n)))\n1.\n•'],
    ['a long line without breaks', 'x'.repeat(200_000)],
    ['many short lines', '(a) x?\n'.repeat(20_000)]
  ])('returns a result with warnings for %s', (_label, text) => {
    const parsed = parseConceptNote(text)
    expect(Array.isArray(parsed.questions)).toBe(true)
    expect(parsed.warnings.length).toBeGreaterThan(0)
  })

  it('reads 500,000 characters of concept-note-like text in well under a second of processor time per 100 kB', () => {
    const paragraph = '12 - The following questions, on 16 November 2021 at 10:00, with briefings by the President of the General Assembly and the Secretary-General: (a) How? "quoted theme" الأسئلة التوجيهية (أ) كيف؟\n\n'
    const text = paragraph.repeat(Math.ceil(500_000 / paragraph.length)).slice(0, 500_000)
    expect(cpuMsOf(() => parseConceptNote(text))).toBeLessThan(5000)
  })

  it.each(CONCEPT_NOTE_WARNING_CODES)('%s is asserted by some test', (code) => {
    const tests = readdirSync(here)
      .filter((name) => name.endsWith('.test.ts') && name !== 'boundaries.test.ts')
      .map((name) => readFileSync(join(here, name), 'utf8'))
    expect(tests.some((source) => source.includes(`'${code}'`))).toBe(true)
  })
})
