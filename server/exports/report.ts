import i18next, { type TFunction } from 'i18next'
import { digest, type Digest } from '../../shared/domain/digest.ts'
import type { NotesSnapshot } from '../../shared/domain/notes.ts'
import type { RecordEntry } from '../../shared/domain/digest.ts'
import { personAndTitle } from '../../shared/domain/capacity.ts'
import { localizeState } from '../../shared/domain/localize.ts'
import { memberName } from '../../shared/domain/group-members.ts'
import type { ControlState, GroupMember, Pause } from '../../shared/domain/types.ts'
import { rosterName } from '../../shared/roster/names.ts'
import ar from './locales/ar.json' with { type: 'json' }
import en from './locales/en.json' with { type: 'json' }
import es from './locales/es.json' with { type: 'json' }
import fr from './locales/fr.json' with { type: 'json' }
import ru from './locales/ru.json' with { type: 'json' }
import zh from './locales/zh.json' with { type: 'json' }

/** Export labels in each of the six official UN languages; English for anything else. */
export const EXPORT_LOCALES = { ar, zh, en, fr, ru, es } as const
const resources = Object.fromEntries(Object.entries(EXPORT_LOCALES).map(([lng, translation]) => [lng, { translation }]))

export type ExportLanguage = keyof typeof EXPORT_LOCALES

export function isExportLanguage (language: string): language is ExportLanguage {
  return Object.hasOwn(EXPORT_LOCALES, language)
}

/** Everything an export shows, computed once and written out by each format. */
export interface MeetingReport {
  /** The control state exactly as the document holds it (the JSON export's). */
  readonly state: ControlState
  /** The language labels, roster names and template headings are written in. */
  readonly language: string
  readonly notes: NotesSnapshot
  readonly digest: Digest
  readonly exportedAtMs: number
  /** Labels in `language` (English where a label is not translated yet). */
  readonly t: TFunction
  readonly rtl: boolean
  readonly time: (epochMs: number) => string
  readonly dateTime: (epochMs: number) => string
  /** A group member by name: its delegation's name as the report shows it, or the roster's, or as typed. */
  readonly memberName: (member: GroupMember) => string
  /** "Denmark, Iceland and Sweden": a list joined as the report's language joins one. */
  readonly list: (items: readonly string[]) => string
}

/**
 * The report in `language` (the meeting's own when not given): labels, roster names and template segment
 * headings in it; the meeting's own texts (title, questions, names typed by hand, notes) as written.
 */
export function buildReport (stored: ControlState, notes: NotesSnapshot, nowMs: number, requested = stored.meeting.language): MeetingReport {
  const language = usableLanguage(requested)
  const state = withUsableTimeZone(stored)
  const labels = i18next.createInstance()
  void labels.init({
    lng: language,
    fallbackLng: 'en',
    resources,
    initAsync: false,
    interpolation: { escapeValue: false }
  })
  // Latin digits, as UN documents print times in every language; the meeting's own time zone.
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(new Intl.Locale(language, { numberingSystem: 'latn' }).toString(), { timeZone: state.meeting.timeZone, hourCycle: 'h23', ...options })
  const time = format({ hour: '2-digit', minute: '2-digit', second: '2-digit' })
  const dateTime = format({ dateStyle: 'long', timeStyle: 'short' })
  const localized = localizeState(state, language, rosterName)
  const delegationNames = new Map<string, string>(localized.delegations.map((delegation) => [delegation.code, delegation.name]))
  const list = new Intl.ListFormat(language, { type: 'conjunction' })
  return {
    state,
    language,
    notes,
    digest: digest(localized, notes, nowMs),
    exportedAtMs: nowMs,
    t: labels.t,
    rtl: labels.dir(language) === 'rtl',
    time: (ms) => time.format(ms),
    dateTime: (ms) => dateTime.format(ms),
    memberName: (member) => memberName(member, (code) => delegationNames.get(code) ?? rosterName(code, language)),
    list: (items) => list.format(items)
  }
}

/**
 * `tag` in its canonical form, or English when it is no BCP 47 tag at all: a meeting stored before its
 * language was validated may hold "x!", and its record must still export.
 */
export function usableLanguage (tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en'
  } catch {
    return 'en'
  }
}

/**
 * The state with a time zone `Intl` takes: the schema refuses any other, but a meeting stored by an
 * older server, or a hand-edited file, may hold one; its record is then given in UTC rather than not at all.
 */
function withUsableTimeZone (state: ControlState): ControlState {
  try {
    new Intl.DateTimeFormat('en', { timeZone: state.meeting.timeZone })
    if (state.meeting.timeZone !== '') return state
  } catch {}
  return { ...state, meeting: { ...state.meeting, timeZone: 'UTC' } }
}

