import { framedRecord } from './frame.ts'
import { formatDuration, meetingFacts, speakerCell, type MeetingReport } from './report.ts'
import { markdownInline as cell, markdownLine } from './safe-text.ts'

// Every text goes through `cell` (or `markdownLine` at the start of a line): the meeting's own texts are
// anyone's input, and a name must not become a link, HTML or a heading where the file is rendered.

export function toMarkdown (report: MeetingReport): string {
  const { t, state } = report
  const meeting = state.meeting
  const lines: string[] = [`# ${cell(meeting.title)}`, '', `**${cell(t('title'))}**`, '']
  for (const [label, value] of meetingFacts(report)) lines.push(`- ${cell(label)}: ${cell(value)}`)

  lines.push('', `## ${cell(t('record.heading'))}`)
  const columns = ['order', 'speaker', 'kind', 'start', 'durationShort', 'questions'].map((c) => cell(t(`record.${c}`)))
  for (const block of framedRecord(report)) {
    lines.push('')
    if (block.kind === 'sentence') {
      lines.push(`_${cell(block.text)}_`)
      continue
    }
    lines.push(`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`)
    for (const entry of block.entries) {
      lines.push(`| ${[
        String(entry.order), speakerCell(report, entry), t(`kind.${entry.statement.kind}`), report.time(entry.statement.startedAtMs),
        entry.statement.endedAtMs === null ? t('record.inProgress') : formatDuration(entry.spokenMs),
        entry.questions.map((q) => q.label).join(' ')
      ].map(cell).join(' | ')} |`)
    }
  }
  lines.push(...writtenSection(report))

  lines.push('', `## ${cell(t('digest.heading'))}`)
  for (const section of report.digest.questions) {
    lines.push('', `### ${cell(t('digest.question', { label: section.question.label }))}`, '', markdownLine(section.question.text), '')
    if (section.contributions.length === 0) {
      lines.push(`_${cell(t('digest.none'))}_`)
      continue
    }
    lines.push(markdownLine(t('digest.time', { duration: formatDuration(section.speakingMs), count: section.contributions.length })), '')
    for (const contribution of section.contributions) {
      lines.push(`- **${cell(contribution.speaker)}**${contribution.notes === '' ? '' : `: ${cell(contribution.notes)}`}`)
      for (const highlight of contribution.highlights) lines.push(`  - ${cell(t(`digest.${highlight.kind}`))}: «${cell(highlight.text)}»`)
    }
  }
  const unreadable = report.notes.unreadable ?? 0
  if (unreadable > 0) lines.push('', `_${t('unreadableNotes', { n: unreadable })}_`)
  return lines.join('\n') + '\n'
}

/** Statements circulated in writing, apart from those delivered (none: no section). */
function writtenSection (report: MeetingReport): string[] {
  const { t } = report
  if (report.digest.written.length === 0) return []
  const columns = ['order', 'speaker', 'questions'].map((c) => cell(t(`record.${c}`)))
  return ['', `## ${cell(t('writtenRecord.heading'))}`, '', `| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`,
    ...report.digest.written.map((entry) =>
      `| ${[String(entry.order), speakerCell(report, entry), entry.questions.map((q) => q.label).join(' ')].map(cell).join(' | ')} |`)]
}
