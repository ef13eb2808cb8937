/**
 * How far a room has applied its meeting's stored updates, and the writes waiting for a number to be
 * reached: a node acknowledges a write the owner stored only once its own copy has it (read your writes).
 */
export class AppliedSeq {
  #seq: number
  #waiting: { readonly seq: number; readonly resolve: () => void }[] = []
  #released = false

  constructor (seq: number) {
    this.#seq = seq
  }

  get seq (): number {
    return this.#seq
  }

  /** Update `seq` is applied (and every one before it). */
  reach (seq: number): void {
    if (seq <= this.#seq) return
    this.#seq = seq
    if (this.#waiting.length === 0) return
    const reached = this.#waiting.filter((waiter) => waiter.seq <= seq)
    this.#waiting = this.#waiting.filter((waiter) => waiter.seq > seq)
    for (const waiter of reached) waiter.resolve()
  }

  when (seq: number): Promise<void> {
    if (this.#released || seq <= this.#seq) return Promise.resolve()
    return new Promise((resolve) => this.#waiting.push({ seq, resolve }))
  }

  /** Nothing will be applied any more (the room was dropped): every wait ends now, and any later one at once. */
  release (): void {
    this.#released = true
    const waiting = this.#waiting
    this.#waiting = []
    for (const waiter of waiting) waiter.resolve()
  }
}
