/**
 * What one link (token) may write into a meeting's notes: a burst (a note-taker's offline edits sent
 * on reconnect, at most one 512 KiB sync message each) and then a steady rate. Ten note-takers typing
 * on one link send about 120 KiB a minute; the sustained rate is four times that.
 */
export const NOTES_LINK_BURST_BYTES = 2 * 1024 * 1024
export const NOTES_LINK_BYTES_PER_MINUTE = 512 * 1024
/**
 * Refused notes changes a link may send a minute before its changes are refused unread. A refusal
 * rebuilds the server's check copy of the notes (about a second for a document at its budget); the
 * workspace never sends one, so ten are a buggy or hostile client.
 */
export const NOTES_LINK_REFUSALS_PER_MINUTE = 10

/** Per link, on the room's clock: every byte sent counts, accepted or refused, and so does every refusal. */
export class NotesBudget {
  readonly #bytes = new Buckets(NOTES_LINK_BURST_BYTES, NOTES_LINK_BYTES_PER_MINUTE)
  readonly #refusals = new Buckets(NOTES_LINK_REFUSALS_PER_MINUTE, NOTES_LINK_REFUSALS_PER_MINUTE)

  /** Takes `bytes` from the link's bucket; false, taking nothing, if it does not hold that many. */
  takeBytes (linkId: string, bytes: number, nowMs: number): boolean {
    return this.#bytes.take(linkId, bytes, nowMs)
  }

  /** Whether the link may still be refused once more (its changes are read at all). */
  mayBeRefused (linkId: string, nowMs: number): boolean {
    return this.#refusals.holds(linkId, 1, nowMs)
  }

  noteRefusal (linkId: string, nowMs: number): void {
    this.#refusals.take(linkId, 1, nowMs)
  }
}

class Buckets {
  readonly #levels = new Map<string, { amount: number; atMs: number }>()

  constructor (private readonly capacity: number, private readonly perMinute: number) {}

  holds (key: string, amount: number, nowMs: number): boolean {
    return this.#level(key, nowMs) >= amount
  }

  take (key: string, amount: number, nowMs: number): boolean {
    const level = this.#level(key, nowMs)
    const ok = level >= amount
    this.#levels.set(key, { amount: ok ? level - amount : level, atMs: nowMs })
    return ok
  }

  #level (key: string, nowMs: number): number {
    const bucket = this.#levels.get(key)
    if (bucket === undefined) return this.capacity
    return Math.min(this.capacity, bucket.amount + (Math.max(0, nowMs - bucket.atMs) / 60_000) * this.perMinute)
  }
}
