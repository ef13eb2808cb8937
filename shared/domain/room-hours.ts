// Room hours are wall-clock times in the meeting's zone ("10:00–13:00, 15:00–18:00 in New York").
// Turning them into instants uses only the built-in Intl time-zone data, so it runs the same in the
// server and in the browser, and a DST change never moves a sitting by an hour.
import type { RoomSession } from './types.ts'

export interface AbsoluteSession {
  readonly startMs: number
  readonly endMs: number
}

export interface LocalDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

const DAY_MS = 86_400_000

// Building a formatter costs far more than using one, and screens ask many times a second.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor (timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = newFormatter(timeZone)
    formatters.set(timeZone, formatter)
  }
  return formatter
}

function newFormatter (timeZone: string): Intl.DateTimeFormat {
  // h23: some engines print midnight as "24" with hour12: false.
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric'
  })
}

function wallClockAsUtcMs (formatter: Intl.DateTimeFormat, ms: number): number {
  const parts: Record<string, number> = {}
  for (const part of formatter.formatToParts(ms)) parts[part.type] = Number(part.value)
  const field = (name: string) => parts[name] ?? 0
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'))
}

/** The zone's offset from UTC at an instant (local wall clock − UTC), in ms. */
function offsetMsAt (formatter: Intl.DateTimeFormat, ms: number): number {
  const wholeSeconds = Math.floor(ms / 1000) * 1000
  return wallClockAsUtcMs(formatter, wholeSeconds) - wholeSeconds
}

export function localDateOf (ms: number, timeZone: string): LocalDate {
  const wall = new Date(wallClockAsUtcMs(formatterFor(timeZone), ms))
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() }
}

export function addDays (date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }
}

function sameDate (a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day
}

export function isSameLocalDay (aMs: number, bMs: number, timeZone: string): boolean {
  return sameDate(localDateOf(aMs, timeZone), localDateOf(bMs, timeZone))
}

/**
 * The instant a local wall-clock time happens. An ambiguous time (the repeated hour in autumn) is its
 * first occurrence; a time that does not exist (the skipped hour in spring) is read with the offset in
 * force before the change, i.e. it lands as many minutes past the gap as it was into it.
 */
export function zonedTimeToEpochMs (date: LocalDate, minutesOfDay: number, timeZone: string): number {
  const formatter = formatterFor(timeZone)
  const wallMs = Date.UTC(date.year, date.month - 1, date.day, 0, minutesOfDay)
  // A day either side sees the offsets on both sides of any transition near this time.
  const offsetBefore = offsetMsAt(formatter, wallMs - DAY_MS)
  const offsetAfter = offsetMsAt(formatter, wallMs + DAY_MS)
  const valid = [offsetBefore, offsetAfter]
    .map((offset) => wallMs - offset)
    .filter((candidate) => offsetMsAt(formatter, candidate) === wallMs - candidate)
  return valid.length > 0 ? Math.min(...valid) : wallMs - offsetBefore
}

/** "HH:MM" → minutes after local midnight; "24:00" is allowed as the end of the day. */
export function parseClockTime (text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim())
  const hours = Number(match?.[1])
  const minutes = Number(match?.[2])
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) {
    throw new RangeError(`Not a clock time (HH:MM): "${text}"`)
  }
  return hours * 60 + minutes
}

/**
 * The room's sittings as instants, for `days` local days starting with the one containing `fromMs`,
 * sorted. A sitting whose end is not after its start runs past midnight into the next day.
 */
export function resolveRoomSessions (
  roomHours: readonly RoomSession[],
  timeZone: string,
  fromMs: number,
  days: number
): AbsoluteSession[] {
  const firstDay = localDateOf(fromMs, timeZone)
  const sessions: AbsoluteSession[] = []
  for (let offset = 0; offset < days; offset++) {
    const date = addDays(firstDay, offset)
    for (const sitting of roomHours) {
      const startMinutes = parseClockTime(sitting.start)
      const endMinutes = parseClockTime(sitting.end)
      const endDate = endMinutes > startMinutes ? date : addDays(date, 1)
      sessions.push({
        startMs: zonedTimeToEpochMs(date, startMinutes, timeZone),
        endMs: zonedTimeToEpochMs(endDate, endMinutes, timeZone)
      })
    }
  }
  return sessions.sort((a, b) => a.startMs - b.startMs)
}
