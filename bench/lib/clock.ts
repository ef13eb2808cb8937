// CLOCK_MONOTONIC is shared by every process on the box, so a send time taken in the chair's
// process and a receive time taken in an observer's process can be subtracted directly.

/** CLOCK_MONOTONIC in ms (fractional). */
export function monoMs (): number {
  return Number(process.hrtime.bigint()) / 1e6
}

export function sleep (ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}

/** Rejects with `what` when `promise` has not settled within `ms`. */
export function withTimeout<T> (promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
