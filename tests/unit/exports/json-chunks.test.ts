import { describe, expect, it } from 'vitest'
import { EXPORT_FORMAT, EXPORT_VERSION, jsonChunks } from '../../../server/exports/json.ts'
import { buildReport } from '../../../server/exports/report.ts'
import type { AuditEntry } from '../../../server/store/store.ts'
import { createInitialState } from '../../../shared/domain/create-meeting.ts'
import type { MeetingId } from '../../../shared/domain/types.ts'
import { smallMeeting } from '../../support/meetings.ts'

const meetingId = 'mtg_json' as MeetingId
const entry = (i: number, omitted = false): AuditEntry => ({
  meetingId, commandId: `cmd-${i}`, actorId: 'actor-1', actorRole: 'chair', actorDelegation: null, type: 'list:close',
  payload: omitted ? null : { note: `«${i}»\n"quoted"` },
  ...(omitted ? { payloadOmitted: { bytes: 40_000, sha256: 'ab'.repeat(32) } } : {}),
  result: { ok: true, data: {} }, atMs: i
})

describe('the JSON export in chunks', () => {
  let ids = 0
  const state = createInitialState(meetingId, smallMeeting(), { nowMs: 0, newId: (prefix: string) => `${prefix}_${++ids}` })
  const report = buildReport(state, { tags: [], highlights: [], notes: {} }, 5)

  it.each([
    ['no audit log', []],
    ['one page of one entry', [[entry(1)]]],
    ['several pages, an empty one among them, and a refusal kept bounded', [[entry(1), entry(2)], [], [entry(3, true)], [entry(4)]]]
  ] as const)('with %s, is exactly JSON.stringify of the whole', async (_label, pages) => {
    const whole = JSON.stringify({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAtMs: 5,
      state,
      notes: { tags: [], highlights: [], notes: {}, orphanedTags: 0 },
      audit: pages.flat().map(({ meetingId: _meetingId, ...rest }) => rest)
    }, null, 2)
    expect((await text(jsonChunks(report, pages)))).toBe(whole)
  })

  it('reads the audit log a page at a time, as the reader asks', async () => {
    let read = 0
    const pages = { * [Symbol.iterator] () { for (let i = 0; i < 3; i++) { read += 1; yield [entry(i)] } } }
    const chunks = jsonChunks(report, pages)
    await chunks.next()
    expect(read).toBe(0)
    await chunks.next()
    expect(read).toBe(1)
  })
})

async function text (chunks: AsyncIterable<string>): Promise<string> {
  let whole = ''
  for await (const chunk of chunks) whole += chunk
  return whole
}
