import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { addHighlight, readHighlights, statementNotes, tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import type { DelegationCode, RequestId, StatementId } from '../../shared/domain/types.ts'
import { eventually, useTestServer } from '../support/server.ts'

/**
 * Injection payloads (OWASP "CSV Injection", HTML and link injection into Markdown, a right-to-left
 * override), each with a form short enough for a question's label (≤ 16 characters).
 */
const PAYLOADS: readonly { readonly text: string; readonly label: string }[] = [
  { text: '=HYPERLINK("http://x","y")', label: '=HYPERLINK(0)' },
  { text: '+1', label: '+1' },
  { text: '-1', label: '-1' },
  { text: '@SUM(1)', label: '@SUM(1)' },
  { text: '\t=1+1', label: '\t=1' },
  { text: '＝1+1', label: '＝1' },
  { text: '<script>alert(1)</script>', label: '<script>' },
  { text: '<img src=x onerror=alert(1)>', label: '<img onerror=a>' },
  { text: '[x](javascript:alert(1))', label: '[x](javascript:)' },
  { text: '![x](javascript:alert(1))', label: '![x](j:a)' },
  { text: '<javascript:alert(1)>', label: '<javascript:a>' },
  { text: '[x]: javascript:alert(1)', label: '[x]: j:a' },
  { text: '1. # heading `code` *em* _em_ ~~s~~ | &amp;', label: '1. #' },
  { text: '\u202egnp.exe\u202c \u2067isolate', label: '\u202eexe' }
]

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/
/** What a spreadsheet would run: a cell that starts with one of these (full-width forms included). */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/
const withoutBidi = (text: string) => text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '')

/** The user-supplied fields this test fills, every one of which reaches at least one export. */
const FIELDS = ['title', 'agendaItem', 'symbol', 'expectedOutcome', 'delegation', 'question', 'group', 'segment', 'speaker', 'person',
  'personTitle', 'onBehalfOf', 'added', 'addedPerson', 'addedTitle', 'pointOfOrder', 'written', 'note', 'reason', 'notes', 'highlight', 'author'] as const
type Field = (typeof FIELDS)[number]

