import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'

/** What the admin's metrics route reports: enough to see an abuse budget hold from outside. */
export interface MetricsSnapshot {
  readonly rssBytes: number
  readonly heapUsedBytes: number
  /** The event loop's worst delay since the last snapshot, and its 99th percentile (ms). */
  readonly eventLoopDelayMaxMs: number
  readonly eventLoopDelayP99Ms: number
  /** Clients dropped for not reading (`SLOW_CONSUMER`). */
  readonly slowConsumersDropped: number
  /** Connections without a token that were closed to make room for newer ones. */
  readonly unauthenticatedEvicted: number
  /** Connections now open that have not presented a valid token. */
  readonly unauthenticatedOpen: number
}

/** Counters the transports bump, and the process's own figures. */
export class ServerMetrics {
  slowConsumersDropped = 0
  unauthenticatedEvicted = 0
  unauthenticatedOpen: () => number = () => 0
  readonly #eventLoop: IntervalHistogram

  constructor () {
    // Sampled every 100 ms: the figure is for stalls an operator would see, and every sample wakes the
    // process — at 10 ms, two thirds of an idle server's CPU went to it.
    this.#eventLoop = monitorEventLoopDelay({ resolution: 100 })
    this.#eventLoop.enable()
  }

  snapshot (): MetricsSnapshot {
    const memory = process.memoryUsage()
    const snapshot: MetricsSnapshot = {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopDelayMaxMs: this.#eventLoop.max / 1e6,
      eventLoopDelayP99Ms: this.#eventLoop.percentile(99) / 1e6,
      slowConsumersDropped: this.slowConsumersDropped,
      unauthenticatedEvicted: this.unauthenticatedEvicted,
      unauthenticatedOpen: this.unauthenticatedOpen()
    }
    this.#eventLoop.reset()
    return snapshot
  }

  close (): void {
    this.#eventLoop.disable()
  }
}
