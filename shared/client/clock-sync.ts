/** One round trip of a clock ping, in local monotonic ms and server epoch ms. */
export interface ClockSample {
  readonly sentAtMs: number
  readonly serverNowMs: number
  readonly receivedAtMs: number
}

/** Samples kept; the estimate uses the fastest of them, where the network added the least doubt. */
const MAX_SAMPLES = 16

/**
 * Estimates server time NTP-style: offset = server − midpoint of the round trip, taken from the
 * sample with the shortest round trip (NTP's clock filter): its error is at most half of that RTT
 * minus the network's floor, so it is the tightest bound any sample gives. Local time is
 * `performance.timeOrigin + performance.now()`, which the wall clock cannot jump.
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
    const best = this.#samples.reduce((fastest, candidate) => rtt(candidate) < rtt(fastest) ? candidate : fastest)
    this.#offsetMs = best.serverNowMs - (best.sentAtMs + best.receivedAtMs) / 2
    this.#rttMs = rtt(best)
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
