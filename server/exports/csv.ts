import { stringify } from 'csv-stringify/sync'
import { seconds, suspensionsOf, type MeetingReport } from './report.ts'

/** One row per delivered statement, headed in the meeting's language; a BOM so spreadsheets read UTF-8. */
export function toCsv (report: MeetingReport): string {
  const { t, state } = report
  const header = ['order', 'speaker', 'person', 'personTitle', 'nationalCapacity', 'delegation', 'onBehalfOf', 'segment', 'kind', 'start', 'end', 'duration', 'limit', 'overrun', 'questions', 'suspensions']
    .map((column) => t(`record.${column}`))
  const rows = report.digest.record.map((entry) => [
    entry.order,
    entry.statement.name,
    entry.statement.person ?? '',
    entry.statement.title ?? '',
    entry.statement.nationalCapacity === true ? 'true' : '',
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
    suspensionsOf(entry).map((pause) => `${isoInZone(pause.startMs, state.meeting.timeZone)}/${pause.endMs === null ? '' : isoInZone(pause.endMs, state.meeting.timeZone)}`).join(' ')
  ])
  return '\uFEFF' + stringify([header, ...rows], { record_delimiter: 'windows' })
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
