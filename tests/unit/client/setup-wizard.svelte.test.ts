import { describe, expect, it } from 'vitest'
import { SetupWizard, matchPastedList, matchRosterLine, move, takeAdminToken, type FetchLike } from '../../../client/lib/setup-wizard.svelte.ts'
import type { ParsedNoteAnswer } from '../../../shared/protocol/api.ts'
import { meetingDescriptionSchema } from '../../../shared/protocol/schemas.ts'
import { unRoster } from '../../../shared/roster/roster.ts'

const roster = unRoster()
const COUNCIL = ['CHN', 'EST', 'FRA', 'GBR', 'IND', 'IRL', 'KEN', 'MEX', 'NER', 'NOR', 'RUS', 'TUN', 'USA', 'VCT', 'VNM']

interface Call { url: string; headers: Record<string, string>; body: unknown }

/** A fetch that records each call and answers from a queue. */
function fakeFetch (answers: { status: number; body: unknown }[]): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = []
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, headers: init.headers, body: init.body === undefined ? undefined : JSON.parse(init.body) })
    const answer = answers.shift() ?? { status: 500, body: { error: { code: 'INTERNAL', message: 'no answer queued' } } }
    return { ok: answer.status < 300, status: answer.status, json: async () => answer.body }
  }
  return { fetch, calls }
}

function note (overrides: Partial<ParsedNoteAnswer> = {}): ParsedNoteAnswer {
  return {
    title: 'Preventive diplomacy',
    date: '2021-11-16T10:00',
    questions: [{ label: 'a', text: 'How?' }, { label: 'b', text: 'Why?' }],
    briefers: ['President of the General Assembly', 'Secretary-General'],
    outcome: 'A presidential statement.',
    outcomeKind: null,
    language: 'en',
    organ: null,
    presidency: null,
    warnings: [],
    ...overrides
  }
}

function wizard (answers: { status: number; body: unknown }[] = []) {
  const fake = fakeFetch(answers)
  return { wizard: new SetupWizard({ token: 'admin-token-0123456789', roster, fetch: fake.fetch, baseUrl: 'http://x', timeZone: 'America/New_York' }), calls: fake.calls }
}

describe('pasted lists against the roster', () => {
  it('matches codes, names in any of the six languages, and unique prefixes; flags the rest', () => {
    const result = matchPastedList(roster, '1. China\n- est\nالمكسيك\nRoyaume-Uni\nUnited Kingdom\n  \nРоссийская Федерация\nViet Nam\nAtlantis\nUnited')
    expect(result.matched.map((entry) => entry.code)).toEqual(['CHN', 'EST', 'MEX', 'GBR', 'RUS', 'VNM'])
    // "United" starts several names: ambiguous, so flagged rather than guessed.
    expect(result.unmatched).toEqual(['Atlantis', 'United'])
  })

  it('folds accents and Arabic letter variants', () => {
    expect(matchRosterLine(roster, "cote d'ivoire")?.code).toBe('CIV')
    expect(matchRosterLine(roster, 'تونس')?.code).toBe('TUN')
    expect(matchRosterLine(roster, '')).toBeNull()
  })

  it('adds pasted delegations to a list once', () => {
    const { wizard: w } = wizard()
    expect(w.pasteInto('council', 'KEN\nKenya\nNOR').unmatched).toEqual([])
    w.pasteInto('council', 'NOR\nBogus')
    expect(w.council).toEqual(['KEN', 'NOR'])
  })
})