/** Markdown as a reader sees it once rendered: backslash escapes and the three entities undone. */
function markdownAsRead (markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

describe('exports are safe with hostile text in every field (issue 15, item 10)', () => {
  const { server, connect } = useTestServer()

  it.each(PAYLOADS.map((payload) => [JSON.stringify(payload.text), payload] as const))('%s: no formula, no HTML, no live link, in any format', async (_name, payload) => {
    const v = (field: Field) => `${payload.text} ${field}`
    // Names and titles are trimmed on the way in (a leading tab goes); notes are kept as typed.
    const stored = (field: Field) => v(field).trim()

    // Through the HTTP API: the meeting description.
    const description: MeetingDescription = {
      title: v('title'),
      agendaItem: v('agendaItem'),
      symbol: v('symbol'),
      expectedOutcome: v('expectedOutcome'),
      scheduledStart: '2026-11-28T10:00',
      delegations: [{ code: 'KEN' as DelegationCode, name: v('delegation') }, { code: 'MEX' as DelegationCode, name: 'Mexico' }],
      questions: [{ label: payload.label, text: v('question'), group: v('group') }, { label: 'b', text: 'Plain?' }],
      segments: [{ name: v('segment'), defaultLimitMs: 300_000, speakers: [
        { name: v('speaker'), delegation: 'KEN' as DelegationCode, person: v('person'), title: v('personTitle'),
          onBehalfOf: { group: v('onBehalfOf'), members: ['KEN' as DelegationCode] } },
        { name: v('written'), delegation: null },
        { name: 'Mexico', delegation: 'MEX' as DelegationCode }
      ] }]
    }
    const created = await fetch(`${server().url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server().adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(description)
    })
    expect(created.status, await created.clone().text()).toBe(201)
    const { id: meetingId, links } = await created.json() as { id: string; links: { chair: string; notetaker: string; delegations: Record<string, string> } }
    const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '')
    const chair = await connect(tokenOf(links.chair))
    const noteTaker = await connect(tokenOf(links.notetaker))
    const kenya = await connect(tokenOf(links.delegations.KEN!))

    // Through commands: a speaker added, a point of order, a statement circulated in writing, a request declined.
    const ok = async (client: RostrumClient, ...args: Parameters<RostrumClient['command']>) => {
      const ack = await client.command(...args)
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true })
      return ack.ok ? ack.data as Record<string, string> : {}
    }
    const segmentId = Object.values(chair.state!.segments)[0]!.id
    await ok(chair, 'meeting:open', {})
    await ok(chair, 'speaker:add', { segmentId, afterId: null, name: v('added'), delegation: 'MEX' as DelegationCode, person: v('addedPerson'), title: v('addedTitle') })
    const statements: StatementId[] = []
    for (let i = 0; i < 2; i++) statements.push((await ok(chair, 'floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })).statementId as StatementId)
    statements.push((await ok(chair, 'point-of-order:raise', { name: v('pointOfOrder') })).statementId as StatementId)
    await ok(chair, 'point-of-order:close', {})
    await ok(chair, 'floor:end', {})
    const written = Object.values(chair.state!.speakers).find((speaker) => speaker.name === stored('written'))!
    statements.push(...(await ok(chair, 'speaker:written', { speakerIds: [written.id] })).statementIds as unknown as StatementId[])
    const request = await ok(kenya, 'request:create', { delegation: 'KEN' as DelegationCode, type: 'right-of-reply', note: v('note') })
    await ok(chair, 'request:decline', { requestId: request.requestId as RequestId, reason: v('reason') })

    // Through the notes document: tags, notes text and a highlight on every statement.
    const author = { id: 'nt-1', name: v('author') }
    const question = chair.state!.questions[0]!
    statements.forEach((statementId, i) => {
      tagStatement(noteTaker.notes, statementId, question.id, author, i + 1)
      statementNotes(noteTaker.notes, statementId).insert(0, v('notes'))
      addHighlight(noteTaker.notes, statementId, { kind: i % 2 === 0 ? 'quote' : 'proposal', text: v('highlight') }, author, 100 + i)
    })
    await eventually(() => readHighlights(chair.notes).length === statements.length, { message: 'the notes at the chair' })

    const exported = async (format: string) => {
      const response = await fetch(`${server().url}/api/meetings/${meetingId}/export.${format}`, { headers: { authorization: `Bearer ${tokenOf(links.chair)}` } })
      expect(response.status, format).toBe(200)
      // Never sniffed into something a browser would render or run.
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('content-disposition')).toMatch(/^attachment;/)
      return response
    }

    // JSON: data, exactly as written (JSON escapes what it must), served as JSON.
    const jsonResponse = await exported('json')
    expect(jsonResponse.headers.get('content-type')).toContain('application/json')
    const json = await jsonResponse.json() as { state: { meeting: { title: string; symbol: string } }; notes: { notes: Record<string, string> } }
    expect(json.state.meeting.title).toBe(stored('title'))
    expect(json.state.meeting.symbol).toBe(v('symbol'))
    expect(json.notes.notes[statements[0]!]).toBe(v('notes'))

    // CSV: no cell starts as a formula; those that would are a quoted text starting with '.
    const csv = (await (await exported('csv')).text()).replace(/^\uFEFF/, '')
    expect(csv).not.toMatch(BIDI_CONTROLS)
    const cells = (parse(csv, { relax_column_count: true }) as string[][]).flat()
    const formulas = cells.filter((cell) => FORMULA_START.test(cell))
    expect(formulas, 'cells a spreadsheet would run').toEqual([])
    for (const cell of cells.filter((c) => /^'/.test(c) && FORMULA_START.test(c.slice(1)))) {
      expect(csv, `${cell} quoted`).toContain(`"${cell.replace(/"/g, '""')}"`)
    }
    // Still there as text, whole: the name, the person and the group as typed (a ' before a would-be formula).
    const asCsvText = (field: Field) => (FORMULA_START.test(withoutBidi(stored(field))) ? '\'' : '') + withoutBidi(stored(field))
    for (const field of ['speaker', 'onBehalfOf', 'segment', 'person', 'personTitle', 'added', 'pointOfOrder', 'written'] as const) {
      expect(cells, field).toContain(asCsvText(field))
    }

    // Markdown: no raw '<' at all (no HTML, no autolink), no unescaped bracket (no link, image or reference),
    // no line a name turns into a list or heading, no direction override.
    const markdown = await (await exported('md')).text()
    expect(markdown).not.toMatch(BIDI_CONTROLS)
    expect(markdown.includes('<'), 'a raw < in the Markdown').toBe(false)
    expect(markdown.match(/(?<!\\)[[\]]/g), 'an unescaped bracket in the Markdown').toBeNull()
    expect(markdown.split('\n').filter((line) => /^(-(?! )|\+|=|\d+[.)]|#(?!#* ))/.test(line)), 'lines a text turned into markup').toEqual([])
    const read = markdownAsRead(markdown)
    for (const field of ['title', 'agendaItem', 'expectedOutcome', 'question', 'speaker', 'person', 'personTitle', 'onBehalfOf', 'added', 'pointOfOrder', 'written', 'highlight'] as const) {
      expect(read, field).toContain(withoutBidi(stored(field)))
    }
    expect(read).toContain(withoutBidi(v('notes')).replace(/\s*[\r\n]\s*/g, ' ').trim())

    // Word: text runs only — no hyperlink, no field (a field code could compute or fetch), no external target.
    const zip = await JSZip.loadAsync(Buffer.from(await (await exported('docx')).arrayBuffer()))
    const parts = await Promise.all(Object.keys(zip.files).filter((name) => name.endsWith('.xml') || name.endsWith('.rels')).map(async (name) => [name, await zip.file(name)!.async('string')] as const))
    for (const [name, xml] of parts) {
      expect(xml, name).not.toMatch(/<w:hyperlink|<w:fldSimple|<w:instrText|<w:fldChar|TargetMode="External"|<script|<img/)
      expect(xml, name).not.toMatch(BIDI_CONTROLS)
    }
    const documentXml = parts.find(([name]) => name === 'word/document.xml')![1]
    const text = [...documentXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('')
      .replace(/[\u200e\u200f]/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
    for (const field of ['title', 'speaker', 'question', 'highlight'] as const) expect(text, field).toContain(withoutBidi(stored(field)))
  }, 30_000)
})
