// The draw that orders a segment (Council members are ordered by lot). A recorded seed must give the
// same order forever, so the generator and the shuffle are written here and never change: a library
// free to change its algorithm could not promise that.
import { speaksLastAmongMembers } from './capacity.ts'
import type { DelegationCode, OrderingRule, Speaker } from './types.ts'

/** Rules that order by lot: applying them draws a fresh seed, which the segment records. */
export function usesDraw (rule: OrderingRule): boolean {
  return rule === 'draw' || rule === 'protocol-then-draw'
}

/** mulberry32: a small, well-studied 32-bit generator, fully determined by its seed. */
function generator (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a: turns any text into a 32-bit seed, written as 8 hex digits. */
export function seedFrom (text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/**
 * The order drawn by lot: Fisher–Yates with mulberry32(seed) over the speakers sorted by delegation
 * code, then name — anyone with the same list and seed gets the same order.
 */
export function drawOrder<T extends Pick<Speaker, 'delegation' | 'name'>> (speakers: readonly T[], seed: string): T[] {
  const random = generator(Number.parseInt(seed, 16))
  const drawn = [...speakers].sort((a, b) => (a.delegation ?? '').localeCompare(b.delegation ?? '') || a.name.localeCompare(b.name))
  for (let i = drawn.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[drawn[i], drawn[j]] = [drawn[j]!, drawn[i]!]
  }
  return drawn
}

/**
 * The drawn order with the President's entry (flagged national capacity, or the presiding delegation's)
 * moved to the end: by UN practice the President speaks last among the members, in national capacity,
 * whatever the lot or protocol rank gave.
 */
export function presidencyLast<T extends Pick<Speaker, 'delegation' | 'nationalCapacity'>> (drawn: readonly T[], presidency: DelegationCode | null): T[] {
  const last = (speaker: T) => speaksLastAmongMembers(speaker, presidency)
  return [...drawn.filter((speaker) => !last(speaker)), ...drawn.filter(last)]
}
