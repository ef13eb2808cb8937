/**
 * One FIFO per meeting. A command reads the state, awaits the store, then changes the state: two of one
 * meeting interleaved at that await would both decide on the same state. So the jobs of one meeting run
 * one at a time in arrival order, while other meetings' jobs run alongside.
 */
export class RoomQueue<Key = string> {
  /** The last job queued per key; a key leaves the map once its last job settles. */
  readonly #tails = new Map<Key, Promise<unknown>>()

  /** Runs `job` after every job queued before it under `key`; resolves or rejects as `job` does. */
  run<T> (key: Key, job: () => Promise<T> | T): Promise<T> {
    const previous = this.#tails.get(key)
    // A job that fails rejects its own promise only: the next one starts all the same.
    const result = previous === undefined ? settle(job) : previous.then(() => job(), () => job())
    const tail = result.then(() => undefined, () => undefined)
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return result
  }

  /** How many keys have a job queued or running (an idle queue holds nothing). */
  get busyKeys (): number {
    return this.#tails.size
  }
}

/** Starts `job` now; a throw becomes a rejection, like a throw after an await. */
function settle<T> (job: () => Promise<T> | T): Promise<T> {
  try {
    return Promise.resolve(job())
  } catch (error) {
    return Promise.reject(error)
  }
}
