import type { ConceptNoteWarning } from './types.ts'

// Month names as the four languages write them; Arabic documents pair the Levantine and the
// Gregorian name ("تشرين الثاني/نوفمبر") and either may stand alone.
const A = '[اأإآ]'
const MONTHS: readonly (readonly string[])[] = [
  ['january', 'jan\\.?', 'janvier', 'enero', 'كانون الثاني/يناير', 'كانون الثاني', 'يناير'],
  ['february', 'feb\\.?', 'février', 'fevrier', 'febrero', 'شباط/فبراير', 'شباط', 'فبراير'],
  ['march', 'mar\\.?', 'mars', 'marzo', `${A}ذار/مارس`, `${A}ذار`, 'مارس'],
  ['april', 'apr\\.?', 'avril', 'abril', `نيسان/${A}بريل`, 'نيسان', `${A}بريل`],
  ['may', 'mai', 'mayo', `${A}يار/مايو`, `${A}يار`, 'مايو'],
  ['june', 'jun\\.?', 'juin', 'junio', 'حزيران/يوني[هو]', 'حزيران', 'يوني[هو]'],
  ['july', 'jul\\.?', 'juillet', 'julio', 'تموز/يولي[هو]', 'تموز', 'يولي[هو]'],
  ['august', 'aug\\.?', 'août', 'aout', 'agosto', `${A}ب/${A}غسطس`, `${A}ب`, `${A}غسطس`],
  ['september', 'sept?\\.?', 'septembre', 'septiembre', 'setiembre', `${A}يلول/سبتمبر`, `${A}يلول`, 'سبتمبر'],
  ['october', 'oct\\.?', 'octobre', 'octubre', `تشرين ${A}ل${A}ول/${A}كتوبر`, `تشرين ${A}ل${A}ول`, `${A}كتوبر`],
  ['november', 'nov\\.?', 'novembre', 'noviembre', `تشرين ${A}لثاني/نوفمبر`, `تشرين ${A}لثاني`, 'نوفمبر'],
  ['december', 'dec\\.?', 'décembre', 'decembre', 'diciembre', `كانون ${A}ل${A}ول/ديسمبر`, `كانون ${A}ل${A}ول`, 'ديسمبر']
]
const ENGLISH_MONTHS = MONTHS.map((names) => names.slice(0, names[0] === 'may' ? 1 : 2))

