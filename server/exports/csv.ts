import { stringify } from 'csv-stringify/sync'
import type { RecordEntry } from '../../shared/domain/digest.ts'
import { memberCodes } from '../../shared/domain/group-members.ts'
import type { Speaker, Statement } from '../../shared/domain/types.ts'
import { sittingKind } from './frame.ts'
import { CSV_FORMULA_START, withoutBidiControls } from './safe-text.ts'
import { groupMemberNames, seconds, suspensionsOf, type MeetingReport } from './report.ts'

/** One row per delivered statement, headed in the meeting's language; a BOM so spreadsheets read UTF-8. */
export function toCsv (report: MeetingReport): string {
  const { t, state } = report
  const header = ['order', 'speaker', 'delegation', 'onBehalfOf', 'segment', 'kind', 'start', 'end', 'duration', 'limit', 'overrun', 'questions', 'suspensions',
    'standing', 'groupMembers', 'outages', 'person', 'personTitle', 'nationalCapacity', 'groupMemberNames']
    .map((column) => t(`record.${column}`))
  const interval = (fromMs: number, toMs: number | null) =>
    `${isoInZone(fromMs, state.meeting.timeZone)}/${toMs === null ? '' : isoInZone(toMs, state.meeting.timeZone)}`
  const rows = report.digest.record.map((entry) => [
    entry.order,
    entry.statement.name,
    entry.statement.delegation ?? '',
    entry.onBehalfOf ?? '',
    entry.segment?.name ?? '',
    t(`kind.${entry.statement.kind}`),
    isoInZone(entry.statement.startedAtMs, state.meeting.timeZone),
    entry.statement.endedAtMs === null ? '' : isoInZone(entry.statement.endedAtMs, state.meeting.timeZone),
    seconds(entry.spokenMs),
    seconds(entry.statement.limitMs),
    seconds(entry.statement.overrunMs),
    entry.questions.map((question) => question.label).join(' '),
    // ISO 8601 intervals, so a spreadsheet can tell the suspension from the speaking time.
    suspensionsOf(entry).map((pause) => interval(pause.startMs, pause.endMs)).join(' '),
    // Only the JSON had these: the Holy See and the EU as observers, and who a group statement spoke for.
    standingOf(report, entry),
    memberCodes(entry.groupMembers).join(' '),
    (entry.statement.outages ?? []).map((outage) => interval(outage.fromMs, outage.toMs)).join(' '),
    // Who spoke for the delegation, in what capacity (added last, so earlier columns keep their places).
    ...capacityCells(entry.statement),
    // Members named by hand have no code: this column names every member, in the report's language.
    groupMemberNames(report, entry).join('; ')
  ])
  // Every row as wide as the header: spreadsheets and strict parsers expect a rectangle.
  const padded = [...writtenRows(report), ...sittingRows(report)].map((row) => [...row, ...Array<string>(Math.max(0, header.length - row.length)).fill('')])
  return '\uFEFF' + stringify([header, ...rows, ...padded], {
    record_delimiter: 'windows',
    // A name such as =HYPERLINK(…) is text, not a formula: a ' before it, and quoted (OWASP "CSV Injection").
    escape_formulas: true,
    quoted_match: CSV_FORMULA_START,
    cast: { string: withoutBidiControls }
  })
}

/** Person, title and national capacity ('true' or empty). */
function capacityCells (statement: Statement): string[] {
  return [statement.person ?? '', statement.title ?? '', statement.nationalCapacity === true ? 'true' : '']
}

/** The list entry behind a statement; none for a point of order raised from the floor. */
function speakerOf (report: MeetingReport, entry: RecordEntry): Speaker | undefined {
  return entry.statement.speakerId === null ? undefined : report.state.speakers[entry.statement.speakerId]
}

/** The speaker's standing (member, non-member, observer, briefer) in the report's language. */
function standingOf (report: MeetingReport, entry: RecordEntry): string {
  const speaker = speakerOf(report, entry)
  return speaker === undefined ? '' : report.t(`standing.${speaker.kind}`)
}

/** "2021-11-16T10:03:12-05:00": the local time in the room, with its offset, so it sorts and parses. */
export function isoInZone (epochMs: number, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset'
  }).formatToParts(epochMs).map((part) => [part.type, part.value]))
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00'
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`
}

/** Statements circulated in writing, after those delivered: numbered apart, of their own kind, with no times. */
function writtenRows (report: MeetingReport): string[][] {
  return report.digest.written.map((entry) => [
    String(entry.order), entry.statement.name, entry.statement.delegation ?? '', entry.onBehalfOf ?? '', entry.segment?.name ?? '',
    report.t('kind.written'), '', '', '', '', '', entry.questions.map((question) => question.label).join(' '),
    '', standingOf(report, entry), memberCodes(entry.groupMembers).join(' '), '',
    ...capacityCells(entry.statement), groupMemberNames(report, entry).join('; ')
  ])
}

/** The meeting's own times last: no order, the moment (called to order, suspended, …) as the kind, its time as the start. */
function sittingRows (report: MeetingReport): string[][] {
  return report.state.sittings.map((event) =>
    ['', '', '', '', '', sittingKind(report, event), isoInZone(event.atMs, report.state.meeting.timeZone)])
}
