// A case's small table and its JSON. Goals are printed ✓/✗ beside the figure; a missed goal is a
// finding, not a failure of the run (problems are: clients that never synced, lost state, …).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export type Row = readonly [name: string, value: string]

export interface CaseOutcome {
  /** The table's first line. */
  readonly title: string
  readonly rows: readonly Row[]
  /** Why the run is not to be trusted; non-empty means exit code 1. */
  readonly problems: readonly string[]
  /** Everything else that goes into the JSON (options, raw figures). */
  readonly json: Readonly<Record<string, unknown>>
}

export const f0 = (x: number): string => Number.isFinite(x) ? x.toFixed(0) : '—'
export const f1 = (x: number): string => Number.isFinite(x) ? x.toFixed(1) : '—'
export const f2 = (x: number): string => Number.isFinite(x) ? x.toFixed(2) : '—'
export const kb = (bytes: number): string => Number.isFinite(bytes) ? (bytes / 1024).toFixed(1) : '—'

/** `✓ (goal ≤ 64)` or `✗ (goal ≤ 64)`; `—` when the figure is missing. */
export function goal (value: number, limit: number, unit = ''): string {
  if (!Number.isFinite(value)) return `— (goal ≤ ${limit}${unit})`
  return `${value <= limit ? '✓' : '✗'} (goal ≤ ${limit}${unit})`
}

export function formatCaseTable (outcome: CaseOutcome): string {
  const width = Math.max(0, ...outcome.rows.map(([name]) => name.length))
  return [
    outcome.title,
    ...outcome.rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
    ...(outcome.problems.length > 0 ? ['', 'FAILED:', ...outcome.problems.map((p) => `  - ${p}`)] : [])
  ].join('\n')
}

export function writeCaseJson (file: string, result: unknown): void {
  mkdirSync(dirname(file), { recursive: true })
  // Typed arrays become plain arrays; NaN (never seen) becomes null.
  writeFileSync(file, JSON.stringify(result, (_key, value: unknown) => ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value, 1) + '\n')
}
