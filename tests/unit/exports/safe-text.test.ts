import { describe, expect, it } from 'vitest'
import { CSV_FORMULA_START, markdownInline, markdownLine, withoutBidiControls } from '../../../server/exports/safe-text.ts'

describe('text made safe for each export', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
    ['<javascript:alert(1)>', '&lt;javascript:alert(1)&gt;'],
    ['a | b *c* _d_ `e` ~f~ #g \\h &amp;', 'a \\| b \\*c\\* \\_d\\_ \\`e\\` \\~f\\~ \\#g \\\\h &amp;amp;'],
    ['line\r\n  two\nthree', 'line two three'],
    ['Mr. Teodor Meleşcanu (Romania) — 10:03', 'Mr. Teodor Meleşcanu (Romania) — 10:03'],
    ['\u202eevil\u202c \u2067x\u2069 \u200fمرحبا', 'evil x \u200fمرحبا']
  ])('Markdown inline: %j → %j', (text, expected) => {
    expect(markdownInline(text)).toBe(expected)
  })

  it.each([
    ['- a list', '\\- a list'],
    ['+1', '\\+1'],
    ['=== ', '\\==='],
    ['12. ordered', '12\\. ordered'],
    ['3) ordered', '3\\) ordered'],
    ['   - indented', '\\- indented'],
    ['2021 was a year', '2021 was a year']
  ])('Markdown line: %j → %j', (text, expected) => {
    expect(markdownLine(text)).toBe(expected)
  })

  it.each(['=1', '+1', '-1', '@SUM(1)', '\t=1', '\r=1', '＝1', '＋1', '－1', '＠1'])('%j starts a spreadsheet formula', (text) => {
    expect(CSV_FORMULA_START.test(text)).toBe(true)
  })

  it.each(['1', 'Kenya', ' =1', "'=1", '2021-11-16T10:00:00-05:00'])('%j does not', (text) => {
    expect(CSV_FORMULA_START.test(text)).toBe(false)
  })

  it('drops embeddings, overrides and isolates, and keeps the marks', () => {
    expect(withoutBidiControls('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c')).toBe('\u200e\u200f\u061c')
  })
})
