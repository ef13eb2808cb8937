/**
 * A token bucket per socket and kind of event: a burst is allowed (a chair clearing a backlog),
 * a flood is not. A chair at its fastest sends a few commands a second; the benchmark sends 40/s.
 */
export class TokenBucket {
  #tokens: number
  #lastMs: number

  constructor (private readonly capacity: number, private readonly perSecond: number, nowMs: number) {
    this.#tokens = capacity
    this.#lastMs = nowMs
  }

  take (nowMs: number): boolean {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((nowMs - this.#lastMs) / 1000) * this.perSecond)
    this.#lastMs = nowMs
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}

export const COMMAND_RATE = { capacity: 120, perSecond: 60 }
export const PING_RATE = { capacity: 20, perSecond: 5 }
export const AWARENESS_RATE = { capacity: 60, perSecond: 30 }
