// Issue 13 item 16: the Word export as an office suite lays it out. LibreOffice renders it to PDF and
// poppler says where each word landed: Arabic paragraphs sit at the right margin, punctuation stays with
// the sentence it ends, a long name does not wrap over many lines, and rows do not break across pages.
import { join } from 'node:path'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { toDocx } from '../../server/exports/docx.ts'
import { buildReport } from '../../server/exports/report.ts'
import { applyCommand, createInitialState, nextWaitingSpeaker, segmentsInOrder, type Command, type ControlState, type MeetingId, type StatementId } from '../../shared/domain/index.ts'
import type { NotesSnapshot, Tag } from '../../shared/domain/notes.ts'
import { artifactsDir } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { officeAvailable, pagesToPng, renderDocx, type PdfLine, type RenderedDocx } from '../support/office.ts'

const T0 = Date.UTC(2021, 10, 16, 15, 0)
const MIXED_NOTE = 'يقترح أن يجتمع مجلس الأمن (Security Council) والجمعية العامة سنويا في إطار PBC. وهذا مهم.'

/** The demo debate delivered in full, with extra speakers named at length so the record runs over a page. */
function deliveredDebate (): { state: ControlState; notes: NotesSnapshot } {
  let id = 0
  let now = T0
  const context = () => ({ nowMs: now, newId: (prefix: string) => `${prefix}-${++id}`, actor: { role: 'chair' as const, delegation: null, id: 'chair' } })
  let state = createInitialState('mtg-docx' as MeetingId, demoMeeting(), context())
  const run = (command: Command) => {
    const result = applyCommand(state, command, context() as never)
    if (!result.ok) throw new Error(JSON.stringify(result.error))
    state = result.state
  }
  run({ type: 'meeting:open', payload: {} } as Command)
  const others = segmentsInOrder(state)[2]!
  for (let i = 1; i <= 12; i++) {
    run({ type: 'speaker:add', payload: { segmentId: others.id, name: `Permanent Representative of an observer State, speaking ${i} on behalf of a regional group` } } as Command)
  }
  for (let speaker = nextWaitingSpeaker(state); speaker !== null; speaker = nextWaitingSpeaker(state)) {
    run({ type: 'floor:next', payload: { expectedSpeakerId: speaker.id } } as Command)
    now += 4 * 60_000
  }
  run({ type: 'floor:end', payload: {} } as Command)
  const statements = Object.values(state.statements).sort((a, b) => a.startedAtMs - b.startedAtMs)
  const tags: Tag[] = statements.slice(0, 6).map((statement, index) => ({
    statementId: statement.id, questionId: state.questions[index]!.id, authorId: 'nt', authorName: 'nt', atMs: now
  }) as unknown as Tag)
  const notes = Object.fromEntries(statements.slice(0, 6).map((statement) => [statement.id, MIXED_NOTE])) as Record<StatementId, string>
  return { state, notes: { tags, highlights: [], notes } }
}

async function exported (language: string): Promise<{ docx: Buffer; rendered: RenderedDocx }> {
  const { state, notes } = deliveredDebate()
  const docx = await toDocx(buildReport(state, notes, T0 + 3 * 3_600_000, language))
  const rendered = await renderDocx(docx, `record-${language}`)
  await pagesToPng(rendered.pdf, join(artifactsDir, `docx-${language}`))
  return { docx, rendered }
}

/**
 * poppler writes Arabic words in visual order, and a lam–alef ligature as its two letters swapped:
 * compared reversed and without alefs and lams, they match the words as written.
 */
const skeleton = (text: string) => text.replace(/[\u0622\u0623\u0625\u0627\u0644]/g, '')
const sameWord = (seen: string, word: string) => seen === word || skeleton([...seen].reverse().join('')) === skeleton(word)
const lineWith = (lines: readonly PdfLine[], ...words: string[]) =>
  lines.find((line) => words.every((word) => line.words.some((w) => sameWord(w.text, word))))
/** A4's 1-inch (72 pt) margins. */
const MARGIN = 72

describe.skipIf(!officeAvailable())('the Word export as LibreOffice lays it out', () => {
  it('in Arabic: paragraphs and headings at the right margin, Latin words and their punctuation in place', async () => {
    const { docx, rendered } = await exported('ar')
    const right = rendered.pageWidth - MARGIN
    for (const words of [['محضر', 'الجلسة'], ['السجل', 'الزمني'], ['الأسئلة', 'التوجيهية', 'المتكلمون']]) {
      const line = lineWith(rendered.lines, ...words)
      expect(line, words.join(' ')).toBeDefined()
      expect(line!.xMax, words.join(' ')).toBeGreaterThan(right - 4)
      // Short of a full line, so left-aligned it would start at the left margin.
      expect(line!.xMin, words.join(' ')).toBeGreaterThan(MARGIN + 40)
    }
    // The Arabic note with an English phrase: its lines end at the right margin too.
    const note = lineWith(rendered.lines, 'Security', 'Council')
    expect(note!.xMax).toBeGreaterThan(right - 4)
    const xml = await JSZip.loadAsync(docx).then((zip) => zip.file('word/document.xml')!.async('string'))
    expect(xml).toContain('<w:bidiVisual/>')
  }, 120_000)

  it('in English: columns sized to their content, rows whole on one page, an Arabic outcome\'s full stop at its end', async () => {
    const { docx, rendered } = await exported('en')
    // The longest State name wraps over a few lines, not one word a line.
    const kingdom = rendered.lines.find((line) => line.words.some((word) => word.text === 'Kingdom'))!
    const ireland = rendered.lines.find((line) => line.page === kingdom.page && line.yMin >= kingdom.yMin &&
      Math.abs(line.xMin - kingdom.xMin) < 4 && line.words.some((word) => word.text === 'Ireland'))!
    expect(ireland).toBeDefined()
    const nameLines = rendered.lines.filter((line) => line.page === kingdom.page && Math.abs(line.xMin - kingdom.xMin) < 4 &&
      line.yMin >= kingdom.yMin && line.yMin <= ireland.yMin)
    expect(nameLines.length).toBeLessThanOrEqual(2)
    // Times and kinds are never broken.
    expect(rendered.lines.some((line) => line.words.some((word) => word.text === 'statemen' || word.text === 'Orde'))).toBe(false)
    // "Expected outcome: من المتوقع صدور بيان رئاسي." — the full stop ends the Arabic sentence (on its left).
    const outcome = lineWith(rendered.lines, 'Expected', 'outcome:')!
    const arabic = outcome.words.filter((word) => /[\u0600-\u06ff]/.test(word.text))
    const stop = outcome.words.find((word) => word.text.includes('.'))!
    expect(stop.xMin).toBeLessThan(Math.min(...arabic.map((word) => word.xMin)))

    const xml = await JSZip.loadAsync(docx).then((zip) => zip.file('word/document.xml')!.async('string'))
    const rows = xml.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? []
    expect(rows.length).toBeGreaterThan(30)
    for (const row of rows) expect(row).toContain('<w:cantSplit/>')
    const grid = [...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((match) => Number(match[1]))
    expect(Math.max(...grid)).toBe(grid[1])
    expect(new Set(grid).size).toBeGreaterThan(2)
  }, 120_000)
})
