/**
 * Bytes that may wait to go out to one client before it counts as not reading. A joining client is
 * sent both documents' full states: a few hundred kilobytes in practice, at most their budgets (2 MiB
 * each, about 5.3 MiB as base64), and the broadcasts that follow while a slow link downloads them. A
 * client further behind is not catching up, and what it does not read stays in the server's memory
 * (300 step 1s of 8 bytes once took it from 99 to 588 MB).
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

/**
 * How long a dropped slow client is given to make progress through the backlog (with the notice and
 * close frame queued behind it) before its connection is cut and the backlog freed.
 */
export const SLOW_CONSUMER_GRACE_MS = 10_000

/**
 * Cuts a dropped slow client once it stops reading what is queued for it. Checked every grace period:
 * while the backlog shrinks the client is reading and gets to the notice behind it, however slow its
 * link or busy its machine; a backlog that has not shrunk since the last check is cut. Nothing more is
 * queued after the drop, so this ends.
 */
export function cutUnlessDraining (backlog: () => number, closed: () => boolean, cut: () => void): void {
  let before = backlog()
  const check = (): void => {
    if (closed()) return
    const now = backlog()
    if (now > 0 && now < before) {
      before = now
      setTimeout(check, SLOW_CONSUMER_GRACE_MS).unref()
      return
    }
    cut()
  }
  setTimeout(check, SLOW_CONSUMER_GRACE_MS).unref()
}
