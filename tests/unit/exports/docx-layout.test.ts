// The pieces of the Word layout that need no office suite: runs split by direction, and column widths
// from content (tests/integration/docx-layout.test.ts checks the rendered result).
import { describe, expect, it } from 'vitest'
import { directionalRuns, isolated, textDirection } from '../../../server/exports/bidi.ts'
import { columnWidths } from '../../../server/exports/docx.ts'

describe('directional runs', () => {
  it('splits a mixed Arabic note by script, punctuation going with the sentence around it', () => {
    expect(directionalRuns('يقترح مجلس الأمن (Security Council) في إطار PBC. وهذا مهم.', true)).toEqual([
      { text: 'يقترح مجلس الأمن (', rtl: true },
      { text: 'Security Council', rtl: false },
      { text: ') في إطار ', rtl: true },
      { text: 'PBC', rtl: false },
      { text: '. وهذا مهم.', rtl: true }
    ])
  })

  it('keeps a text\'s own direction inside a paragraph of the other one', () => {
    expect(isolated('من المتوقع صدور بيان رئاسي.', false)).toBe('\u200fمن المتوقع صدور بيان رئاسي.\u200f')
    expect(isolated('Niger (NER)', true)).toBe('\u200eNiger (NER)\u200e')
    expect(isolated('Kenya', false)).toBe('Kenya')
    expect(textDirection('12:00 المكسيك')).toBe('rtl')
    expect(textDirection('4:00')).toBeNull()
  })
})

describe('column widths', () => {
  const header = ['Order', 'Speaker', 'Kind', 'Start']
  const rows = [['1', 'United Kingdom of Great Britain and Northern Ireland', 'statement', '10:00:00'], ['2', 'Kenya', 'statement', '10:04:00']]

  it('gives a long name the room the short columns leave, and fills the width', () => {
    const widths = columnWidths(header, rows, 9026)
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(9026)
    expect(widths.reduce((a, b) => a + b, 0)).toBeGreaterThan(9020)
    expect(Math.max(...widths)).toBe(widths[1])
    expect(widths[1]!).toBeGreaterThan(9026 / 2)
    expect(widths[0]!).toBeLessThan(widths[2]!)
  })

  it('cuts only the widest column when space is short, never below its longest word', () => {
    const [order, speaker, kind, start] = columnWidths(header, rows, 5000)
    // "statement" and "10:00:00" keep their one line; the name gets what is left, at least "Northern".
    expect(kind!).toBeGreaterThan(start!)
    expect(speaker! + order! + kind! + start!).toBeGreaterThan(4990)
    expect(speaker!).toBeGreaterThan(kind!)
    expect(speaker!).toBeLessThan(5000 / 2)
  })
})
