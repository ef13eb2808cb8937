import { expect } from 'vitest'

/** Each needle found after the one before it: a record read in the order it must be written. */
export function expectInOrder (text: string, needles: readonly string[]): void {
  let from = 0
  for (const needle of needles) {
    const index = text.indexOf(needle, from)
    expect(index, `"${needle}" after position ${from} in:\n${text}`).toBeGreaterThanOrEqual(0)
    from = index + needle.length
  }
}
