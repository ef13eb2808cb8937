// The server's sign of life, kept in the store. After a crash the next start knows, to within one beat,
// when the previous run stopped, so a statement that was on the floor can say which outage it ran through.
import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import type { Store } from '../store/store.ts'

const ALIVE_SETTING = 'server.aliveAtMs'

/** Dates an outage to within a few seconds, for one small write every few seconds. */
export const HEARTBEAT_MS = 5_000

/** The outage this run came back from: the previous run's last beat (null if none was ever written) and this start. */
export interface Comeback {
  readonly lastAliveAtMs: number | null
  readonly backAtMs: number
}

export class Heartbeat {
  readonly comeback: Comeback
  readonly #store: Store
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #timer: NodeJS.Timeout

  constructor (deps: { store: Store; clock: Clock; logger: Logger }, intervalMs = HEARTBEAT_MS) {
    this.#store = deps.store
    this.#clock = deps.clock
    this.#logger = deps.logger
    const stored = Number(deps.store.getSetting(ALIVE_SETTING) ?? Number.NaN)
    this.comeback = { lastAliveAtMs: Number.isFinite(stored) ? stored : null, backAtMs: deps.clock.now() }
    this.#beat()
    this.#timer = setInterval(() => this.#beat(), intervalMs)
    // A beat never keeps the process alive on its own.
    this.#timer.unref()
  }

  /** A last beat on a clean shutdown, so the outage of a restart starts when the server really stopped. */
  stop (): void {
    clearInterval(this.#timer)
    this.#beat()
  }

  #beat (): void {
    try {
      this.#store.setSetting(ALIVE_SETTING, String(this.#clock.now()))
    } catch (error) {
      this.#logger.warn({ err: error }, 'heartbeat not written')
    }
  }
}
