import { coverage } from '../../shared/domain/coverage.ts'
import type { MeetingReport } from './report.ts'

export const EXPORT_FORMAT = 'rostrum-meeting-export'
export const EXPORT_VERSION = 1

/** Everything: the control state, the notes and the audit log as plain data, readable back as they were. */
export function toJson (report: MeetingReport): string {
  // Tags on a question the chair removed stay in `notes.tags` but count towards no question: the count
  // says so, where a reader would otherwise have to notice their question is gone.
  const { orphanedTags } = coverage(report.state, report.notes, report.exportedAtMs)
  return JSON.stringify({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAtMs: report.exportedAtMs,
    state: report.state,
    notes: { ...report.notes, orphanedTags },
    audit: report.audit.map(({ meetingId: _meetingId, ...entry }) => entry)
  }, null, 2)
}
