import { isSameLocalDay } from '../../shared/domain/room-hours.ts'

// Building a formatter costs far more than using one, and screens re-render every second.
const weekdayFormatters = new Map<string, Intl.DateTimeFormat>()

/**
 * The weekday of `ms` in the room ("Wednesday"), or null on `nowMs`'s own day: a bare time then means
 * today, and a time on another day must say so or it reads as one already past.
 */
export function weekdayUnlessToday (language: string, ms: number, nowMs: number, timeZone: string): string | null {
  if (isSameLocalDay(ms, nowMs, timeZone)) return null
  const key = `${language}|${timeZone}`
  let formatter = weekdayFormatters.get(key)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(`${language}-u-nu-latn`, { weekday: 'long', timeZone })
    weekdayFormatters.set(key, formatter)
  }
  return formatter.format(ms)
}
