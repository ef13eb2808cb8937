// The meeting-setup wizard: concept note → review → created meeting with its links. It only speaks
// HTTP (`/api/concept-notes/parse`, `/api/meetings`); the draw is left to the chair's console.
import type { ConceptNoteWarning } from '../../shared/concept-note/types.ts'
import type { MeetingDescription, SegmentDescription, SpeakerDescription } from '../../shared/domain/meeting-description.ts'
import type { RoomSession } from '../../shared/domain/types.ts'
import type { CreatedMeetingAnswer, MeetingLinks, ParsedNoteAnswer } from '../../shared/protocol/api.ts'
import type { Reach } from '../../shared/protocol/reach.ts'
import { meetingDescriptionSchema } from '../../shared/protocol/schemas.ts'
import { SEGMENT_HEADINGS, segmentHeading, type SegmentHeadingKey } from '../../shared/domain/segment-headings.ts'
import { UN_LANGUAGES, type RosterEntry, type UnLanguage } from '../../shared/roster/roster.ts'
import { foldName, searchableNames } from '../../shared/roster/search.ts'
import { tokenFromHash } from './route.ts'

export type SetupStep = 'note' | 'review' | 'done'
export type TemplateId = 'general' | 'security-council-open-debate'
export type NoteField = ConceptNoteWarning['field']

export interface SetupIssue {
  /** Where the review screen shows it: a field name, or "questions.2" for one row. */
  readonly field: string
  readonly code:
    | 'TITLE_REQUIRED' | 'DATE_INVALID' | 'TIME_INVALID' | 'TIME_ZONE_INVALID' | 'ROOM_HOURS_INVALID'
    | 'QUESTION_INCOMPLETE' | 'QUESTION_LABEL_DUPLICATE' | 'BRIEFER_EMPTY' | 'COUNCIL_COUNT'
    | 'GROUP_INCOMPLETE' | 'DESCRIPTION_INVALID'
  readonly values?: Record<string, string | number>
}

export interface PasteResult {
  readonly matched: readonly RosterEntry[]
  /** Lines (trimmed) that name nobody on the roster, for the person to fix. */
  readonly unmatched: readonly string[]
}

export interface GroupStatement {
  readonly id: number
  speaker: string
  group: string
  members: string[]
}

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{
  readonly ok: boolean
  readonly status: number
  json (): Promise<unknown>
}>

export interface SetupWizardOptions {
  readonly token: string
  readonly roster: readonly RosterEntry[]
  readonly fetch: FetchLike
  /** The base the API lives under; '' for the page's own origin. */
  readonly baseUrl?: string
  readonly timeZone?: string
}

/** Security Council membership is fixed by the Charter (Art. 23). */
export const COUNCIL_SIZE = 15
const MINUTE_MS = 60_000
const DEFAULT_ROOM_HOURS: readonly RoomSession[] = [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }]

interface Row { readonly id: number; label: string; text: string }
interface Briefer { readonly id: number; name: string }

export class SetupWizard {
  readonly roster: readonly RosterEntry[]
  readonly #options: SetupWizardOptions
  readonly #byCode: ReadonlyMap<string, RosterEntry>
  #nextId = 1

  step = $state<SetupStep>('note')
  noteText = $state('')
  busy = $state(false)
  /** An API failure, as the server words it: shown as is, next to the button that caused it. */
  error = $state<string | null>(null)
  warnings = $state<readonly ConceptNoteWarning[]>([])