/** 754000 → "12:34"; an hour or more → "1:02:34". */
export function formatDuration (ms: number): string {
  const total = Math.round(ms / 1000)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`
}

export const seconds = (ms: number | null): string => (ms === null ? '' : String(Math.round(ms / 1000)))

/** A file name in the report's language, without characters file systems refuse. */
export function reportFileName (report: MeetingReport, extension: string): string {
  const name = report.t('fileName', { symbol: symbolForFile(report) }).replace(UNSAFE_IN_FILE_NAMES, '-')
  return `${name}.${extension}`
}

/**
 * The same file in Latin letters only, for clients that ignore `filename*` (and for shells and mail
 * gateways): "S-PV.8906-record.docx"; a symbol in another script is dropped for the meeting's id.
 */
export function asciiFileName (report: MeetingReport, extension: string): string {
  // The meeting's id is Latin already; only a symbol needs folding (and an id may end in a hyphen).
  const symbol = report.state.meeting.symbol.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9.()_-]+/g, '-').replace(/^-+|-+$/g, '')
  return `${/[A-Za-z0-9]/.test(symbol) ? symbol : report.state.meeting.id}-record.${extension}`
}

// Path separators, characters Windows refuses, and control characters.
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f]+/g

function symbolForFile (report: MeetingReport): string {
  return (report.state.meeting.symbol || report.state.meeting.id).replace(UNSAFE_IN_FILE_NAMES, '-')
}

/** The meeting's header lines, label and value, leaving out what the meeting does not have. */
export function meetingFacts (report: MeetingReport): [string, string][] {
  const { t, state: { meeting } } = report
  const facts: [string, string][] = [
    [t('meeting.symbol'), meeting.symbol],
    [t('meeting.agendaItem'), meeting.agendaItem],
    [t('meeting.date'), meeting.scheduledStart.replace('T', ' ')],
    [t('meeting.status'), t(`status.${meeting.status}`)],
    [t('meeting.expectedOutcome'), meeting.expectedOutcome],
    [t('meeting.exportedAt'), report.dateTime(report.exportedAtMs)]
  ]
  return facts.filter(([, value]) => value !== '')
}

/** When the meeting was suspended while this statement had the floor (its time excludes them). */
export function suspensionsOf (entry: RecordEntry): Pause[] {
  return entry.statement.pauses.filter((pause) => pause.reason === 'suspension')
}

/** "interrupted by the suspension of the meeting (13:02:10–15:01:45)", one per suspension; '' when none. */
export function suspensionNote (report: MeetingReport, entry: RecordEntry): string {
  return suspensionsOf(entry).map((pause) => pause.endMs === null
    ? report.t('record.suspendedSince', { from: report.time(pause.startMs) })
    : report.t('record.suspended', { from: report.time(pause.startMs), to: report.time(pause.endMs) })).join('; ')
}

/** "spoke through a server outage (13:02:10–13:05:45), counted in the speaking time", one per outage; '' when none. */
export function outageNote (report: MeetingReport, entry: RecordEntry): string {
  return (entry.statement.outages ?? []).map((outage) => report.t('record.outage', { from: report.time(outage.fromMs), to: report.time(outage.toMs) })).join('; ')
}

/**
 * The speaker as the record names them: who spoke for the delegation and in what capacity, on whose
 * behalf, whether a suspension interrupted them, and whether they spoke through a server outage.
 */
export function speakerCell (report: MeetingReport, entry: RecordEntry): string {
  const speaker = speakerWithCapacity(report, entry)
  const name = entry.onBehalfOf === null ? speaker : `${speaker} (${onBehalfOfText(report, entry)})`
  const note = [suspensionNote(report, entry), outageNote(report, entry)].filter((part) => part !== '').join('; ')
  return note === '' ? name : `${name} — ${note}`
}

/** "on behalf of Nordic countries: Denmark, Iceland, Norway and Sweden"; the group alone when it names no members. */
function onBehalfOfText (report: MeetingReport, entry: RecordEntry): string {
  const group = `${report.t('record.onBehalfOf')} ${entry.onBehalfOf ?? ''}`
  return entry.groupMembers.length === 0 ? group : `${group}: ${report.list(groupMemberNames(report, entry))}`
}

/** The group statement's members by name, in the order the speaker gave them. */
export function groupMemberNames (report: MeetingReport, entry: RecordEntry): string[] {
  return entry.groupMembers.map(report.memberName)
}

/** "Romania: Mr. Teodor Meleşcanu, Minister for Foreign Affairs"; "Mexico, in national capacity". */
function speakerWithCapacity (report: MeetingReport, entry: RecordEntry): string {
  const who = personAndTitle(entry.statement)
  const named = who === '' ? entry.statement.name : `${entry.statement.name}: ${who}`
  return entry.statement.nationalCapacity === true ? report.t('record.inNationalCapacity', { speaker: named }) : named
}
