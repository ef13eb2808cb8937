import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType
} from 'docx'
import { directionalRuns, isolated, textDirection } from './bidi.ts'
import { withoutBidiControls } from './safe-text.ts'
import type { RecordEntry } from '../../shared/domain/digest.ts'
import { framedRecord } from './frame.ts'
import { formatDuration, meetingFacts, speakerCell, type MeetingReport } from './report.ts'

type Heading = (typeof HeadingLevel)[keyof typeof HeadingLevel]
interface Style { readonly bold?: boolean; readonly italics?: boolean }
/** A piece of a paragraph: its text and how it is set. */
type Part = readonly [text: string, style?: Style]

/** A4 (the docx default) less its two 1-inch margins, in twentieths of a point. */
const TEXT_WIDTH_TWIPS = 11906 - 2 * 1440
/**
 * One character of the body text, generously (bold, and the wider faces a reader's machine may substitute
 * for the default), and a cell's own margins: a column sized from these never breaks a word.
 */
const TWIPS_PER_CHARACTER = 115
const CELL_MARGINS_TWIPS = 230

/**
 * The summary as a Word document. Each paragraph reads in its own direction (an Arabic title in an English
 * report reads right to left, and the report's labels in the report's language), and right-to-left
 * paragraphs keep Word's default alignment, which for them is the right margin: `jc="right"` on a bidi
 * paragraph means its end, i.e. the left. Runs are split by script, so Word places the punctuation between
 * Arabic and Latin words as a reader expects. Table columns are as wide as their content asks, rows never
 * break across pages, and the header row repeats on each page.
 */
export async function toDocx (report: MeetingReport): Promise<Buffer> {
  const { t, state, rtl } = report
  const meeting = state.meeting

  // Each part keeps its own direction (as `dir="auto"` would): the full stop ending an Arabic outcome
  // after an English label stays at the Arabic sentence's end, not beside its first word.
  // Text runs only, never a hyperlink or a field: docx escapes their text, so "=HYPERLINK(…)" stays text.
  const runs = (parts: readonly Part[], paragraphRtl: boolean) => parts.flatMap(([text, style = {}]) =>
    directionalRuns(isolated(withoutBidiControls(text), paragraphRtl), paragraphRtl).map((run) => new TextRun({
      text: run.text,
      rightToLeft: run.rtl,
      bold: style.bold,
      boldComplexScript: style.bold,
      italics: style.italics,
      italicsComplexScript: style.italics
    })))
  /** A paragraph in the direction of its first letter (the report's when it has none), or `direction`. */
  const paragraph = (parts: readonly Part[], options: { heading?: Heading; direction?: 'rtl' | 'ltr' } = {}) => {
    const direction = options.direction ?? textDirection(parts.map(([text]) => text).join('')) ?? (rtl ? 'rtl' : 'ltr')
    return new Paragraph({ children: runs(parts, direction === 'rtl'), heading: options.heading, bidirectional: direction === 'rtl' })
  }
  const line = (text: string, style?: Style) => paragraph([[text, style]])
  /** Label-led paragraphs read in the report's language whatever the value's script. */
  const reportDirection = rtl ? 'rtl' : 'ltr'

  const header = [
    paragraph([[meeting.title]], { heading: HeadingLevel.TITLE }),
    paragraph([[t('title'), { bold: true }]], { direction: reportDirection }),
    ...meetingFacts(report).map(([label, value]) => paragraph([[`${label}: `, { bold: true }], [value]], { direction: reportDirection }))
  ]

  const columns = ['order', 'speaker', 'kind', 'start', 'durationShort', 'questions'].map((c) => t(`record.${c}`))
  const cellsOf = (entry: RecordEntry) => [
    String(entry.order),
    speakerCell(report, entry),
    t(`kind.${entry.statement.kind}`),
    report.time(entry.statement.startedAtMs),
    entry.statement.endedAtMs === null ? t('record.inProgress') : formatDuration(entry.spokenMs),
    entry.questions.map((q) => q.label).join(' ')
  ]
  // One set of widths for every table of the record, so the columns line up across a suspension.
  const widths = columnWidths(columns, report.digest.record.map(cellsOf), TEXT_WIDTH_TWIPS)
  const row = (cells: readonly string[], isHeader = false, columnWidth = widths) => new TableRow({
    tableHeader: isHeader,
    cantSplit: true,
    children: cells.map((value, index) => new TableCell({
      width: { size: columnWidth[index]!, type: WidthType.DXA },
      children: [paragraph([[value, { bold: isHeader }]], { direction: reportDirection })]
    }))
  })
  const table = (header: readonly string[], body: readonly (readonly string[])[], columnWidth = widths) => new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: columnWidth,
    layout: TableLayoutType.FIXED,
    visuallyRightToLeft: rtl,
    rows: [row(header, true, columnWidth), ...body.map((cells) => row(cells, false, columnWidth))]
  })
  // The S/PV frame's sentences in italics between the tables of statements (see frame.ts).
  const record = framedRecord(report).map((block) => block.kind === 'sentence'
    ? paragraph([[block.text, { italics: true }]], { direction: reportDirection })
    : table(columns, block.entries.map(cellsOf)))

  const writtenColumns = ['order', 'speaker', 'questions'].map((c) => t(`record.${c}`))
  const writtenBody = report.digest.written.map((entry) => [String(entry.order), speakerCell(report, entry), entry.questions.map((q) => q.label).join(' ')])
  const written = writtenBody.length === 0 ? [] : [
    paragraph([[t('writtenRecord.heading')]], { heading: HeadingLevel.HEADING_1, direction: reportDirection }),
    table(writtenColumns, writtenBody, columnWidths(writtenColumns, writtenBody, TEXT_WIDTH_TWIPS))
  ]

  const digest = report.digest.questions.flatMap((section) => [
    paragraph([[t('digest.question', { label: section.question.label })]], { heading: HeadingLevel.HEADING_2, direction: reportDirection }),
    line(section.question.text, { italics: true }),
    ...(section.contributions.length === 0
      ? [paragraph([[t('digest.none')]], { direction: reportDirection })]
      : [
          paragraph([[t('digest.time', { duration: formatDuration(section.speakingMs), count: section.contributions.length })]], { direction: reportDirection }),
          ...section.contributions.flatMap((contribution) => [
            // The notes are the meeting's text: their own direction, as are the highlights quoted from them.
            paragraph([[contribution.speaker, { bold: true }], ...(contribution.notes === '' ? [] : [[`: ${contribution.notes}`] as const])],
              { direction: textDirection(contribution.notes) ?? reportDirection }),
            ...contribution.highlights.map((highlight) => paragraph([[`${t(`digest.${highlight.kind}`)}: «${highlight.text}»`]],
              { direction: reportDirection }))
          ])
        ])
  ])

  const unreadable = report.notes.unreadable ?? 0
  const unreadableNote = unreadable === 0 ? [] : [paragraph([[t('unreadableNotes', { n: unreadable }), { italics: true }]], { direction: reportDirection })]

  const document = new Document({
    title: withoutBidiControls(meeting.title),
    sections: [{
      children: [
        ...header,
        paragraph([[t('record.heading')]], { heading: HeadingLevel.HEADING_1, direction: reportDirection }),
        ...record,
        ...written,
        paragraph([[t('digest.heading')]], { heading: HeadingLevel.HEADING_1, direction: reportDirection }),
        ...digest,
        ...unreadableNote
      ]
    }]
  })
  return Packer.toBuffer(document)
}