  title = $state('')
  date = $state('')
  time = $state('10:00')
  timeZone = $state('UTC')
  roomHours = $state<RoomSession[]>(DEFAULT_ROOM_HOURS.map((s) => ({ ...s })))
  expectedOutcome = $state('')
  questions = $state<Row[]>([])
  briefers = $state<Briefer[]>([])
  template = $state<TemplateId>('general')
  council = $state<string[]>([])
  /** The roster code of the State presiding; it counts only once it is among the Council members. */
  presidency = $state('')
  others = $state<string[]>([])
  extras = $state<string[]>([])
  groups = $state<GroupStatement[]>([])
  /** Set once the description has been tried, so errors do not shout at an untouched form. */
  submitted = $state(false)
  links = $state<MeetingLinks | null>(null)
  /**
   * The language the meeting is held in: the concept note's when it tells, or the person's pick; null
   * means the interface's. The meeting's own texts are in it and exports default to it; readers see
   * roster names and template headings in their own.
   */
  meetingLanguage = $state<UnLanguage | null>(null)
  meetingId = $state<string | null>(null)
  /** Who can open the links (`GET /api/reach`); null until known, and if the server could not say. */
  reach = $state<Reach | null>(null)

  constructor (options: SetupWizardOptions) {
    this.#options = options
    this.roster = options.roster
    this.#byCode = new Map(options.roster.map((entry) => [entry.code, entry]))
    if (options.timeZone !== undefined) this.timeZone = options.timeZone
  }

  entry (code: string): RosterEntry | undefined {
    return this.#byCode.get(code)
  }

  warningsFor (field: NoteField): readonly ConceptNoteWarning[] {
    return this.warnings.filter((warning) => warning.field === field)
  }

