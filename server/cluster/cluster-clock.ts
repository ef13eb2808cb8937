import { ClockSync } from '../../shared/client/clock-sync.ts'
import type { Clock } from '../clock.ts'

/** One burst: the size of ClockSync's window, so the estimate is the fastest half of this burst alone. */
const SAMPLES_PER_CALIBRATION = 16
/** Crystal clocks drift apart by ~100 ppm, 3 ms a half-minute: recalibrating this often keeps corrections that small. */
const CALIBRATION_INTERVAL_MS = 30_000
/**
 * How fast a later correction is applied: 5 ms per second of local time (0.5 %). The usual correction
 * (drift and the estimate's own doubt, a few ms) is absorbed within a second or two of each burst, a
 * duration measured meanwhile is stretched or shrunk by at most 0.5 %, and a 400 ms step of the
 * reference (its host's NTP stepping) is absorbed in 80 s. Any rate below 1000 ms/s keeps `now()` moving
 * forward; this one keeps it within 0.5 % of the local clock's pace.
 */
export const MAX_SLEW_MS_PER_S = 5

export interface ClusterClockOptions {
  /** Reads the reference clock in epoch ms: PostgreSQL's (server/store/postgres-now.ts) in a cluster, a fake in tests. */
  readonly reference: () => Promise<number>
  /** Local epoch ms; monotonic by default (`performance`), which the wall clock's steps cannot move. */
  readonly local?: () => number
  /** Reads per burst; ClockSync keeps the last 16, so more only waste round trips. */
  readonly samplesPerCalibration?: number
  readonly intervalMs?: number
}

/**
 * The cluster's one clock: this node's local time corrected by its estimated offset to a reference
 * (PostgreSQL's clock), so that instants stamped by different nodes can be compared. The offset is
 * estimated as the clients estimate the server's (ClockSync). The first estimate applies at once —
 * calibrate before stamping anything; later ones are slewed at MAX_SLEW_MS_PER_S so instants already
 * stamped keep their order, and `now()` never goes backwards (a reading before the first estimate that
 * turns out ahead holds still until the estimate catches up with it).
 */
export class ClusterClock implements Clock {
  readonly #reference: () => Promise<number>
  readonly #local: () => number
  readonly #samplesPerCalibration: number
  readonly #intervalMs: number
  /** The latest estimate of reference − local, and the offset `now()` applies while it slews towards it. */
  #targetOffsetMs: number | null = null
  #appliedOffsetMs = 0
  #slewedAtLocalMs = -Infinity
  #rttMs: number | null = null
  #lastNowMs = -Infinity
  #calibrating: Promise<void> | null = null
  #timer: NodeJS.Timeout | null = null

  constructor (options: ClusterClockOptions) {
    this.#reference = options.reference
    this.#local = options.local ?? ClockSync.localNowMs
    this.#samplesPerCalibration = options.samplesPerCalibration ?? SAMPLES_PER_CALIBRATION
    this.#intervalMs = options.intervalMs ?? CALIBRATION_INTERVAL_MS
  }

  /** Whole ms, as `Date.now()` gives: instants are stored and compared as integers. */
  now (): number {
    return Math.floor(this.preciseNow())
  }

  /** The same instant with the fraction of a millisecond the estimate carries. */
  preciseNow (): number {
    const localMs = this.#local()
    this.#slew(localMs)
    this.#lastNowMs = Math.max(this.#lastNowMs, localMs + this.#appliedOffsetMs)
    return this.#lastNowMs
  }

  /** Reference − local by the latest estimate (null before one); `now()` may still be slewing towards it. */
  get offsetMs (): number | null {
    return this.#targetOffsetMs
  }

  /** The fastest round trip of the latest burst (null before one): the estimate's doubt is about half of it. */
  get rttMs (): number | null {
    return this.#rttMs
  }

  /** Takes a burst of samples and adopts its estimate; a call during a burst waits for that one. Rejects, estimate untouched, when the reference fails. */
  calibrate (): Promise<void> {
    this.#calibrating ??= this.#burst().finally(() => { this.#calibrating = null })
    return this.#calibrating
  }

  /** Recalibrates every intervalMs; the timer never keeps the process alive. Await `calibrate()` once before. */
  start (onError: (error: unknown) => void): void {
    if (this.#timer !== null) return
    this.#timer = setInterval(() => { this.calibrate().catch(onError) }, this.#intervalMs)
    this.#timer.unref()
  }

  stop (): void {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
  }

  async #burst (): Promise<void> {
    const sync = new ClockSync()
    for (let i = 0; i < this.#samplesPerCalibration; i++) {
      const sentAtMs = this.#local()
      const serverNowMs = await this.#reference()
      sync.add({ sentAtMs, serverNowMs, receivedAtMs: this.#local() })
    }
    if (sync.offsetMs === null) return
    this.#adopt(sync.offsetMs, this.#local())
    this.#rttMs = sync.rttMs
  }

  #adopt (offsetMs: number, localMs: number): void {
    if (this.#targetOffsetMs === null) {
      this.#appliedOffsetMs = offsetMs
      this.#slewedAtLocalMs = Math.max(this.#slewedAtLocalMs, localMs)
    } else {
      // The old estimate governs the time until now, the new one only the time from now on.
      this.#slew(localMs)
    }
    this.#targetOffsetMs = offsetMs
  }

  /** Moves the applied offset towards the estimate by at most MAX_SLEW_MS_PER_S per local second since the last move. */
  #slew (localMs: number): void {
    const elapsedMs = Math.max(0, localMs - this.#slewedAtLocalMs)
    this.#slewedAtLocalMs = Math.max(this.#slewedAtLocalMs, localMs)
    if (this.#targetOffsetMs === null) return
    const stepMs = (elapsedMs * MAX_SLEW_MS_PER_S) / 1000
    const gapMs = this.#targetOffsetMs - this.#appliedOffsetMs
    this.#appliedOffsetMs += Math.min(stepMs, Math.max(-stepMs, gapMs))
  }
}
