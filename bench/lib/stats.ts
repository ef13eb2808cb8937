export interface Percentiles {
  readonly count: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

/** Nearest-rank percentile of an ascending array (the same definition the peers' harness uses). */
export function nearestRank (sorted: Float64Array, percent: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(percent / 100 * sorted.length) - 1))
  return sorted[index] ?? Number.NaN
}

export function percentiles (values: Float64Array): Percentiles {
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const value of sorted) sum += value
  return {
    count: sorted.length,
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1] ?? Number.NaN : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN
  }
}
