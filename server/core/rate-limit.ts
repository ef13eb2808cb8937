/**
 * A token bucket: a burst is allowed (a chair clearing a backlog), a flood is not. `cost` lets one
 * bucket count bytes rather than messages.
 */
export class TokenBucket {
  #tokens: number
  #lastMs: number

  constructor (private readonly capacity: number, private readonly perSecond: number, nowMs: number) {
    this.#tokens = capacity
    this.#lastMs = nowMs
  }

  take (nowMs: number, cost = 1): boolean {
    this.#refill(nowMs)
    if (this.#tokens < cost) return false
    this.#tokens -= cost
    return true
  }

  /** Whether the bucket has refilled completely by `nowMs`: forgetting it then loses nothing. */
  isFull (nowMs: number): boolean {
    this.#refill(nowMs)
    return this.#tokens >= this.capacity
  }

  #refill (nowMs: number): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + (Math.max(0, nowMs - this.#lastMs) / 1000) * this.perSecond)
    this.#lastMs = Math.max(this.#lastMs, nowMs)
  }
}
