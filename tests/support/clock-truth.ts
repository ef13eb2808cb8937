import type { Clock } from '../../server/clock.ts'
import { ClockSync, type ClockSample } from '../../shared/client/clock-sync.ts'

/**
 * A server clock exactly `skewMs` off the clock that a client in this process reads
 * (`ClockSync.localNowMs`), in whole milliseconds as `Date.now` gives them: a known truth to check a
 * client's estimate against, where the machine's wall clock and its monotonic one may drift apart.
 */
export function skewedServerClock (skewMs: number): Clock {
  return { now: () => Math.floor(ClockSync.localNowMs()) + skewMs }
}

/**
 * How far from the truth an estimate resting on `samples` may honestly be. The server reads its clock
 * after a ping leaves and before its answer arrives, so each sample's offset is off by at most half
 * its round trip (and a millisecond of the server clock's rounding); an average of samples, which
 * the estimate is, by at most the largest of those. A bound the samples set, not the machine's speed.
 */
export function clockErrorBoundMs (samples: readonly ClockSample[]): number {
  if (samples.length === 0) throw new Error('no clock samples to bound an estimate with')
  return Math.max(...samples.map((sample) => (sample.receivedAtMs - sample.sentAtMs) / 2)) + 1
}
