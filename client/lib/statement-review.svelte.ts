import type { StatementId } from '../../shared/domain/types.ts'

/** Calls `onIdle` once after `ms`; the returned function cancels it. Injected so tests decide time. */
export type IdleTimer = (ms: number, onIdle: () => void) => () => void

/**
 * How long a review of an earlier statement outlives the note-taker's last key press or click: long
 * enough to read a paragraph back, short enough that the next speaker's tags are not caught.
 */
export const REVIEW_IDLE_MS = 30_000

export const browserIdleTimer: IdleTimer = (ms, onIdle) => {
  const timer = setTimeout(onIdle, ms)
  return () => clearTimeout(timer)
}

/**
 * Working on an earlier statement, as an explicit mode: it starts when the note-taker picks one,
 * and ends when they go back, leave it, or stop touching the page for `idleMs`.
 */
export class StatementReview {
  readonly #timer: IdleTimer
  readonly #onIdle: () => void
  readonly idleMs: number
  #statementId = $state<StatementId | null>(null)
  #cancelIdle: (() => void) | null = null

  constructor (options: { timer?: IdleTimer | undefined; idleMs?: number | undefined; onIdle?: () => void } = {}) {
    this.#timer = options.timer ?? browserIdleTimer
    this.idleMs = options.idleMs ?? REVIEW_IDLE_MS
    this.#onIdle = options.onIdle ?? (() => undefined)
  }

  /** The statement under review; null while following the floor. */
  get statementId (): StatementId | null {
    return this.#statementId
  }

  start (statementId: StatementId): void {
    this.#statementId = statementId
    this.#arm()
  }

  end (): void {
    this.#disarm()
    this.#statementId = null
  }

  /** A key press, click or edit: the note-taker is still at work, so the idle wait starts again. */
  activity (): void {
    if (this.#statementId !== null) this.#arm()
  }

  destroy (): void {
    this.#disarm()
  }

  #arm (): void {
    this.#disarm()
    this.#cancelIdle = this.#timer(this.idleMs, () => {
      this.#cancelIdle = null
      this.end()
      this.#onIdle()
    })
  }

  #disarm (): void {
    this.#cancelIdle?.()
    this.#cancelIdle = null
  }
}
