import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { CommandPayloads, CommandType } from '../../shared/domain/commands.ts'
import { addHighlight, readTags, statementNotes, tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { DelegationCode, StatementId } from '../../shared/domain/types.ts'
import { demoMeeting, smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'
import { accepted } from '../support/accepted.ts'

describe('exports of a scripted debate', () => {
  const { server, seed, connect } = useTestServer()

  /** The demo meeting: five statements, one on behalf of a group, a point of order, tags, notes and a highlight. */
  async function scriptedDebate () {
    const meeting = await seed(demoMeeting())
    const chair = await connect(meeting.tokens.chair)
    const noteTaker = await connect(meeting.tokens.notetaker)
    const ok = <T extends CommandType>(type: T, payload: CommandPayloads[T]) => accepted(chair, type, payload)
    await ok('meeting:open', {})
    const members = Object.values(chair.state!.segments).find((s) => s.name === 'أعضاء مجلس الأمن')!
    await ok('speaker:add', { segmentId: members.id, afterId: null, name: 'النرويج', delegation: 'NOR' as DelegationCode, kind: 'member',
      onBehalfOf: { group: 'بلدان الشمال الأوروبي', members: ['NOR' as DelegationCode] } })
    const statements: StatementId[] = []
    for (let i = 0; i < 5; i++) {
      const data = await ok('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
      statements.push(data.statementId)
    }
    await ok('point-of-order:raise', { name: 'الاتحاد الروسي' })
    await ok('point-of-order:close', {})
    await ok('floor:end', {})

    const [q1, q2] = chair.state!.questions
    const author = { id: 'nt-1', name: 'مدون 1' }
    tagStatement(noteTaker.notes, statements[0]!, q1!.id, author, 1)
    tagStatement(noteTaker.notes, statements[2]!, q1!.id, author, 2)
    tagStatement(noteTaker.notes, statements[2]!, q2!.id, author, 3)
    statementNotes(noteTaker.notes, statements[2]!).insert(0, 'يقترح اجتماعا سنويا مشتركا.')
    addHighlight(noteTaker.notes, statements[2]!, { kind: 'proposal', text: 'اجتماعا سنويا مشتركا' }, author, 4)
    await eventually(() => readTags(chair.notes).length === 3 && statementNotes(chair.notes, statements[2]!).length > 0)
    return { meeting, chair, statements }
  }

  const get = (id: string, format: string, token?: string) =>
    fetch(`${server().url}/api/meetings/${id}/export.${format}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } })

  it('writes one CSV row per delivered statement, headed in the meeting\'s language', async () => {
    const { meeting, chair } = await scriptedDebate()
    const response = await get(meeting.id, 'csv', meeting.tokens.notetaker)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('محضر S/PV.8906'.replace('/', '-'))}.csv`)
    const rows = parse((await response.text()).replace(/^\uFEFF/, '')) as string[][]
    expect(rows[0]).toEqual(['الترتيب', 'المتكلم', 'الوفد', 'باسم', 'الجزء', 'النوع', 'البداية', 'النهاية', 'المدة (ث)', 'الحد (ث)', 'التجاوز (ث)', 'الأسئلة التوجيهية', 'فترات التعليق', 'الصفة', 'أعضاء المجموعة', 'انقطاعات الخادم', 'الشخص', 'المنصب', 'بالصفة الوطنية', 'أعضاء المجموعة بالاسم'])
    // The header, six statements, and the meeting's own time (called to order) last.
    expect(rows).toHaveLength(1 + 6 + 1)
    expect(rows.slice(1, 7).map((row) => row[1])).toEqual(['الأمين العام', 'رئيس الجمعية العامة', 'رئيس المجلس الاقتصادي والاجتماعي', 'رئيسة محكمة العدل الدولية', 'النرويج', 'الاتحاد الروسي'])
    expect(rows[1]![11]).toBe('أ')
    expect(rows[3]![11]).toBe('أ ب')
    expect(rows[5]!.slice(2, 6)).toEqual(['NOR', 'بلدان الشمال الأوروبي', 'أعضاء مجلس الأمن', 'بيان'])
    expect(rows[5]![9]).toBe('300')
    expect(rows[6]![5]).toBe('نقطة نظام')
    expect(rows.slice(1, 7).map((row) => row.slice(13, 16))).toEqual([
      ['مقدم إحاطة', '', ''], ['مقدم إحاطة', '', ''], ['مقدم إحاطة', '', ''], ['مقدم إحاطة', '', ''],
      // Norway, a Council member speaking for the Nordic countries, keeps its standing.
      ['عضو', 'NOR', ''],
      // A point of order raised from the floor has no list entry, so no standing.
      ['', '', '']
    ])
    expect(rows[1]![6]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
    expect(Object.values(chair.state!.statements)).toHaveLength(6)
  })

  it('gives each speaker\'s standing and a group\'s members in the CSV: observers are more than a line of JSON', async () => {
    const meeting = await seed(smallMeeting({
      delegations: [{ code: 'KEN', name: 'Kenya' }, { code: 'VAT', name: 'Holy See' }, { code: 'EU', name: 'European Union' },
        { code: 'FIN', name: 'Finland' }, { code: 'NOR', name: 'Norway' }],
      segments: [{ name: 'Speakers', defaultLimitMs: 240_000, speakers: [
        { name: 'Kenya', delegation: 'KEN', kind: 'member' },
        { name: 'Holy See', delegation: 'VAT', kind: 'observer' },
        { name: 'European Union', delegation: 'EU', kind: 'observer' },
        { name: 'Finland', delegation: 'FIN', kind: 'non-member', onBehalfOf: { group: 'Nordic countries', members: ['FIN', 'NOR'] as DelegationCode[] } }
      ] }]
    }))
    const chair = await connect(meeting.tokens.chair)
    expect((await chair.command('meeting:open', {})).ok).toBe(true)
    for (let i = 0; i < 4; i++) expect((await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })).ok).toBe(true)
    expect((await chair.command('floor:end', {})).ok).toBe(true)
    const rows = parse((await (await get(meeting.id, 'csv?lang=en', meeting.tokens.chair)).text()).replace(/^\uFEFF/, '')) as string[][]
    const column = (name: string) => rows[0]!.indexOf(name)
    // The statements' rows; the meeting's own time (called to order) follows them.
    expect(rows.slice(1, 5).map((row) => [row[1], row[column('Standing')], row[column('Group members')], row[column('On behalf of')]])).toEqual([
      ['Kenya', 'member', '', ''],
      ['Holy See', 'observer', '', ''],
      ['European Union', 'observer', '', ''],
      ['Finland', 'non-member', 'FIN NOR', 'Nordic countries']
    ])
  })

  it('writes a Word summary, right to left, with both headings and every speaker', async () => {
    const { meeting, chair } = await scriptedDebate()
    const response = await get(meeting.id, 'docx', meeting.tokens.chair)
    expect(response.status).toBe(200)
    const zip = await JSZip.loadAsync(await response.arrayBuffer())
    const xml = await zip.file('word/document.xml')!.async('string')
    const text = xml.replace(/<[^>]+>/g, '')
    expect(text).toContain('السجل الزمني')
    expect(text).toContain('الأسئلة التوجيهية: ما قاله المتكلمون')
    expect(text).toContain(chair.state!.meeting.title)
    for (const statement of Object.values(chair.state!.statements)) expect(text).toContain(statement.name)
    expect(text).toContain('اقتراح: «اجتماعا سنويا مشتركا»')
    expect(xml).toContain('<w:bidi/>')
    expect(xml).toContain('<w:rtl/>')
  })

  it('writes Markdown with the record and the per-question digest', async () => {
    const { meeting } = await scriptedDebate()
    const markdown = await (await get(meeting.id, 'md', meeting.tokens.chair)).text()
    expect(markdown).toContain('## السجل الزمني')
    expect(markdown).toContain('### السؤال (أ)')
    expect(markdown).toContain('**رئيس المجلس الاقتصادي والاجتماعي**: يقترح اجتماعا سنويا مشتركا.')
    expect(markdown).toContain('### السؤال (و)\n\n' + (await import('../support/meetings.ts')).demoMeeting().questions![5]!.text + '\n\n_لم يتناوله أحد._')
  })

  it('round-trips everything as JSON', async () => {
    const { meeting, chair } = await scriptedDebate()
    const exported = await (await get(meeting.id, 'json', meeting.tokens.chair)).json() as { format: string; version: number; state: unknown; notes: { tags: unknown[]; highlights: unknown[]; notes: Record<string, string> } }
    expect(exported.format).toBe('rostrum-meeting-export')
    expect(exported.state).toEqual(JSON.parse(JSON.stringify(chair.state)))
    expect(exported.notes.tags).toEqual(readTags(chair.notes))
    expect(exported.notes.highlights).toHaveLength(1)
    expect(Object.values(exported.notes.notes)).toEqual(['يقترح اجتماعا سنويا مشتركا.'])
    const audit = (exported as unknown as { audit: { type: string; actorRole: string; result: { ok: boolean } }[] }).audit
    expect(audit.map((entry) => entry.type)).toEqual(['meeting:open', 'speaker:add', 'floor:next', 'floor:next', 'floor:next', 'floor:next', 'floor:next', 'point-of-order:raise', 'point-of-order:close', 'floor:end'])
    expect(audit.every((entry) => entry.actorRole === 'chair' && entry.result.ok)).toBe(true)
  })

  it.each([
    ['no token', undefined, 401, 'UNAUTHORIZED'],
    ['a delegation', 'delegation', 403, 'FORBIDDEN'],
    ['the public link', 'public', 403, 'FORBIDDEN'],
    ['another meeting\'s chair', 'other-chair', 401, 'UNAUTHORIZED']
  ])('refuses %s', async (_label, who, status, code) => {
    const meeting = await seed(smallMeeting())
    const other = await seed(smallMeeting())
    const token = who === undefined ? undefined
      : who === 'delegation' ? meeting.tokens.delegations.KEN!
        : who === 'public' ? meeting.tokens.public : other.tokens.chair
    const response = await get(meeting.id, 'csv', token)
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ error: { code } })
  })

  it('writes the export in the language the caller picks: labels, roster names and template headings; the meeting\'s texts as written', async () => {
    const { meeting } = await scriptedDebate()
    const response = await get(meeting.id, 'csv?lang=en', meeting.tokens.chair)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="S-PV.8906-record.csv"; filename*=UTF-8''${encodeURIComponent('S-PV.8906 record.csv')}`)
    const rows = parse((await response.text()).replace(/^\uFEFF/, '')) as string[][]
    expect(rows[0]).toEqual(['Order', 'Speaker', 'Delegation', 'On behalf of', 'Segment', 'Kind', 'Start', 'End', 'Duration (s)', 'Limit (s)', 'Overrun (s)', 'Guiding questions', 'Suspensions', 'Standing', 'Group members', 'Server outages', 'Person', 'Title', 'National capacity', 'Group members by name'])
    // The briefers are named by hand (as written); Norway comes from the roster; its group is the meeting's text.
    expect(rows.slice(1, 7).map((row) => row[1])).toEqual(['الأمين العام', 'رئيس الجمعية العامة', 'رئيس المجلس الاقتصادي والاجتماعي', 'رئيسة محكمة العدل الدولية', 'Norway', 'الاتحاد الروسي'])
    expect(rows[5]!.slice(2, 6)).toEqual(['NOR', 'بلدان الشمال الأوروبي', 'Members of the Security Council', 'statement'])
    expect(rows[1]![4]).toBe('Briefings')

    const chinese = await (await get(meeting.id, 'md?lang=zh', meeting.tokens.notetaker)).text()
    expect(chinese).toContain('挪威')
    expect(chinese).toContain('# السلام والأمن من خلال الدبلوماسية الوقائية')
  })

  it('names the file in Latin letters as well, and defaults to the meeting\'s language', async () => {
    const meeting = await seed(demoMeeting())
    const response = await get(meeting.id, 'docx', meeting.tokens.chair)
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="S-PV.8906-record.docx"; filename*=UTF-8''${encodeURIComponent('محضر S-PV.8906.docx')}`)
    const unnamed = await seed(smallMeeting())
    const fallback = await get(unnamed.id, 'md?lang=fr', unnamed.tokens.chair)
    expect(fallback.headers.get('content-disposition')).toBe(
      `attachment; filename="${unnamed.id}-record.md"; filename*=UTF-8''${encodeURIComponent(`Compte rendu ${unnamed.id}.md`)}`)
  })

  it('refuses a language it cannot write', async () => {
    const meeting = await seed(smallMeeting())
    const response = await get(meeting.id, 'csv?lang=de', meeting.tokens.chair)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } })
  })

  it('answers an unknown format with NOT_FOUND', async () => {
    const meeting = await seed(smallMeeting())
    const response = await get(meeting.id, 'pdf', meeting.tokens.chair)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})
