// Issue 14, "Done when": a whole open debate scripted through a real server with the server's clock in
// the test's hands — a briefer, Council members drawn with the President last in national capacity, a
// member's group statement, a minister moved up by protocol rank, an observer, a delegation added on the
// morning and inscribed through a request, a suspension with a minister on the floor, the remaining
// speakers circulated in writing — and then every record (CSV, JSON, Markdown, Word) read against the script.
import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import { beforeEach, describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import { nextWaitingSpeaker, waitingQueue } from '../../shared/domain/order.ts'
import type { DelegationCode, RequestId, SegmentId, SpeakerId, Statement } from '../../shared/domain/types.ts'
import { eventually, useTestServer } from '../support/server.ts'
import { expectInOrder } from '../support/in-order.ts'

const MINUTE = 60_000
/** 16 November 2021, 10:00 in New York. */
const T0 = Date.UTC(2021, 10, 16, 15, 0)
const at = (hour: number, minute: number) => T0 + ((hour - 10) * 60 + minute) * MINUTE
const zoned = (hour: number, minute: number) => `2021-11-16T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00-05:00`

const BRIEFER = { person: 'Ms. Karin Landgren', title: 'Executive Director of Security Council Report' }
const MINISTER = { person: 'Mr. Teodor Meleşcanu', title: 'Minister for Foreign Affairs of Romania' }
const E10 = { group: 'the elected members of the Council', members: ['KEN', 'NOR', 'IRL'] }

const description: MeetingDescription = {
  title: 'Peace and security through preventive diplomacy',
  symbol: 'S/PV.8906',
  scheduledStart: '2021-11-16T10:00',
  timeZone: 'America/New_York',
  language: 'en',
  presidency: 'MEX',
  delegations: [
    { code: 'IRL', name: 'Ireland' }, { code: 'KEN', name: 'Kenya' }, { code: 'MEX', name: 'Mexico' }, { code: 'NOR', name: 'Norway' },
    { code: 'EGY', name: 'Egypt' }, { code: 'ROU', name: 'Romania' }, { code: 'VAT', name: 'Holy See' },
    { code: 'BRA', name: 'Brazil' }, { code: 'JPN', name: 'Japan' }
  ],
  questions: [{ label: 'a', text: 'How can the principal organs work together?' }],
  segments: [
    { name: 'Briefings', orderingRule: 'fixed', speakers: [{ name: 'Security Council Report', kind: 'briefer', ...BRIEFER }] },
    { name: 'Members of the Council', orderingRule: 'protocol-then-draw', defaultLimitMs: 300_000, speakers: [
      // The presidency listed first: the draw must still put it last.
      { name: 'Mexico', delegation: 'MEX', kind: 'member' },
      { name: 'Ireland', delegation: 'IRL', kind: 'member' },
      { name: 'Kenya', delegation: 'KEN', kind: 'member', onBehalfOf: E10 },
      { name: 'Norway', delegation: 'NOR', kind: 'member' }
    ] },
    { name: 'Other Member States and observers', orderingRule: 'protocol-then-inscription', defaultLimitMs: 240_000, speakers: [
      { name: 'Egypt', delegation: 'EGY', kind: 'non-member' },
      // Inscribed after Egypt; a minister's rank moves him to the head of the segment.
      { name: 'Romania', delegation: 'ROU', kind: 'non-member', protocolRank: 3, ...MINISTER },
      { name: 'Holy See', delegation: 'VAT', kind: 'observer' },
      { name: 'Brazil', delegation: 'BRA', kind: 'non-member' },
      { name: 'Japan', delegation: 'JPN', kind: 'non-member' }
    ] },
    { name: 'Rights of reply', purpose: 'right-of-reply', orderingRule: 'inscription', defaultLimitMs: 180_000 }
  ]
}

interface Replay {
  readonly meetingId: string
  readonly chairToken: string
  /** The delegations in the order they took the floor, as the script called them. */
  readonly delivered: readonly string[]
  readonly written: readonly string[]
}

describe('a whole open debate, replayed through the server, and its records', () => {
  let nowMs = T0
  const { server, seed, connect } = useTestServer({ clock: { now: () => nowMs } })
  let replay: Replay

  const exported = async (format: string) => {
    const response = await fetch(`${server().url}/api/meetings/${replay.meetingId}/export.${format}`, { headers: { authorization: `Bearer ${replay.chairToken}` } })
    expect(response.status).toBe(200)
    return response
  }

  async function run (): Promise<Replay> {
    nowMs = at(9, 30)
    const meeting = await seed(description)
    const chair = await connect(meeting.tokens.chair)
    const ok = async (...args: Parameters<RostrumClient['command']>) => {
      const ack = await chair.command(...args)
      expect(ack, `${args[0]}: ${JSON.stringify(ack)}`).toMatchObject({ ok: true })
      return ack.ok ? ack.data : {}
    }
    const segment = (name: string) => Object.values(chair.state!.segments).find((s) => s.name === name)!.id as SegmentId
    const delivered: string[] = []
    const next = async () => {
      const speaker = nextWaitingSpeaker(chair.state!)!
      delivered.push(speaker.delegation ?? speaker.name)
      await ok('floor:next', { expectedSpeakerId: speaker.id })
    }

    // Before the meeting: the lot for the members, the protocol order for the others.
    await ok('segment:order', { segmentId: segment('Members of the Council'), seed: '0000002a' })
    await ok('segment:order', { segmentId: segment('Other Member States and observers') })
    const queue = () => waitingQueue(chair.state!).map((s) => s.delegation ?? s.name)
    expect(queue().slice(1, 5).at(-1), 'the President speaks last among the members').toBe('MEX')
    expect(queue().slice(5)).toEqual(['ROU', 'EGY', 'VAT', 'BRA', 'JPN'])

    // On the morning, the European Union is added; its new link asks to be inscribed, and the chair
    // accepts it before Brazil, keeping its observer standing.
    const added = await fetch(`${server().url}/api/meetings/${meeting.id}/delegations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${meeting.tokens.chair}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'EU', name: 'European Union' })
    })
    expect(added.status).toBe(201)
    const { link } = await added.json() as { link: string }
    const eu = await connect(new URL(link).hash.replace('#token=', ''))
    const request = await eu.command('request:create', { delegation: 'EU' as DelegationCode, type: 'inscription' })
    expect(request, JSON.stringify(request)).toMatchObject({ ok: true })
    const holySee = waitingQueue(chair.state!).find((s) => s.delegation === 'VAT')!
    await ok('request:accept', { requestId: (request.ok ? request.data.requestId : '') as RequestId, afterId: holySee.id as SpeakerId })
    expect(queue().slice(5)).toEqual(['ROU', 'EGY', 'VAT', 'EU', 'BRA', 'JPN'])

    nowMs = at(10, 6); await ok('meeting:open', {})
    nowMs = at(10, 8); await next() // the briefer
    for (const minute of [20, 25, 30, 35]) { nowMs = at(10, minute); await next() } // the four members
    nowMs = at(10, 40); await next() // the minister
    // Suspended with the minister on the floor; on resumption the chair restarts his clock.
    nowMs = at(10, 44); await ok('meeting:suspend', {})
    nowMs = at(15, 1); await ok('meeting:resume', {})
    await ok('timer:resume', {})
    for (const minute of [2, 6, 10]) { nowMs = at(15, minute); await next() } // Egypt, the Holy See, the EU
    nowMs = at(15, 14); await ok('floor:end', {})
    // "The remaining statements will be circulated in writing."
    nowMs = at(18, 0)
    const remaining = waitingQueue(chair.state!)
    await ok('speaker:written', { speakerIds: remaining.map((s) => s.id) })
    nowMs = at(18, 5); await ok('meeting:adjourn', {})
    await eventually(() => eu.state!.meeting.status === 'adjourned')
    return { meetingId: meeting.id, chairToken: meeting.tokens.chair, delivered, written: remaining.map((s) => s.delegation ?? s.name) }
  }

  // Each test gets a fresh server (useTestServer), so each replays the debate before reading its record.
  beforeEach(async () => { replay = await run() })

  it('followed the script: the President last among the members, the minister first among the others', () => {
    expect(replay.delivered).toHaveLength(1 + 4 + 4)
    expect(replay.delivered[0]).toBe('Security Council Report')
    expect(replay.delivered[4]).toBe('MEX')
    expect(replay.delivered.slice(5)).toEqual(['ROU', 'EGY', 'VAT', 'EU'])
    expect(replay.written).toEqual(['BRA', 'JPN'])
  })

  it('the JSON export holds the statements and the sittings as they happened', async () => {
    const json = await (await exported('json')).json() as { state: { statements: Record<string, Statement>; sittings: unknown; speakers: Record<string, { delegation: string | null; kind: string }> } }
    expect(json.state.sittings).toEqual([
      { kind: 'called-to-order', atMs: at(10, 6) }, { kind: 'suspended', atMs: at(10, 44) },
      { kind: 'resumed', atMs: at(15, 1) }, { kind: 'rose', atMs: at(18, 5) }
    ])
    const statements = Object.values(json.state.statements).sort((a, b) => a.startedAtMs - b.startedAtMs)
    const of = (code: string) => statements.find((s) => s.delegation === code)!
    expect(statements.filter((s) => s.kind === 'statement').map((s) => s.delegation ?? s.name)).toEqual(replay.delivered)
    expect(statements.filter((s) => s.kind === 'written').map((s) => s.delegation)).toEqual(replay.written)
    expect(statements.filter((s) => s.kind === 'written').every((s) => s.durationMs === null)).toBe(true)
    expect(statements[0]).toMatchObject({ kind: 'statement', ...BRIEFER, startedAtMs: at(10, 8), endedAtMs: at(10, 20), durationMs: 12 * MINUTE })
    expect(of('MEX')).toMatchObject({ nationalCapacity: true, startedAtMs: at(10, 35), durationMs: 5 * MINUTE })
    // The minister spoke 10:40–10:44 and 15:01–15:02: the suspension is not speaking time.
    expect(of('ROU')).toMatchObject({ ...MINISTER, startedAtMs: at(10, 40), endedAtMs: at(15, 2), durationMs: 5 * MINUTE, limitMs: 240_000, overrunMs: MINUTE })
    expect(of('ROU').pauses).toContainEqual({ startMs: at(10, 44), endMs: at(15, 1), reason: 'suspension' })
    expect(of('EU')).toMatchObject({ startedAtMs: at(15, 10), endedAtMs: at(15, 14), durationMs: 4 * MINUTE })
    const speakers = Object.values(json.state.speakers)
    expect(speakers.find((s) => s.delegation === 'EU')).toMatchObject({ kind: 'observer' })
    expect(speakers.find((s) => s.delegation === 'VAT')).toMatchObject({ kind: 'observer' })
    expect(speakers.find((s) => s.delegation === 'KEN')).toMatchObject({ kind: 'member', onBehalfOf: E10 })
  })

  it('the CSV has a row per statement, then the written ones, then the meeting\'s times, read by column name', async () => {
    const rows = parse((await (await exported('csv?lang=en')).text()).replace(/^\uFEFF/, '')) as string[][]
    const header = rows[0]!
    const column = (name: string) => {
      const index = header.indexOf(name)
      expect(index, `column "${name}" in ${JSON.stringify(header)}`).toBeGreaterThanOrEqual(0)
      return index
    }
    const pick = (row: string[], names: readonly string[]) => names.map((name) => row[column(name)])
    expect(rows.every((row) => row.length === header.length)).toBe(true)
    const delivered = rows.slice(1, 1 + replay.delivered.length)
    expect(delivered.map((row) => row[column('Delegation')] || row[column('Speaker')])).toEqual(replay.delivered)
    expect(delivered.map((row) => row[column('Order')])).toEqual(replay.delivered.map((_, i) => String(i + 1)))
    const byCode = (code: string) => delivered.find((row) => row[column('Delegation')] === code)!
    expect(pick(delivered[0]!, ['Speaker', 'Standing', 'Person', 'Title', 'Start', 'End', 'Duration (s)'])).toEqual(
      ['Security Council Report', 'briefer', BRIEFER.person, BRIEFER.title, zoned(10, 8), zoned(10, 20), '720'])
    expect(pick(byCode('MEX'), ['Standing', 'National capacity', 'Limit (s)'])).toEqual(['member', 'true', '300'])
    expect(pick(byCode('KEN'), ['Standing', 'On behalf of', 'Group members', 'National capacity', 'Group members by name'])).toEqual(['member', E10.group, 'KEN NOR IRL', '', 'Kenya; Norway; Ireland'])
    expect(pick(byCode('ROU'), ['Person', 'Title', 'Duration (s)', 'Limit (s)', 'Overrun (s)', 'Suspensions'])).toEqual(
      [MINISTER.person, MINISTER.title, '300', '240', '60', `${zoned(10, 44)}/${zoned(15, 1)}`])
    expect(pick(byCode('VAT'), ['Speaker', 'Standing'])).toEqual(['Holy See', 'observer'])
    expect(pick(byCode('EU'), ['Speaker', 'Standing', 'Segment'])).toEqual(['European Union', 'observer', 'Other Member States and observers'])

    const rest = rows.slice(1 + replay.delivered.length)
    expect(rest.map((row) => pick(row, ['Order', 'Speaker', 'Delegation', 'Kind', 'Start', 'Standing']))).toEqual([
      ['1', 'Brazil', 'BRA', 'circulated in writing', '', 'non-member'],
      ['2', 'Japan', 'JPN', 'circulated in writing', '', 'non-member'],
      ['', '', '', 'called to order', zoned(10, 6), ''],
      ['', '', '', 'suspended', zoned(10, 44), ''],
      ['', '', '', 'resumed', zoned(15, 1), ''],
      ['', '', '', 'rose', zoned(18, 5), '']
    ])
  })

  /** The record as the S/PV document frames it, in the order the script ran. */
  const recordInOrder = (statementLine: (speaker: string, note?: string) => string) => [
    'The meeting was called to order at 10.06 a.m.',
    statementLine(`Security Council Report: ${BRIEFER.person}, ${BRIEFER.title}`),
    statementLine(`Kenya (On behalf of ${E10.group}: Kenya, Norway, and Ireland)`),
    statementLine('Mexico, in national capacity'),
    statementLine(`Romania: ${MINISTER.person}, ${MINISTER.title}`, ' — interrupted by the suspension of the meeting (10:44:00–15:01:00)'),
    'The meeting was suspended at 10.44 a.m. and resumed at 3.01 p.m.',
    statementLine('Egypt'),
    statementLine('Holy See'),
    statementLine('European Union'),
    'The meeting rose at 6.05 p.m.',
    'Statements circulated in writing',
    'Brazil',
    'Japan'
  ]

  it('the Markdown record is framed as the verbatim record, speakers in capacity, the written statements apart', async () => {
    const markdown = await (await exported('md?lang=en')).text()
    // Kenya's place among the members is the lot's; it is always between the briefer and the President.
    expectInOrder(markdown, recordInOrder((speaker, note = '') => `| ${speaker}${note} |`).map((line) => line.startsWith('The meeting') ? `_${line}_` : line))
    // The minister's time leaves the suspension out: 10:40–10:44 and 15:01–15:02.
    expect(markdown).toContain(`| 6 | Romania: ${MINISTER.person}, ${MINISTER.title} — interrupted by the suspension of the meeting (10:44:00–15:01:00) | statement | 10:40:00 | 5:00 |`)
    expectInOrder(markdown, ['## Statements circulated in writing', '| 1 | Brazil |', '| 2 | Japan |'])
    expect(markdown).not.toMatch(/\| \d+ \| Brazil \| statement/)
  })

  it('the Word record carries the same frame and capacities', async () => {
    const zip = await JSZip.loadAsync(await (await exported('docx?lang=en')).arrayBuffer())
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')
    expectInOrder(text, recordInOrder((speaker) => speaker))
  })
})
