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
  /** Known once the previous run's last beat is read; no beat of this run is written before that. */
  readonly comeback: Promise<Comeback>
  readonly #store: Store
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #timer: NodeJS.Timeout
  /** The beat being written: beats go one after another, and a clean stop waits for the last. */
  #beating: Promise<void>

  constructor (deps: { store: Store; clock: Clock; logger: Logger }, intervalMs = HEARTBEAT_MS) {
    this.#store = deps.store
    this.#clock = deps.clock
    this.#logger = deps.logger
    const backAtMs = deps.clock.now()
    this.comeback = deps.store.getSetting(ALIVE_SETTING).then((stored) => {
      const lastAliveAtMs = Number(stored ?? Number.NaN)
      return { lastAliveAtMs: Number.isFinite(lastAliveAtMs) ? lastAliveAtMs : null, backAtMs }
    }, (error: unknown) => {
      this.#logger.warn({ err: error }, 'last heartbeat not read')
      return { lastAliveAtMs: null, backAtMs }
    })
    this.#beating = this.comeback.then(() => this.#write())
    this.#timer = setInterval(() => this.#beat(), intervalMs)
    // A beat never keeps the process alive on its own.
    this.#timer.unref()
  }

  /** A last beat on a clean shutdown, so the outage of a restart starts when the server really stopped. */
  async stop (): Promise<void> {
    clearInterval(this.#timer)
    this.#beat()
    await this.#beating
  }

  #beat (): void {
    this.#beating = this.#beating.then(() => this.#write())
  }

  /** Never rejects: a beat that is not written is logged, and the next one tries again. */
  async #write (): Promise<void> {
    try {
      await this.#store.setSetting(ALIVE_SETTING, String(this.#clock.now()))
    } catch (error) {
      this.#logger.warn({ err: error }, 'heartbeat not written')
    }
  }
}
