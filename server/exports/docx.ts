import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType
} from 'docx'
import { formatDuration, meetingFacts, speakerCell, type MeetingReport } from './report.ts'

/** The summary as a Word document; Arabic (and any right-to-left meeting) reads right to left. */
export async function toDocx (report: MeetingReport): Promise<Buffer> {
  const { t, state, rtl } = report
  const meeting = state.meeting
  const text = (value: string, options: { bold?: boolean; italics?: boolean } = {}) =>
    new TextRun({ text: value, rightToLeft: rtl, ...options })
  const paragraph = (children: TextRun[], heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({ children, heading, bidirectional: rtl, alignment: rtl ? AlignmentType.RIGHT : AlignmentType.LEFT })
  const line = (value: string, options?: { bold?: boolean; italics?: boolean }) => paragraph([text(value, options)])

  const header = [
    paragraph([text(meeting.title)], HeadingLevel.TITLE),
    line(t('title'), { bold: true }),
    ...meetingFacts(report).map(([label, value]) => paragraph([text(`${label}: `, { bold: true }), text(value)]))
  ]

  const columns = ['order', 'speaker', 'kind', 'start', 'durationShort', 'questions'].map((c) => t(`record.${c}`))
  const row = (cells: string[], bold = false) => new TableRow({
    tableHeader: bold,
    children: cells.map((value) => new TableCell({ children: [line(value, { bold })] }))
  })
  const record = report.digest.record.length === 0
    ? [line(t('record.empty'), { italics: true })]
    : [new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        visuallyRightToLeft: rtl,
        rows: [row(columns, true), ...report.digest.record.map((entry) => row([
          String(entry.order),
          speakerCell(report, entry),
          t(`kind.${entry.statement.kind}`),
          report.time(entry.statement.startedAtMs),
          entry.statement.endedAtMs === null ? t('record.inProgress') : formatDuration(entry.spokenMs),
          entry.questions.map((q) => q.label).join(' ')
        ]))]
      })]

  const digest = report.digest.questions.flatMap((section) => [
    paragraph([text(t('digest.question', { label: section.question.label }))], HeadingLevel.HEADING_2),
    line(section.question.text, { italics: true }),
    ...(section.contributions.length === 0
      ? [line(t('digest.none'))]
      : [
          line(t('digest.time', { duration: formatDuration(section.speakingMs), count: section.contributions.length })),
          ...section.contributions.flatMap((contribution) => [
            paragraph([text(contribution.speaker, { bold: true }), ...(contribution.notes === '' ? [] : [text(`: ${contribution.notes}`)])]),
            ...contribution.highlights.map((highlight) => line(`${t(`digest.${highlight.kind}`)}: «${highlight.text}»`))
          ])
        ])
  ])

  const document = new Document({
    title: meeting.title,
    sections: [{
      children: [
        ...header,
        paragraph([text(t('record.heading'))], HeadingLevel.HEADING_1),
        ...record,
        paragraph([text(t('digest.heading'))], HeadingLevel.HEADING_1),
        ...digest
      ]
    }]
  })
  return Packer.toBuffer(document)
}
