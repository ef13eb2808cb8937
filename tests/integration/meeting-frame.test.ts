// Issue 14, items 10 and 11, through a real server: the meeting's own times frame the record as the
// verbatim record (S/PV) does, and statements circulated in writing are listed apart and can be tagged.
import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { CommandPayloads, CommandType } from '../../shared/domain/commands.ts'
import { readTags, tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker, waitingQueue } from '../../shared/domain/order.ts'
import { expectInOrder } from '../support/in-order.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'
import { accepted } from '../support/accepted.ts'

const MINUTE = 60_000
/** 16 November 2021, 10:00 in New York: the server's clock moves only when the test says. */
const T0 = Date.UTC(2021, 10, 16, 15, 0)
const at = (hour: number, minute: number) => T0 + ((hour - 10) * 60 + minute) * MINUTE

describe('the meeting\'s own times and written statements in the record', () => {
  let nowMs = T0
  const { server, seed, connect } = useTestServer({ clock: { now: () => nowMs } })

  const exported = async (meetingId: string, token: string, format: string) => {
    const response = await fetch(`${server().url}/api/meetings/${meetingId}/export.${format}`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    return response
  }

  async function debate () {
    nowMs = T0
    const meeting = await seed(smallMeeting({
      timeZone: 'America/New_York',
      segments: [{ name: 'Members', defaultLimitMs: 300_000, speakers: [
        { name: 'Kenya', delegation: 'KEN' }, { name: 'Mexico', delegation: 'MEX' }, { name: 'Norway', delegation: 'NOR' }
      ] }]
    }))
    const chair = await connect(meeting.tokens.chair)
    const noteTaker = await connect(meeting.tokens.notetaker)
    const ok = <T extends CommandType>(type: T, payload: CommandPayloads[T]) => accepted(chair, type, payload)
    const next = () => ok('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })

    nowMs = at(10, 6); await ok('meeting:open', {})
    nowMs = at(10, 8); await next()
    nowMs = at(10, 13); await ok('floor:end', {})
    nowMs = at(13, 22); await ok('meeting:suspend', {})
    nowMs = at(15, 1); await ok('meeting:resume', {})
    nowMs = at(15, 3); await next()
    nowMs = at(15, 7); await ok('floor:end', {})
    nowMs = at(18, 0)
    const written = await ok('speaker:written', { speakerIds: waitingQueue(chair.state!).map((speaker) => speaker.id) })
    const [norway] = written.statementIds
    // A note-taker tags the circulated text like a delivered statement.
    tagStatement(noteTaker.notes, norway!, chair.state!.questions[0]!.id, { id: 'nt-1', name: 'Note-taker' }, nowMs)
    await eventually(() => readTags(chair.notes).length === 1)
    nowMs = at(18, 5); await ok('meeting:adjourn', {})
    return { meeting, chair, norway: norway! }
  }

  it('keeps the times in the state, and the JSON export carries them with the written statement', async () => {
    const { meeting, chair, norway } = await debate()
    const times = [
      { kind: 'called-to-order', atMs: at(10, 6) }, { kind: 'suspended', atMs: at(13, 22) },
      { kind: 'resumed', atMs: at(15, 1) }, { kind: 'rose', atMs: at(18, 5) }
    ]
    expect(chair.state!.sittings).toEqual(times)
    const json = await (await exported(meeting.id, meeting.tokens.chair, 'json')).json() as { state: { sittings: unknown; statements: Record<string, unknown> } }
    expect(json.state.sittings).toEqual(times)
    expect(json.state.statements[norway]).toMatchObject({ kind: 'written', name: 'Norway', durationMs: null })
  })

  it('frames the Markdown record as an S/PV document, in order, with the written statement apart', async () => {
    const { meeting } = await debate()
    const markdown = await (await exported(meeting.id, meeting.tokens.chair, 'md?lang=en')).text()
    expectInOrder(markdown, [
      '## Chronological record',
      '_The meeting was called to order at 10.06 a.m._',
      '| 1 | Kenya |',
      '_The meeting was suspended at 1.22 p.m. and resumed at 3.01 p.m._',
      '| 2 | Mexico |',
      '_The meeting rose at 6.05 p.m._',
      '## Statements circulated in writing',
      '| 1 | Norway | a |',
      '## Guiding questions'
    ])
    // The written statement counts for its question in the digest.
    expectInOrder(markdown, ['### Question a', '- **Norway (NOR)**'])
    expect(markdown).not.toMatch(/\| \d+ \| Norway \| statement/)

    const arabic = await (await exported(meeting.id, meeting.tokens.chair, 'md?lang=ar')).text()
    expectInOrder(arabic, ['افتُتحت الجلسة الساعة 10/06.', 'عُلّقت الجلسة الساعة 13/22 واستؤنفت الساعة 15/01.', 'رُفعت الجلسة الساعة 18/05.', 'البيانات المعمَّمة كتابةً'])
    const french = await (await exported(meeting.id, meeting.tokens.chair, 'md?lang=fr')).text()
    expectInOrder(french, ['La séance est ouverte à 10 h 6.', 'La séance est suspendue à 13 h 22; elle est reprise à 15 h 1.', 'La séance est levée à 18 h 5.'])
  })

  it('frames the Word record the same way', async () => {
    const { meeting } = await debate()
    const zip = await JSZip.loadAsync(await (await exported(meeting.id, meeting.tokens.chair, 'docx?lang=en')).arrayBuffer())
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')
    expectInOrder(text, [
      'Chronological record',
      'The meeting was called to order at 10.06 a.m.',
      'Kenya',
      'The meeting was suspended at 1.22 p.m. and resumed at 3.01 p.m.',
      'Mexico',
      'The meeting rose at 6.05 p.m.',
      'Statements circulated in writing',
      'Norway',
      'Guiding questions'
    ])
  })

  it('writes the written statement and the meeting\'s times as CSV rows after the delivered statements', async () => {
    const { meeting } = await debate()
    const rows = parse((await (await exported(meeting.id, meeting.tokens.chair, 'csv?lang=en')).text()).replace(/^\uFEFF/, '')) as string[][]
    expect(rows.map((row) => row.length).every((length) => length === rows[0]!.length)).toBe(true)
    const kind = rows[0]!.indexOf('Kind')
    const start = rows[0]!.indexOf('Start')
    const questions = rows[0]!.indexOf('Guiding questions')
    expect(rows.slice(1).map((row) => [row[0], row[1], row[kind], row[start]])).toEqual([
      ['1', 'Kenya', 'statement', '2021-11-16T10:08:00-05:00'],
      ['2', 'Mexico', 'statement', '2021-11-16T15:03:00-05:00'],
      ['1', 'Norway', 'circulated in writing', ''],
      ['', '', 'called to order', '2021-11-16T10:06:00-05:00'],
      ['', '', 'suspended', '2021-11-16T13:22:00-05:00'],
      ['', '', 'resumed', '2021-11-16T15:01:00-05:00'],
      ['', '', 'rose', '2021-11-16T18:05:00-05:00']
    ])
    expect(rows[3]![questions]).toBe('a')
  })
})
