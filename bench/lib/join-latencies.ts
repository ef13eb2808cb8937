import type { ObserverReply } from './messages.ts'

type ObserverResults = Extract<ObserverReply, { type: 'results' }>

export interface JoinedLatencies {
  /** receive − send per delivered (client, measured command) pair, ms. */
  readonly latencies: Float64Array
  readonly expected: number
  readonly missing: number
  readonly perCommandMaxMs: number[]
  readonly perCommandMeanMs: number[]
}

/**
 * Joins the chair's send times with every client's receive times. Receive arrays hold one slot
 * per call of the run; the measured commands are calls `firstMeasured … firstMeasured + sent.length − 1`.
 */
export function joinLatencies (sentMono: Float64Array, firstMeasured: number, calls: number, results: readonly ObserverResults[]): JoinedLatencies {
  const commands = sentMono.length
  const clients = results.reduce((sum, r) => sum + r.clients, 0)
  const latencies = new Float64Array(clients * commands)
  const max = new Array<number>(commands).fill(Number.NaN)
  const sum = new Array<number>(commands).fill(0)
  const count = new Array<number>(commands).fill(0)
  let delivered = 0
  for (const result of results) {
    for (let client = 0; client < result.clients; client++) {
      const row = client * calls + firstMeasured
      for (let k = 0; k < commands; k++) {
        const received = result.receivedMono[row + k]!
        if (Number.isNaN(received)) continue
        const latency = received - sentMono[k]!
        latencies[delivered++] = latency
        if (!(latency <= max[k]!)) max[k] = latency
        sum[k]! += latency
        count[k]! += 1
      }
    }
  }
  return {
    latencies: latencies.subarray(0, delivered),
    expected: clients * commands,
    missing: clients * commands - delivered,
    perCommandMaxMs: max.map(round2),
    perCommandMeanMs: sum.map((s, k) => round2(s / count[k]!))
  }
}

function round2 (x: number): number {
  return Math.round(x * 100) / 100
}