describe('the concept note', () => {
  it('sends pasted text with the admin token and fills the review', async () => {
    const { wizard: w, calls } = wizard([{ status: 200, body: note({ warnings: [{ code: 'NO_TIME', field: 'date', message: 'no time' }] }) }])
    w.noteText = 'text of the note'
    await w.parseText()
    expect(calls[0]).toMatchObject({ url: 'http://x/api/concept-notes/parse', body: { text: 'text of the note' } })
    expect(calls[0]?.headers.Authorization).toBe('Bearer admin-token-0123456789')
    expect(w.step).toBe('review')
    expect([w.title, w.date, w.time, w.expectedOutcome]).toEqual(['Preventive diplomacy', '2021-11-16', '10:00', 'A presidential statement.'])
    expect(w.questions.map((q) => q.label)).toEqual(['a', 'b'])
    expect(w.warningsFor('date').map((warning) => warning.code)).toEqual(['NO_TIME'])
    expect(w.warningsFor('title')).toEqual([])
  })

  it('a Security Council note picks the Council template and its presidency, which the description carries once on the Council', () => {
    const { wizard: w } = wizard()
    w.applyParsed(note({ organ: 'security-council', presidency: 'Mexico' }))
    expect(w.template).toBe('security-council-open-debate')
    expect(w.presidency).toBe('MEX')
    expect(w.councilPresidency).toBe('')
    w.addTo('council', COUNCIL)
    expect(w.councilPresidency).toBe('MEX')
    expect(w.describe('en').presidency).toBe('MEX')
    w.template = 'general'
    expect(w.describe('en').presidency).toBeUndefined()
  })

  it('another note keeps the generic open debate', () => {
    const { wizard: w } = wizard()
    w.applyParsed(note({ organ: null, presidency: null }))
    expect(w.template).toBe('general')
  })

  it('asks the server who can open its links', async () => {
    const reach = { loopbackOnly: true, linkBase: 'http://127.0.0.1:3000', linkBaseFrom: 'listening-address', serveTheRoom: 'HOST=0.0.0.0 npm start' }
    const { wizard: w, calls } = wizard([{ status: 200, body: reach }])
    await w.loadReach()
    expect(calls[0]?.url).toBe('http://x/api/reach')
    expect(w.reach).toEqual(reach)
  })

  it('sends a .docx as base64', async () => {
    const { wizard: w, calls } = wizard([{ status: 200, body: note() }])
    const bytes = new Uint8Array([0x50, 0x4b, 3, 4, 255])
    await w.parseFile({ name: 'Note.DOCX', text: async () => '', arrayBuffer: async () => bytes.buffer })
    expect(calls[0]?.body).toEqual({ docx: Buffer.from(bytes).toString('base64') })
  })

  it('shows the server\'s error and stays on the step', async () => {
    const { wizard: w } = wizard([{ status: 400, body: { error: { code: 'INVALID_PAYLOAD', message: 'text: empty' } } }])
    w.noteText = 'x'
    await w.parseText()
    expect(w.step).toBe('note')
    expect(w.error).toBe('text: empty')
    expect(w.busy).toBe(false)
  })
})

