import { isSameLocalDay } from '../../../shared/domain/room-hours.ts'
import type { I18n } from '../../i18n/i18n.svelte.ts'

/**
 * "about 14:35", or with the day when it is not today in the room ("Wednesday, about 10:05"): a list
 * that overflows the room hours carries over to the next sitting, and a bare time would mislead.
 */
export function formatEta (i18n: I18n, etaMs: number, nowMs: number, timeZone: string): string {
  const time = i18n.formatTime(etaMs, timeZone)
  if (isSameLocalDay(etaMs, nowMs, timeZone)) return i18n.t('delegation.about', { time })
  const day = new Intl.DateTimeFormat(`${i18n.language}-u-nu-latn`, { weekday: 'long', timeZone }).format(etaMs)
  return i18n.t('delegation.aboutOnDay', { day, time })
}
