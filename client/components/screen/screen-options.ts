import { AMBER_BEFORE_LIMIT_MS } from '../../../shared/domain/timer.ts'

export interface ScreenOptions {
  /** How long before the limit the light turns amber. */
  readonly amberBeforeMs: number
}

/** Beyond ten minutes "amber" would mean nothing: most statements are shorter than that. */
const MAX_AMBER_SECONDS = 600

/** `?amber=60` on the screen's link: the light turns amber a minute before the limit. */
export function parseScreenOptions (search: string): ScreenOptions {
  const raw = new URLSearchParams(search).get('amber')
  const seconds = raw === null || raw.trim() === '' ? Number.NaN : Number(raw)
  const valid = Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_AMBER_SECONDS
  return { amberBeforeMs: valid ? Math.round(seconds * 1000) : AMBER_BEFORE_LIMIT_MS }
}
