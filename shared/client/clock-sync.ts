/** One round trip of a clock ping, in local monotonic ms and server epoch ms. */
export interface ClockSample {
  readonly sentAtMs: number
  readonly serverNowMs: number
  readonly receivedAtMs: number
}

/** Samples kept; the estimate uses the fastest of them, where the network added the least doubt. */
const MAX_SAMPLES = 16
const BEST_SAMPLES = 3

/**
 * Estimates server time NTP-style: offset = server − midpoint of the round trip, taken from the
 * lowest-RTT samples (their error is at most RTT/2). Local time is `performance.timeOrigin +
 * performance.now()`, which the wall clock cannot jump.
 */
export class ClockSync {
  #samples: ClockSample[] = []
  #offsetMs: number | null = null
  #rttMs: number | null = null

  static localNowMs (): number {
    return performance.timeOrigin + performance.now()
  }

  add (sample: ClockSample): void {
    this.#samples.push(sample)
    if (this.#samples.length > MAX_SAMPLES) this.#samples.shift()
    const best = [...this.#samples]
      .sort((a, b) => rtt(a) - rtt(b))
      .slice(0, BEST_SAMPLES)
    const offsets = best.map((s) => s.serverNowMs - (s.sentAtMs + s.receivedAtMs) / 2).sort((a, b) => a - b)
    this.#offsetMs = offsets[Math.floor(offsets.length / 2)] ?? null
    this.#rttMs = best[0] === undefined ? null : rtt(best[0])
  }

  /** Forget samples, e.g. after a reconnect (the route may have changed). */
  reset (): void {
    this.#samples = []
  }

  get offsetMs (): number | null {
    return this.#offsetMs
  }

  get rttMs (): number | null {
    return this.#rttMs
  }

  /** Server epoch ms now, by the estimate (local time until the first sample). */
  serverNowMs (localNowMs = ClockSync.localNowMs()): number {
    return localNowMs + (this.#offsetMs ?? 0)
  }
}

function rtt (sample: ClockSample): number {
  return sample.receivedAtMs - sample.sentAtMs
}
