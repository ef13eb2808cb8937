import type { Logger } from 'pino'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { Clock } from '../clock.ts'

/**
 * How many refused commands one link may send: a burst as large as one socket's command burst (a
 * client probing every command type is answered in full), then one every two seconds. A person is
 * refused a few times an hour; a link refused faster is a script, and each refusal it is allowed costs
 * a row on disk: at most 120 rows at once and 1,800 an hour per link, each under 2 kB.
 */
export const REFUSAL_BUDGET = { capacity: 120, perSecond: 0.5 } as const

/** A link being turned away is logged at most this often, with the count since: the log is a disk too. */
const LOG_EVERY_MS = 60_000

interface Account {
  tokens: number
  lastMs: number
  /** Commands admitted and not yet answered: each holds one refusal's worth of the budget until it is. */
  pending: number
  /** Commands turned away unrun since the link last had budget. */
  turnedAway: number
  /** Turned away since the last log line about this link, and when that line was written. */
  unlogged: number
  loggedAtMs: number
}

/**
 * Per link (actor id) of one meeting: refused commands spend the budget, and a link that has spent it
 * is turned away — its commands are not run, validated or recorded, only counted — until it refills.
 * Per link rather than per socket, so opening more sockets buys no more refusals.
 */
export class RefusalBudget {
  readonly #accounts = new Map<string, Account>()
  readonly #meetingId: MeetingId
  readonly #clock: Clock
  readonly #logger: Logger

  constructor (meetingId: MeetingId, clock: Clock, logger: Logger) {
    this.#meetingId = meetingId
    this.#clock = clock
    this.#logger = logger
  }

  /**
   * Whether a command from this link may run; if not, it is counted as turned away. An admitted command
   * holds one refusal's worth until `settle`: commands wait for the store, and a burst admitted while the
   * first ones wait must not outrun the budget they may all spend.
   */
  admits (actorId: string): boolean {
    const account = this.#refilled(actorId)
    if (account.tokens - account.pending >= 1) {
      account.turnedAway = 0
      account.pending += 1
      return true
    }
    account.turnedAway += 1
    account.unlogged += 1
    if (account.lastMs - account.loggedAtMs >= LOG_EVERY_MS) {
      this.#logger.warn({ meetingId: this.#meetingId, actorId, turnedAway: account.unlogged },
        'link spent its refusal budget; its commands are turned away unrecorded')
      account.unlogged = 0
      account.loggedAtMs = account.lastMs
    }
    return false
  }

  /** An admitted command was answered: its hold is released, and a refusal spends the budget. */
  settle (actorId: string, refused: boolean): void {
    const account = this.#refilled(actorId)
    account.pending = Math.max(0, account.pending - 1)
    if (refused) this.spend(actorId)
  }

  /** A command from this link was refused. */
  spend (actorId: string): void {
    const account = this.#refilled(actorId)
    account.tokens = Math.max(0, account.tokens - 1)
  }

  /** Commands turned away since the link last had budget. */
  turnedAway (actorId: string): number {
    return this.#accounts.get(actorId)?.turnedAway ?? 0
  }

  #refilled (actorId: string): Account {
    const nowMs = this.#clock.now()
    // Actor ids come from valid tokens of this meeting only, so this map is as small as its list of links.
    let account = this.#accounts.get(actorId)
    if (account === undefined) {
      account = { tokens: REFUSAL_BUDGET.capacity, lastMs: nowMs, pending: 0, turnedAway: 0, unlogged: 0, loggedAtMs: Number.NEGATIVE_INFINITY }
      this.#accounts.set(actorId, account)
    }
    const elapsedMs = Math.max(0, nowMs - account.lastMs)
    account.tokens = Math.min(REFUSAL_BUDGET.capacity, account.tokens + (elapsedMs / 1000) * REFUSAL_BUDGET.perSecond)
    account.lastMs = nowMs
    return account
  }
}
