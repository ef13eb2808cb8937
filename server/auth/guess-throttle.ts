import type { Clock } from '../clock.ts'

/**
 * Wrong admin tokens one address may send: 10 at once, then 10 a minute. Someone who mistypes
 * never meets it; a script trying 150 tokens a second is slowed 900-fold.
 */
export const ADMIN_GUESS_RATE = { capacity: 10, perMinute: 10 }
/** Addresses remembered at once; past it the longest-known is forgotten, so a spray of addresses cannot grow the map. */
const MAX_ADDRESSES = 10_000

interface Bucket { tokens: number; atMs: number }

/** Counts wrong tokens per network address; an address out of guesses is not even checked until it refills. */
export class GuessThrottle {
  readonly #buckets = new Map<string, Bucket>()

  constructor (private readonly clock: Clock, private readonly rate = ADMIN_GUESS_RATE) {}

  /** Whether the address has a guess left (a right token is checked only then, too). */
  allows (address: string): boolean {
    return this.#refilled(address).tokens >= 1
  }

  /** A wrong token from the address. */
  failed (address: string): void {
    const bucket = this.#refilled(address)
    bucket.tokens = Math.max(0, bucket.tokens - 1)
    this.#buckets.delete(address)
    this.#buckets.set(address, bucket)
    if (this.#buckets.size > MAX_ADDRESSES) this.#buckets.delete(this.#buckets.keys().next().value!)
  }

  /** Seconds until the address has a guess again, for Retry-After. */
  retryAfterSeconds (address: string): number {
    const missing = 1 - this.#refilled(address).tokens
    return missing <= 0 ? 0 : Math.ceil((missing * 60) / this.rate.perMinute)
  }

  #refilled (address: string): Bucket {
    const nowMs = this.clock.now()
    const bucket = this.#buckets.get(address)
    if (bucket === undefined) return { tokens: this.rate.capacity, atMs: nowMs }
    bucket.tokens = Math.min(this.rate.capacity, bucket.tokens + ((nowMs - bucket.atMs) / 60_000) * this.rate.perMinute)
    bucket.atMs = nowMs
    if (bucket.tokens >= this.rate.capacity) this.#buckets.delete(address)
    return bucket
  }
}