const alternation = (names: readonly (readonly string[])[]) =>
  names.flat().sort((a, b) => b.length - a.length).map((name) => name.replace(/\//g, '\\s*/\\s*').replace(/ /g, '\\s+')).join('|')

const NOT_LETTER_BEFORE = '(?<![\\p{L}\\d])'
const NOT_LETTER_AFTER = '(?![\\p{L}])'
const DAY_FIRST = new RegExp(
  `${NOT_LETTER_BEFORE}(\\d{1,2})(?:st|nd|rd|th|er|º|°)?(?:\\s+de)?\\s+(${alternation(MONTHS)})${NOT_LETTER_AFTER}` +
  // `\\s*(?:,\\s*)?`, not `\\s*,?\\s*`: two adjacent `\\s*` try every split of a long run of spaces.
  '(?:\\s*(?:,\\s*)?(?:del?\\s+)?(\\d{4})(?!\\d))?', 'giu')
const MONTH_FIRST = new RegExp(
  `${NOT_LETTER_BEFORE}(${alternation(ENGLISH_MONTHS)})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\d\\p{L}])(?:\\s*,\\s*(\\d{4})(?!\\d))?`, 'giu')
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g
const NUMERIC = /(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)/g

const MONTH_PATTERNS = MONTHS.map((names) => new RegExp(`^(?:${alternation([names])})$`, 'iu'))

const WEEKDAYS: readonly RegExp[] = [
  /sunday|dimanche|domingo|الأحد|الاحد/iu,
  /monday|lundi|lunes|الاثنين|الإثنين/iu,
  /tuesday|mardi|martes|الثلاثاء/iu,
  /wednesday|mercredi|miércoles|miercoles|الأربعاء|الاربعاء/iu,
  /thursday|jeudi|jueves|الخميس/iu,
  /friday|vendredi|viernes|الجمعة/iu,
  /saturday|samedi|sábado|sabado|السبت/iu
]
const WEEKDAY_BEFORE = new RegExp(`(${WEEKDAYS.map((w) => w.source).join('|')})\\s*,?\\s*(?:(?:le|el)\\s+)?$`, 'iu')

/** "Letter dated 19 October": the letter's date, not the meeting's. */
const DATED_BEFORE = /(?:dated|datée?(?:\s+du)?|en\s+date\s+du|de\s+fecha|fechada|مؤرخة|المؤرخة|بتاريخ)\s*$/iu
const LABEL_BEFORE = /(?:date|fecha|التاريخ|الموعد|when|time and date|date and time|date et heure|fecha y hora)\s*:\s*$/iu
const MEETING_WORDS = /debate|meeting|will be held|will take place|will hold|will convene|scheduled|briefing|مناقشة|جلسة|ستعقد|تعقد|المقرر|إجراؤها|débat|séance|réunion|se tiendra|aura lieu|sesión|reunión|se celebrará|celebrará|tendrá lugar/iu

interface Candidate {
  readonly start: number
  readonly end: number
  readonly year: number | null
  readonly month: number
  readonly day: number
  readonly time: string | null
  readonly score: number
  readonly weekday: number | null
  readonly dayMonthAmbiguous: boolean
}

export interface DateResult {
  readonly date: string | null
  readonly warnings: ConceptNoteWarning[]
}

export function findMeetingDate (text: string): DateResult {
  const candidates = collectCandidates(text)
  const resolved = resolveYears(candidates)
  if (resolved.length === 0) {
    return { date: null, warnings: [warn('NO_DATE', 'No meeting date was found; enter it.')] }
  }
  const best = resolved.reduce((a, b) => (b.score > a.score ? b : a))
  const value = isoOf(best)
  const warnings: ConceptNoteWarning[] = []
  const rivals = resolved.filter((c) => c.score >= Math.max(3, best.score - 2) && isoOf(c) !== value && isoOf(c).slice(0, 10) !== value.slice(0, 10))
  if (rivals.length > 0) {
    warnings.push(warn('AMBIGUOUS_DATE', `The note names several dates (${[value, ...new Set(rivals.map(isoOf))].join(', ')}); took ${value}. Check it.`))
  } else if (best.score < 3) {
    warnings.push(warn('AMBIGUOUS_DATE', `No date is clearly the meeting's; took ${value}. Check it.`))
  } else if (best.dayMonthAmbiguous) {
    warnings.push(warn('AMBIGUOUS_DATE', `${text.slice(best.start, best.end)} could be day/month or month/day; read it as ${value}. Check it.`))
  }
  if (best.inferredYear) warnings.push(warn('DATE_YEAR_INFERRED', `The meeting date has no year; took ${best.year} from the note's other dates.`))
  if (best.time === null) warnings.push(warn('NO_TIME', 'The meeting date has no time; enter it.'))
  const weekday = new Date(Date.UTC(best.year, best.month - 1, best.day)).getUTCDay()
  if (best.weekday !== null && best.weekday !== weekday) {
    warnings.push(warn('DATE_WEEKDAY_MISMATCH', `The note gives a weekday that ${value.slice(0, 10)} is not; one of them is wrong.`))
  }
  return { date: value, warnings }
}

function warn (code: ConceptNoteWarning['code'], message: string): ConceptNoteWarning {
  return { code, field: 'date', message }
}

interface Resolved extends Candidate {
  readonly year: number
  readonly inferredYear: boolean
}

function isoOf (c: Resolved): string {
  const date = `${c.year}-${pad(c.month)}-${pad(c.day)}`
  return c.time === null ? date : `${date}T${c.time}`
}

function pad (n: number): string {
  return String(n).padStart(2, '0')
}

/** A concept note names a handful of dates; past this many, the rest are not weighed (each costs a look around it). */
const MAX_SCORED_DATES = 1000

function collectCandidates (text: string): Candidate[] {
  const found: Omit<Candidate, 'score' | 'time' | 'weekday'>[] = []
  for (const m of text.matchAll(DAY_FIRST)) {
    found.push({ start: m.index, end: m.index + m[0].length, day: Number(m[1]), month: monthOf(m[2]!), year: m[3] === undefined ? null : Number(m[3]), dayMonthAmbiguous: false })
  }
  // Both lists come in text order, so one pointer finds the day-first date a month-first one is inside.
  const dayFirst = [...found]
  let inside = 0
  for (const m of text.matchAll(MONTH_FIRST)) {
    while (inside < dayFirst.length && dayFirst[inside]!.end <= m.index) inside++
    if (inside < dayFirst.length && dayFirst[inside]!.start <= m.index) continue
    found.push({ start: m.index, end: m.index + m[0].length, day: Number(m[2]), month: monthOf(m[1]!), year: m[3] === undefined ? null : Number(m[3]), dayMonthAmbiguous: false })
  }
  for (const m of text.matchAll(ISO)) {
    found.push({ start: m.index, end: m.index + m[0].length, year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), dayMonthAmbiguous: false })
  }
  for (const m of text.matchAll(NUMERIC)) {
    const first = Number(m[1])
    const second = Number(m[2])
    // Day first, as the UN and most of the world write it; flagged when the other reading is possible.
    found.push({ start: m.index, end: m.index + m[0].length, day: first, month: second, year: Number(m[3]), dayMonthAmbiguous: first !== second && first <= 12 && second <= 12 })
  }
  return found
    .filter((f) => f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= daysIn(f.month, f.year))
    .sort((a, b) => a.start - b.start)
    .slice(0, MAX_SCORED_DATES)
    .map((f) => {
      const time = timeNear(text, f.start, f.end)
      return { ...f, time, weekday: weekdayBefore(text, f.start), score: scoreOf(text, f, time !== null) }
    })
}

function monthOf (name: string): number {
  const clean = name.replace(/\s+/g, ' ').replace(/\s*\/\s*/g, '/')
  return MONTH_PATTERNS.findIndex((pattern) => pattern.test(clean)) + 1
}

function daysIn (month: number, year: number | null): number {
  return new Date(Date.UTC(year ?? 2024, month, 0)).getUTCDate()
}

function weekdayBefore (text: string, start: number): number | null {
  const match = WEEKDAY_BEFORE.exec(text.slice(Math.max(0, start - 30), start))
  if (match === null) return null
  const index = WEEKDAYS.findIndex((w) => w.test(match[1]!))
  return index === -1 ? null : index
}

/** How far around a date its line is read: a date's context is near it, and a 500k-character line is not read whole per date. */
const LINE_CONTEXT_CHARS = 200

function scoreOf (text: string, f: { start: number; end: number; year: number | null }, hasTime: boolean): number {
  const before = text.slice(Math.max(0, f.start - 40), f.start)
  const windowStart = Math.max(0, f.start - LINE_CONTEXT_CHARS)
  const windowEnd = Math.min(text.length, f.end + LINE_CONTEXT_CHARS)
  const beforeOnLine = text.slice(windowStart, f.start).split('\n').at(-1)!
  const afterOnLine = text.slice(f.end, windowEnd).split('\n')[0]!
  let score = 0
  if (hasTime) score += 3
  if (f.year !== null) score += 1
  if (MEETING_WORDS.test(beforeOnLine + text.slice(f.start, f.end) + afterOnLine)) score += 2
  if (LABEL_BEFORE.test(before)) score += 3
  if (DATED_BEFORE.test(before)) score -= 6
  // A date alone on its line is the document's issue date.
  const lineStarts = beforeOnLine.length < f.start - windowStart || windowStart === 0
  const lineEnds = afterOnLine.length < windowEnd - f.end || windowEnd === text.length
  if (lineStarts && lineEnds && beforeOnLine.trim() === '' && afterOnLine.trim() === '') score -= 3
  return score
}

const AM_PM = '(a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)'
const TIME_PATTERNS: readonly RegExp[] = [
  // 10:00, 10.30 a.m., 10 h 30, 10h00
  new RegExp(`(?<![\\d/.])(\\d{1,2})\\s*(?::|\\.|h)\\s*(\\d{2})(?!\\d)\\s*${AM_PM}?`, 'iu'),
  // 10 a.m., 3 p.m.
  new RegExp(`(?<![\\d/.:])(\\d{1,2})\\s*${AM_PM}`, 'iu'),
  // 10 heures, 10 h, 10 horas
  /(?<![\d/.:])(\d{1,2})\s*(?:heures?|h|horas?)(?![\p{L}\d])/iu,
  // الساعة 10 صباحا
  /الساعة\s+(\d{1,2})(?![\d:])\s*(صباح|مساء|ظهر|بعد الظهر)?/u
]

/** The time written right after the date ("…2021, at 10 a.m."), or just before it ("at 10 a.m. on …"). */
function timeNear (text: string, start: number, end: number): string | null {
  const after = text.slice(end, end + 60).split('\n')[0] ?? ''
  const fromAfter = firstTime(after)
  if (fromAfter !== null) return fromAfter
  const before = text.slice(Math.max(0, start - 40), start).split('\n').at(-1) ?? ''
  return firstTime(before)
}

function firstTime (window: string): string | null {
  let best: { index: number; value: string } | null = null
  for (const pattern of TIME_PATTERNS) {
    const m = pattern.exec(window)
    if (m === null) continue
    const value = toClock(m)
    if (value !== null && (best === null || m.index < best.index)) best = { index: m.index, value }
  }
  return best?.value ?? null
}

function toClock (m: RegExpExecArray): string | null {
  let hour = Number(m[1])
  const minute = m[2] !== undefined && /^\d{2}$/.test(m[2]) ? Number(m[2]) : 0
  const suffix = (m[2] !== undefined && !/^\d/.test(m[2]) ? m[2] : m[3] ?? '').toLowerCase()
  if (/^p/.test(suffix) || /مساء|بعد الظهر/.test(suffix)) hour = hour < 12 ? hour + 12 : hour
  else if (/^a/.test(suffix) && hour === 12) hour = 0
  if (hour > 23 || minute > 59) return null
  return `${pad(hour)}:${pad(minute)}`
}

/** A date without a year takes the nearest dated one's year, the next year if its month is earlier. */
function resolveYears (candidates: readonly Candidate[]): Resolved[] {
  const dated = candidates.filter((c) => c.year !== null)
  // Candidates come in text order: one pointer walks the dated ones (8,000 year-less dates once took 1.4 s).
  let datedBefore = 0
  return candidates.flatMap((c): Resolved[] => {
    if (c.year !== null) return [{ ...c, year: c.year, inferredYear: false }]
    while (datedBefore < dated.length && dated[datedBefore]!.start < c.start) datedBefore++
    const reference = dated[datedBefore - 1] ?? dated.find((d) => d.start > c.start)
    if (reference === undefined || reference.year === null) return []
    const year = c.month < reference.month && reference.start < c.start ? reference.year + 1 : reference.year
    return [{ ...c, year, inferredYear: true }]
  })
}
