import type { Logger } from 'pino'
import type { RoomMembers } from '../core/room-members.ts'
import { CLOSE } from '../core/close-reasons.ts'

/** How often a node asks PostgreSQL whether a link open on it was revoked on another node. */
export const REVOCATION_SWEEP_MS = 2_000

/**
 * A link revoked on one node (a delegation removed, a link reissued) is closed there at once; its
 * connections on the other nodes are closed by this sweep, within REVOCATION_SWEEP_MS. PostgreSQL, which
 * recorded the revocation, is asked rather than a message over Redis, which could be lost.
 */
export class RevocationSweep {
  readonly #timer: NodeJS.Timeout
  #sweeping: Promise<void> | null = null

  constructor (private readonly deps: {
    readonly members: RoomMembers
    readonly revokedAmong: (hashes: readonly string[]) => Promise<string[]>
    readonly logger: Logger
  }, intervalMs = REVOCATION_SWEEP_MS) {
    this.#timer = setInterval(() => { this.#sweeping ??= this.sweep().finally(() => { this.#sweeping = null }) }, intervalMs)
    this.#timer.unref()
  }

  /** Closes every connection whose link has been revoked; resolves once done. */
  async sweep (): Promise<void> {
    const open = [...this.deps.members.tokenHashes()]
    if (open.length === 0) return
    try {
      const revoked = await this.deps.revokedAmong(open)
      for (const member of this.deps.members.withTokens(revoked)) member.close(CLOSE.revoked)
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'revoked links not checked; the next sweep tries again')
    }
  }

  async stop (): Promise<void> {
    clearInterval(this.#timer)
    await this.#sweeping
  }
}
