export type ClockLight = 'green' | 'amber' | 'red'

/** The chamber's light turns amber for the last 30 seconds of a statement. */
export const AMBER_BEFORE_LIMIT_MS = 30_000

export function clockLight (remainingMs: number | null): ClockLight {
  if (remainingMs === null) return 'green'
  if (remainingMs <= 0) return 'red'
  return remainingMs <= AMBER_BEFORE_LIMIT_MS ? 'amber' : 'green'
}
