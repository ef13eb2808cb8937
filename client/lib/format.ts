/** "04:05", "12:00", "1:02:03"; whole seconds, rounded down so elapsed time never shows a second early. */
export function formatDuration (ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const ss = String(seconds).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${String(minutes).padStart(2, '0')}:${ss}`
}

/** Time left, counted in whole seconds up (a fresh 5-minute limit reads "05:00"); "−00:12" once past it. */
export function formatRemaining (ms: number): string {
  const rounded = Math.ceil(Math.abs(ms) / 1000) * 1000
  return ms < 0 ? `−${formatDuration(rounded)}` : formatDuration(rounded)
}

/**
 * A meeting-supplied text placed inside a sentence of the interface, between first-strong isolates
 * (U+2068 … U+2069): an Arabic name in an English sentence (or the reverse) keeps its own direction
 * and does not reorder the punctuation around it.
 */
export function isolate (text: string): string {
  return `\u2068${text}\u2069`
}