/**
 * Column widths (twips) summing to `total`, from the content. Each column wants its longest text on one
 * line; when they do not all fit, the widest give way first (water-filling: every column above a level is
 * cut to it), never below their longest word — so the order, times and kinds stay on one line and a long
 * name takes the room that is left instead of wrapping in an equal share.
 */
export function columnWidths (header: readonly string[], rows: readonly (readonly string[])[], total: number): number[] {
  const length = (text: string) => [...text].length
  const longestWord = (text: string) => Math.max(1, ...text.split(/\s+/).map(length))
  const twips = (characters: number, bold = false) => Math.ceil(characters * TWIPS_PER_CHARACTER * (bold ? 1.1 : 1)) + CELL_MARGINS_TWIPS
  const cells = (index: number) => rows.map((row) => row[index] ?? '')
  // A header may wrap between its words; the cells' texts should not.
  const floor = header.map((label, index) => Math.max(twips(longestWord(label), true), ...cells(index).map((text) => twips(longestWord(text)))))
  const wanted = header.map((label, index) => Math.max(floor[index]!, ...cells(index).map((text) => twips(length(text)))))
  const sum = (widths: readonly number[]) => widths.reduce((a, b) => a + b, 0)
  if (sum(wanted) <= total) return shares(wanted, total)
  if (sum(floor) >= total) return shares(floor, total)
  const at = (level: number) => wanted.map((width, index) => Math.max(floor[index]!, Math.min(width, level)))
  let low = 0
  let high = Math.max(...wanted)
  while (high - low > 1) {
    const level = Math.floor((low + high) / 2)
    if (sum(at(level)) <= total) low = level
    else high = level
  }
  return shares(at(low), total)
}
/** `weights` scaled to sum to `total` (whole twips). */
function shares (weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  return weights.map((weight) => Math.floor(total * weight / sum))
}
