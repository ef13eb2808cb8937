// Issue 13, items 3 and 4, as the record shows them: a correction made while the speaker has the floor,
// and a suspension under a speaker, each through a real server into the CSV, Word and JSON exports.
import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { SpeakerId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

const MINUTE = 60_000
/** 28 November 2026, 10:00 in UTC (smallMeeting's zone): the server's clock moves only when a test says. */
const T0 = Date.UTC(2026, 10, 28, 10, 0)

describe('the record of the floor', () => {
  let nowMs = T0
  const { server, seed, connect } = useTestServer({ clock: { now: () => nowMs } })

  const exported = async (meetingId: string, token: string, format: 'csv' | 'docx' | 'json' | 'md') => {
    const response = await fetch(`${server().url}/api/meetings/${meetingId}/export.${format}`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    return response
  }
  const csvRows = async (meetingId: string, token: string) =>
    parse((await (await exported(meetingId, token, 'csv')).text()).replace(/^\uFEFF/, '')) as string[][]
  const docxText = async (meetingId: string, token: string) => {
    const zip = await JSZip.loadAsync(await (await exported(meetingId, token, 'docx')).arrayBuffer())
    return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')
  }

  async function chairOf (token: string) {
    const chair = await connect(token)
    const ok = async (...args: Parameters<RostrumClient['command']>) => {
      const ack = await chair.command(...args)
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true })
      return ack.ok ? ack.data : {}
    }
    return { chair, ok }
  }

  it('a name and limit corrected while the speaker has the floor are what the CSV, Word and audit record', async () => {
    nowMs = T0
    const meeting = await seed(smallMeeting({
      segments: [{ name: 'Briefers', defaultLimitMs: null, speakers: [{ name: 'Under-Secretary-Genral' }] }]
    }))
    const { chair, ok } = await chairOf(meeting.tokens.chair)
    await ok('meeting:open', {})
    const speakerId = Object.values(chair.state!.speakers)[0]!.id as SpeakerId
    await ok('floor:give', { speakerId })
    nowMs += MINUTE
    const correction = await ok('speaker:update', { speakerId, changes: { name: 'Under-Secretary-General', limitMs: 4 * MINUTE } })
    expect(chair.state!.timer.limitMs).toBe(4 * MINUTE)
    nowMs += 5 * MINUTE
    await ok('floor:end', {})

    const [header, row] = await csvRows(meeting.id, meeting.tokens.chair)
    const column = (name: string) => row![header!.indexOf(name)]
    expect([column('Speaker'), column('Duration (s)'), column('Limit (s)'), column('Overrun (s)')])
      .toEqual(['Under-Secretary-General', '360', '240', '120'])
    const text = await docxText(meeting.id, meeting.tokens.chair)
    expect(text).toContain('Under-Secretary-General')
    expect(text).not.toContain('Under-Secretary-Genral')

    // The audit log keeps both: the new values in the payload, the old ones in the result.
    expect(correction).toMatchObject({ previous: { name: 'Under-Secretary-Genral', limitMs: null }, statementBefore: { name: 'Under-Secretary-Genral', limitMs: null } })
    const { audit } = await (await exported(meeting.id, meeting.tokens.chair, 'json')).json() as {
      audit: { type: string; payload: unknown; result: { ok: boolean; data?: unknown } }[]
    }
    expect(audit.find((entry) => entry.type === 'speaker:update')).toMatchObject({
      payload: { changes: { name: 'Under-Secretary-General', limitMs: 4 * MINUTE } },
      result: { ok: true, data: { previous: { name: 'Under-Secretary-Genral', limitMs: null } } }
    })
  })

  it('a statement a suspension interrupted says so, and its duration leaves the suspension out', async () => {
    nowMs = T0
    const meeting = await seed(smallMeeting())
    const { chair, ok } = await chairOf(meeting.tokens.chair)
    await ok('meeting:open', {})
    await ok('floor:next', { expectedSpeakerId: Object.values(chair.state!.speakers).find((s) => s.name === 'Kenya')!.id })
    nowMs += 2 * MINUTE
    await ok('meeting:suspend', {})
    nowMs += 120 * MINUTE
    await ok('meeting:resume', {})
    await ok('timer:resume', {})
    nowMs += 2 * MINUTE
    await ok('floor:end', {})

    const [header, row] = await csvRows(meeting.id, meeting.tokens.chair)
    const column = (name: string) => row![header!.indexOf(name)]
    expect([column('Speaker'), column('Duration (s)'), column('Overrun (s)')]).toEqual(['Kenya', '240', '0'])
    expect(column('Suspensions')).toBe('2026-11-28T10:02:00+00:00/2026-11-28T12:02:00+00:00')
    const note = 'Kenya — interrupted by the suspension of the meeting (10:02:00–12:02:00)'
    expect(await docxText(meeting.id, meeting.tokens.chair)).toContain(note)
    expect(await (await exported(meeting.id, meeting.tokens.chair, 'md')).text()).toContain(`| ${note} |`)
  })
})