  /**
   * Every delegation of the meeting, each once, in the order they first appear. A group's members are
   * not among them: they are roster codes that need no link (only the group's speaker takes the floor).
   */
  get delegationCodes (): string[] {
    const codes = [
      ...(this.template === 'security-council-open-debate' ? this.council : []),
      ...this.others,
      ...this.groups.map((group) => group.speaker),
      ...this.extras
    ].filter((code) => this.#byCode.has(code))
    return [...new Set(codes)]
  }

  /** Asks the server whether its links open beyond this machine; the page warns when they do not. */
  async loadReach (): Promise<void> {
    try {
      const response = await this.#options.fetch(`${this.#options.baseUrl ?? ''}/api/reach`, { method: 'GET', headers: {} })
      if (response.ok) this.reach = await response.json() as Reach
    } catch {
      // An older server, or none: no warning rather than a wrong one.
    }
  }

  // ---- step 1: the concept note ----

  async parseText (): Promise<void> {
    if (this.noteText.trim() === '') return
    await this.#parse({ text: this.noteText })
  }

  /** A .txt is read as text; a .docx goes to the server as base64, where mammoth reads it. */
  async parseFile (file: Pick<File, 'name' | 'text' | 'arrayBuffer'>): Promise<void> {
    if (/\.docx$/i.test(file.name)) {
      await this.#parse({ docx: toBase64(new Uint8Array(await file.arrayBuffer())) })
    } else {
      this.noteText = await file.text()
      await this.#parse({ text: this.noteText })
    }
  }

  /** Skips the note: everything is typed on the review screen. */
  startBlank (): void {
    this.warnings = []
    this.step = 'review'
  }

  applyParsed (note: ParsedNoteAnswer): void {
    this.warnings = note.warnings
    this.meetingLanguage = isUnLanguage(note.language) ? note.language : null
    if (note.title !== null) this.title = note.title
    const [day, time] = (note.date ?? '').split('T')
    if (day !== undefined && day !== '') this.date = day
    if (time !== undefined) this.time = time
    if (note.outcome !== null) this.expectedOutcome = note.outcome
    this.questions = note.questions.map((question) => ({ id: this.#id(), label: question.label, text: question.text }))
    this.briefers = note.briefers.map((name) => ({ id: this.#id(), name }))
    // A Council note is for a Council meeting: its members by draw, the presidency speaking last.
    if (note.organ === 'security-council') this.template = 'security-council-open-debate'
    if (note.presidency != null) this.presidency = matchRosterLine(this.roster, note.presidency)?.code ?? this.presidency
    this.step = 'review'
  }

  async #parse (body: { text: string } | { docx: string }): Promise<void> {
    const answer = await this.#post('/api/concept-notes/parse', body)
    if (answer !== null) this.applyParsed(answer as ParsedNoteAnswer)
  }

  // ---- step 2: review ----

  /** The presiding Council member: the draw puts it last among the members. '' when none is chosen. */
  get councilPresidency (): string {
    return this.template === 'security-council-open-debate' && this.council.includes(this.presidency) ? this.presidency : ''
  }

  addQuestion (): void {
    this.questions.push({ id: this.#id(), label: '', text: '' })
  }

  addBriefer (): void {
    this.briefers.push({ id: this.#id(), name: '' })
  }

  addGroup (): void {
    this.groups.push({ id: this.#id(), speaker: '', group: '', members: [] })
  }

  addRoomSession (): void {
    this.roomHours.push({ start: '15:00', end: '18:00' })
  }

  /** Adds roster codes to one of the lists, skipping any already there. */
  addTo (list: 'council' | 'others' | 'extras', codes: readonly string[]): void {
    for (const code of codes) if (this.#byCode.has(code) && !this[list].includes(code)) this[list].push(code)
  }

  /** One name or code per line (bullets and numbering ignored); lines that name nobody are returned. */
  pasteInto (list: 'council' | 'others' | 'extras', text: string): PasteResult {
    const result = matchPastedList(this.roster, text)
    this.addTo(list, result.matched.map((entry) => entry.code))
    return result
  }

  get issues (): SetupIssue[] {
    const issues: SetupIssue[] = []
    if (this.title.trim() === '') issues.push({ field: 'title', code: 'TITLE_REQUIRED' })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this.date) || Number.isNaN(Date.parse(this.date))) issues.push({ field: 'date', code: 'DATE_INVALID' })
    if (!CLOCK_TIME.test(this.time)) issues.push({ field: 'time', code: 'TIME_INVALID' })
    if (!isTimeZone(this.timeZone)) issues.push({ field: 'timeZone', code: 'TIME_ZONE_INVALID' })
    this.roomHours.forEach((session, index) => {
      if (!CLOCK_TIME.test(session.start) || !CLOCK_TIME.test(session.end) || session.start >= session.end) {
        issues.push({ field: `roomHours.${index}`, code: 'ROOM_HOURS_INVALID' })
      }
    })
    const seen = new Set<string>()
    this.questions.forEach((question, index) => {
      const label = question.label.trim()
      if (label === '' || question.text.trim() === '' || label.length > 16) issues.push({ field: `questions.${index}`, code: 'QUESTION_INCOMPLETE' })
      else if (seen.has(label)) issues.push({ field: `questions.${index}`, code: 'QUESTION_LABEL_DUPLICATE', values: { label } })
      seen.add(label)
    })
    this.briefers.forEach((briefer, index) => {
      if (briefer.name.trim() === '') issues.push({ field: `briefers.${index}`, code: 'BRIEFER_EMPTY' })
    })
    if (this.template === 'security-council-open-debate' && this.council.length !== COUNCIL_SIZE) {
      issues.push({ field: 'council', code: 'COUNCIL_COUNT', values: { count: this.council.length, expected: COUNCIL_SIZE } })
    }
    this.groups.forEach((group, index) => {
      if (!this.#byCode.has(group.speaker) || group.group.trim() === '' || group.members.length === 0) {
        issues.push({ field: `groups.${index}`, code: 'GROUP_INCOMPLETE' })
      }
    })
    return issues
  }

  /**
   * The request body for `POST /api/meetings`, with names and segment headings in the meeting's language
   * (the note's, else `interfaceLanguage`); template headings are marked so every reader sees their own.
   */
  describe (interfaceLanguage: UnLanguage): MeetingDescription {
    const language = this.meetingLanguage ?? interfaceLanguage
    const heading = (nameKey: SegmentHeadingKey) => ({ name: segmentHeading(nameKey, language) ?? SEGMENT_HEADINGS[nameKey].en, nameKey })
    const nameOf = (code: string) => this.#byCode.get(code)?.names[language] ?? code
    const speaker = (kind: SpeakerDescription['kind']) => (code: string): SpeakerDescription => ({ name: nameOf(code), delegation: code, kind })
    const nonCouncil = (code: string) => speaker(this.#byCode.get(code)?.status === 'member' ? 'non-member' : 'observer')(code)
    const briefers: SegmentDescription = {
      ...heading('briefers'),
      orderingRule: 'fixed',
      defaultLimitMs: null,
      speakers: this.briefers.map((briefer) => ({ name: briefer.name.trim(), kind: 'briefer' }))
    }
    const onBehalfOf = (group: GroupStatement) => ({ group: group.group.trim(), members: [...group.members] })
    // A group statement keeps its speaker's standing and place: a Council member speaking for the E10
    // does so in its own turn among the members.
    const isCouncil = this.template === 'security-council-open-debate'
    const groupOf = (code: string) => this.groups.find((group) => group.speaker === code)
    const member = (code: string): SpeakerDescription => {
      const group = groupOf(code)
      return group ? { ...speaker('member')(code), onBehalfOf: onBehalfOf(group) } : speaker('member')(code)
    }
    const groupSpeakers: SpeakerDescription[] = this.groups
      .filter((group) => !(isCouncil && this.council.includes(group.speaker)))
      .map((group) => ({ ...nonCouncil(group.speaker), onBehalfOf: onBehalfOf(group) }))
    const rightsOfReply: SegmentDescription = { ...heading('rightsOfReply'), orderingRule: 'inscription', purpose: 'right-of-reply', defaultLimitMs: 3 * MINUTE_MS }
    const segments: SegmentDescription[] = this.template === 'security-council-open-debate'
      ? [
          briefers,
          { ...heading('council'), orderingRule: 'protocol-then-draw', defaultLimitMs: 5 * MINUTE_MS, speakers: this.council.map(member) },
          {
            ...heading('others'),
            orderingRule: 'protocol-then-inscription',
            defaultLimitMs: 4 * MINUTE_MS,
            speakers: [...this.others.map(nonCouncil), ...groupSpeakers]
          },
          rightsOfReply
        ]
      : [
          briefers,
          { ...heading('speakers'), orderingRule: 'inscription', defaultLimitMs: 5 * MINUTE_MS, speakers: [...this.others.map(nonCouncil), ...groupSpeakers] },
          rightsOfReply
        ]
    return {
      title: this.title.trim(),
      language,
      scheduledStart: `${this.date}T${this.time}`,
      timeZone: this.timeZone.trim(),
      roomHours: this.roomHours.map((session) => ({ ...session })),
      expectedOutcome: this.expectedOutcome.trim(),
      ...(this.councilPresidency !== '' ? { presidency: this.councilPresidency } : {}),
      delegations: this.delegationCodes.map((code) => ({ code, name: nameOf(code) })),
      questions: this.questions.map((question) => ({ label: question.label.trim(), text: question.text.trim() })),
      segments,
      // The groups set up here stay the meeting's, for the chair to pick or edit later (each name once).
      groups: [...new Map(this.groups.filter((group) => group.group.trim() !== '').map((group) => [group.group.trim(), { name: group.group.trim(), members: [...group.members] }])).values()]
    }
  }

  /** Checks, then creates the meeting; false (with `issues` or `error` to show) if it did not. */
  async create (interfaceLanguage: UnLanguage): Promise<boolean> {
    this.submitted = true
    if (this.issues.length > 0) return false
    const description = this.describe(interfaceLanguage)
    const checked = meetingDescriptionSchema.safeParse(description)
    if (!checked.success) {
      // The form's own checks should have caught it; this is the last guard before the server's.
      this.error = checked.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
      return false
    }
    const answer = await this.#post('/api/meetings', description) as CreatedMeetingAnswer | null
    if (answer === null) return false
    this.meetingId = answer.id
    this.links = answer.links
    this.step = 'done'
    return true
  }

  // ---- step 3: links ----

  /** code,name,link for every delegation, as a spreadsheet opens it (BOM for Excel, CRLF rows). */
  delegationCsv (language: UnLanguage): string {
    const rows = Object.entries(this.links?.delegations ?? {})
      .map(([code, link]) => [code, this.#byCode.get(code)?.names[language] ?? code, link])
    return '\uFEFF' + [['code', 'name', 'link'], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
  }

  async #post (path: string, body: unknown): Promise<unknown> {
    this.busy = true
    this.error = null
    try {
      const response = await this.#options.fetch(`${this.#options.baseUrl ?? ''}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.#options.token}` },
        body: JSON.stringify(body)
      })
      const answer = await response.json().catch(() => null)
      if (!response.ok) {
        const message = (answer as { error?: { message?: unknown } } | null)?.error?.message
        this.error = typeof message === 'string' ? message : `HTTP ${response.status}`
        return null
      }
      return answer
    } catch (failure) {
      this.error = failure instanceof Error ? failure.message : String(failure)
      return null
    } finally {
      this.busy = false
    }
  }

  #id (): number {
    return this.#nextId++
  }
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/

/** Moves `list[index]` by `delta` places (clamped): the keyboard-friendly reorder of every list here. */
export function move<T> (list: T[], index: number, delta: number): void {
  const target = Math.max(0, Math.min(list.length - 1, index + delta))
  if (target === index || index < 0 || index >= list.length) return
  const [item] = list.splice(index, 1)
  list.splice(target, 0, item as T)
}

export { foldName }

/** One line to one roster entry: its code, its name in any of the six languages or an alias ("UK"); else null. */
export function matchRosterLine (roster: readonly RosterEntry[], line: string): RosterEntry | null {
  const cleaned = line.replace(/^\s*(?:[-*•·]|\(?\d+[.)]|\(?[a-z][.)])\s+/i, '').trim()
  if (cleaned === '') return null
  const code = cleaned.toUpperCase()
  const byCode = roster.find((entry) => entry.code === code)
  if (byCode !== undefined) return byCode
  const folded = foldName(cleaned)
  const exact = roster.filter((entry) => searchableNames(entry).some((name) => foldName(name) === folded))
  if (exact.length === 1) return exact[0] ?? null
  // "United Kingdom" for "United Kingdom of Great Britain…": accepted only when it names one entry.
  const prefixed = roster.filter((entry) => searchableNames(entry).some((name) => foldName(name).startsWith(folded)))
  return folded.length >= 4 && prefixed.length === 1 ? prefixed[0] ?? null : null
}

export function matchPastedList (roster: readonly RosterEntry[], text: string): PasteResult {
  const matched: RosterEntry[] = []
  const unmatched: string[] = []
  for (const line of text.split(/\r?\n|[;؛]/)) {
    if (line.trim() === '') continue
    const entry = matchRosterLine(roster, line)
    if (entry === null) unmatched.push(line.trim())
    else if (!matched.includes(entry)) matched.push(entry)
  }
  return { matched, unmatched }
}

export interface AdminTokenEnvironment {
  readonly location: { readonly pathname: string; readonly search: string; readonly hash: string }
  readonly history: Pick<History, 'replaceState' | 'state'>
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>
}

const ADMIN_TOKEN_KEY = 'rostrum.token:setup'

/** As for meeting links: the admin token leaves the address bar and stays in this tab only. */
export function takeAdminToken (env: AdminTokenEnvironment): string | null {
  const fromHash = tokenFromHash(env.location.hash)
  if (fromHash === null) {
    try {
      return env.storage.getItem(ADMIN_TOKEN_KEY)
    } catch {
      return null
    }
  }
  try {
    env.storage.setItem(ADMIN_TOKEN_KEY, fromHash)
  } catch {
    // Blocked storage: the token still works for this page load.
  }
  env.history.replaceState(env.history.state, '', env.location.pathname + env.location.search)
  return fromHash
}

function isTimeZone (zone: string): boolean {
  if (zone.trim() === '') return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone.trim() })
    return true
  } catch {
    return false
  }
}

function csvField (value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function toBase64 (bytes: Uint8Array): string {
  let binary = ''
  // In slices: String.fromCharCode with a whole file's bytes overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function isUnLanguage (language: string | null): language is UnLanguage {
  return (UN_LANGUAGES as readonly (string | null)[]).includes(language)
}
