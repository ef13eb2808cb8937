import { coverage } from '../../shared/domain/coverage.ts'
import type { AuditEntry } from '../store/store.ts'
import type { MeetingReport } from './report.ts'

export const EXPORT_FORMAT = 'rostrum-meeting-export'
export const EXPORT_VERSION = 1

/**
 * Everything: the control state, the notes and the audit log as plain data, readable back as they were.
 * In pieces, the text `JSON.stringify(…, null, 2)` would give: the audit log is the one part that grows
 * without end, so its entries come a page at a time, as the reader takes them, never all in memory.
 */
export async function * jsonChunks (report: MeetingReport, auditPages: AsyncIterable<readonly AuditEntry[]> | Iterable<readonly AuditEntry[]>): AsyncGenerator<string> {
  // Tags on a question the chair removed stay in `notes.tags` but count towards no question: the count
  // says so, where a reader would otherwise have to notice their question is gone.
  const { orphanedTags } = coverage(report.state, report.notes, report.exportedAtMs)
  const whole = JSON.stringify({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAtMs: report.exportedAtMs,
    state: report.state,
    notes: { ...report.notes, orphanedTags },
    audit: []
  }, null, 2)
  // `"audit": []` is the last member: the entries go between its brackets.
  const at = whole.lastIndexOf('[]')
  yield whole.slice(0, at + 1)
  let first = true
  for await (const page of auditPages) {
    if (page.length === 0) continue
    yield page.map((entry) => {
      const separator = first ? '\n    ' : ',\n    '
      first = false
      return separator + auditJson(entry)
    }).join('')
  }
  yield (first ? '' : '\n  ') + whole.slice(at + 1)
}

/** One entry as it sits in the array, indented as JSON.stringify indents it there. */
function auditJson ({ meetingId: _meetingId, ...entry }: AuditEntry): string {
  return JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ')
}