describe('review and description', () => {
  function ready () {
    const made = wizard([{ status: 201, body: { id: 'mtg_1', links: { chair: 'c', notetaker: 'n', public: 'p', screen: 's', delegations: { KEN: 'http://x/m/mtg_1/delegation#token=k' } } } }])
    made.wizard.applyParsed(note())
    return made
  }

  it('names what is wrong, and where', () => {
    const { wizard: w } = ready()
    w.title = ' '
    w.time = '25:00'
    w.timeZone = 'Mars/Olympus'
    w.roomHours[1] = { start: '18:00', end: '15:00' }
    w.questions[1]!.label = 'a'
    w.addBriefer()
    w.template = 'security-council-open-debate'
    w.addTo('council', ['KEN'])
    w.addGroup()
    expect(w.issues).toEqual([
      { field: 'title', code: 'TITLE_REQUIRED' },
      { field: 'time', code: 'TIME_INVALID' },
      { field: 'timeZone', code: 'TIME_ZONE_INVALID' },
      { field: 'roomHours.1', code: 'ROOM_HOURS_INVALID' },
      { field: 'questions.1', code: 'QUESTION_LABEL_DUPLICATE', values: { label: 'a' } },
      { field: 'briefers.2', code: 'BRIEFER_EMPTY' },
      { field: 'council', code: 'COUNCIL_COUNT', values: { count: 1, expected: 15 } },
      { field: 'groups.0', code: 'GROUP_INCOMPLETE' }
    ])
  })

  it('refuses to create while there are issues, without calling the server', async () => {
    const { wizard: w, calls } = ready()
    w.date = ''
    expect(await w.create('en')).toBe(false)
    expect(w.submitted).toBe(true)
    expect(calls).toEqual([])
  })

  it('builds the Security Council open debate: four segments, the Council by draw, groups with their members', () => {
    const { wizard: w } = ready()
    move(w.briefers, 1, -1)
    w.template = 'security-council-open-debate'
    w.addTo('council', COUNCIL)
    w.addTo('others', ['EGY', 'EU'])
    w.addGroup()
    Object.assign(w.groups[0]!, { speaker: 'FIN', group: 'Nordic countries', members: ['DNK', 'FIN', 'ISL', 'NOR', 'SWE'] })
    w.addTo('extras', ['JPN', 'KEN'])
    expect(w.issues).toEqual([])
    const description = w.describe('en')
    expect(meetingDescriptionSchema.safeParse(description).success).toBe(true)
    expect(description).toMatchObject({ scheduledStart: '2021-11-16T10:00', timeZone: 'America/New_York', language: 'en',
      roomHours: [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }] })
    expect(description.segments?.map((s) => [s.name, s.orderingRule, s.defaultLimitMs, s.purpose ?? 'statement'])).toEqual([
      ['Briefings', 'fixed', null, 'statement'],
      ['Members of the Security Council', 'protocol-then-draw', 300_000, 'statement'],
      ['Other Member States and observers', 'protocol-then-inscription', 240_000, 'statement'],
      ['Rights of reply', 'inscription', 180_000, 'right-of-reply']
    ])
    expect(description.segments?.map((s) => s.nameKey)).toEqual(['briefers', 'council', 'others', 'rightsOfReply'])
    expect(description.segments?.[0]?.speakers?.map((s) => s.name)).toEqual(['Secretary-General', 'President of the General Assembly'])
    expect(description.segments?.[1]?.speakers).toHaveLength(15)
    expect(description.segments?.[2]?.speakers).toEqual([
      { name: 'Egypt', delegation: 'EGY', kind: 'non-member' },
      { name: 'European Union', delegation: 'EU', kind: 'observer' },
      { name: 'Finland', delegation: 'FIN', kind: 'non-member', onBehalfOf: { group: 'Nordic countries', members: ['DNK', 'FIN', 'ISL', 'NOR', 'SWE'] } }
    ])
    // Everyone on the list and the extra picks, each once; a group's members (DNK, ISL, SWE) get no link.
    expect(description.delegations?.map((d) => d.code)).toEqual([...COUNCIL, 'EGY', 'EU', 'FIN', 'JPN'])
    // The group stays the meeting's, for the chair to pick again or edit.
    expect(description.groups).toEqual([{ name: 'Nordic countries', members: ['DNK', 'FIN', 'ISL', 'NOR', 'SWE'] }])
  })

  it('a Council member speaking for a group keeps its member standing and its own turn among the members', () => {
    const { wizard: w } = ready()
    w.template = 'security-council-open-debate'
    w.addTo('council', COUNCIL)
    w.addTo('others', ['EGY'])
    w.addGroup()
    Object.assign(w.groups[0]!, { speaker: 'KEN', group: 'the elected members of the Council', members: ['EST', 'IND', 'IRL', 'KEN', 'MEX'] })
    expect(w.issues).toEqual([])
    const [, council, others] = w.describe('en').segments ?? []
    expect(council?.speakers?.filter((s) => s.delegation === 'KEN')).toEqual([{ name: 'Kenya', delegation: 'KEN', kind: 'member',
      onBehalfOf: { group: 'the elected members of the Council', members: ['EST', 'IND', 'IRL', 'KEN', 'MEX'] } }])
    expect(others?.speakers?.map((s) => s.delegation)).toEqual(['EGY'])
  })

  it('names delegations in the interface language when the note does not tell its own', () => {
    const { wizard: w } = ready()
    w.applyParsed(note({ language: null }))
    w.addTo('others', ['MEX'])
    expect(w.describe('ar').delegations).toEqual([{ code: 'MEX', name: 'المكسيك' }])
  })

  it('holds a meeting set up from an Arabic note in Arabic, whatever the interface speaks', () => {
    const { wizard: w } = ready()
    w.applyParsed(note({ language: 'ar' }))
    w.addTo('others', ['MEX'])
    const description = w.describe('en')
    expect(description.language).toBe('ar')
    expect(description.delegations).toEqual([{ code: 'MEX', name: 'المكسيك' }])
    expect(description.segments?.map((s) => [s.name, s.nameKey])).toEqual([
      ['الإحاطات', 'briefers'], ['المتكلمون', 'speakers'], ['حق الرد', 'rightsOfReply']
    ])
  })

  it('creates the meeting, then offers a CSV of the delegation links', async () => {
    const { wizard: w, calls } = ready()
    w.addTo('others', ['KEN'])
    expect(await w.create('en')).toBe(true)
    expect(calls[0]?.url).toBe('http://x/api/meetings')
    expect(w.step).toBe('done')
    expect(w.links?.chair).toBe('c')
    expect(w.delegationCsv('en')).toBe('\uFEFFcode,name,link\r\nKEN,Kenya,http://x/m/mtg_1/delegation#token=k\r\n')
  })
})

describe('the admin token', () => {
  it('leaves the address bar for this tab\'s storage', () => {
    const stored = new Map<string, string>()
    const replaced: string[] = []
    const env = {
      location: { pathname: '/setup', search: '?lang=ar', hash: '#token=abcdefghijklmnop' },
      history: { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => { replaced.push(String(url)) } },
      storage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => { stored.set(key, value) } }
    }
    expect(takeAdminToken(env)).toBe('abcdefghijklmnop')
    expect(replaced).toEqual(['/setup?lang=ar'])
    expect(takeAdminToken({ ...env, location: { ...env.location, hash: '' } })).toBe('abcdefghijklmnop')
  })
})
