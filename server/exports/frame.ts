// The record framed as the verbatim record (S/PV) frames it: "The meeting was called to order at
// 10.06 a.m." — the statements in order — "The meeting was suspended at 1.22 p.m. and resumed at
// 3.01 p.m." where it happened — "The meeting rose at 6.05 p.m.". Markdown and Word lay out the same blocks.
import type { RecordEntry } from '../../shared/domain/digest.ts'
import { sittingFrame } from '../../shared/domain/sittings.ts'
import type { SittingEvent } from '../../shared/domain/types.ts'
import type { MeetingReport } from './report.ts'

export type RecordBlock =
  | { readonly kind: 'sentence'; readonly text: string }
  | { readonly kind: 'statements'; readonly entries: readonly RecordEntry[] }

/**
 * A time of day as each language's verbatim record writes it in these sentences ("10.06 a.m.", "10 h 6",
 * "10.06 horas", "10 ч. 06 м.", "上午10时06分", "10/06"): a convention of the documents, not of the
 * language's clock, so it is written here rather than asked of Intl. English for any other language.
 */
const SITTING_TIMES: Readonly<Record<string, (hour: number, minute: number) => string>> = {
  en: (hour, minute) => `${hour % 12 === 0 ? 12 : hour % 12}.${pad(minute)} ${hour < 12 ? 'a.m.' : 'p.m.'}`,
  fr: (hour, minute) => `${hour} h ${minute}`,
  es: (hour, minute) => `${hour}.${pad(minute)} horas`,
  ru: (hour, minute) => `${hour} ч. ${pad(minute)} м.`,
  zh: (hour, minute) => `${hour < 12 ? '上午' : '下午'}${hour % 12 === 0 ? 12 : hour % 12}时${pad(minute)}分`,
  ar: (hour, minute) => `${hour}/${pad(minute)}`
}
const pad = (value: number) => String(value).padStart(2, '0')

/** The time in the room's time zone, written as the report's language writes it in the frame. */
export function sittingTime (report: MeetingReport, epochMs: number): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: report.state.meeting.timeZone, hourCycle: 'h23', hour: 'numeric', minute: '2-digit'
  }).formatToParts(epochMs).map((part) => [part.type, part.value]))
  const primary = report.language.split('-')[0]!
  const write = Object.hasOwn(SITTING_TIMES, primary) ? SITTING_TIMES[primary]! : SITTING_TIMES.en!
  return write(Number(parts.hour) % 24, Number(parts.minute))
}

/** The record's blocks in order; a suspension goes before the first statement that began after it. */
export function framedRecord (report: MeetingReport): RecordBlock[] {
  const { t } = report
  const frame = sittingFrame(report.state.sittings)
  const time = (ms: number) => sittingTime(report, ms)
  const blocks: RecordBlock[] = []
  // A time ending in an abbreviation ("6.05 p.m.") ends the sentence with its own full stop.
  const sentence = (text: string) => blocks.push({ kind: 'sentence', text: text.replace(/\.\.$/, '.') })
  if (frame.calledToOrderAtMs !== null) sentence(t('frame.calledToOrder', { time: time(frame.calledToOrderAtMs) }))
  const suspensions = [...frame.suspensions]
  let run: RecordEntry[] = []
  const flushSuspensionsUpTo = (ms: number) => {
    while (suspensions.length > 0 && suspensions[0]!.suspendedAtMs <= ms) {
      const { suspendedAtMs, resumedAtMs } = suspensions.shift()!
      if (run.length > 0) blocks.push({ kind: 'statements', entries: run })
      run = []
      sentence(resumedAtMs === null
        ? t('frame.suspended', { from: time(suspendedAtMs) })
        : t('frame.suspendedAndResumed', { from: time(suspendedAtMs), to: time(resumedAtMs) }))
    }
  }
  for (const entry of report.digest.record) {
    flushSuspensionsUpTo(entry.statement.startedAtMs)
    run.push(entry)
  }
  if (report.digest.record.length === 0) sentence(t('record.empty'))
  flushSuspensionsUpTo(Number.POSITIVE_INFINITY)
  if (run.length > 0) blocks.push({ kind: 'statements', entries: run })
  if (frame.roseAtMs !== null) sentence(t('frame.rose', { time: time(frame.roseAtMs) }))
  return blocks
}

/** The meeting's own times as CSV rows after the statements: the kind, and the moment in the start column. */
export function sittingKind (report: MeetingReport, event: SittingEvent): string {
  return report.t(`sitting.${event.kind}`)
}
