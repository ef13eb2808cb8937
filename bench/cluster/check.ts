// One check of `npm run cluster-check` (scripts/cluster-check.ts): a row of issue 17's table.

export interface CheckOptions {
  /** Fewer repetitions (development); the figures of record come from a full run. */
  readonly quick: boolean
}

export interface CheckResult {
  /** The measured figures, named as the target names them (e.g. `nextAckP99Ms`, `lost`). */
  readonly figures: Readonly<Record<string, number | string | boolean>>
  /** One line for the table: what was measured, beside the target. */
  readonly summary: string
  /** Every target met and every invariant held. */
  readonly passed: boolean
  /** What went wrong, one line each (empty when passed). */
  readonly problems: readonly string[]
}

export interface ClusterCheck {
  readonly name: string
  /** The target as the issue states it. */
  readonly target: string
  run (options: CheckOptions): Promise<CheckResult>
}
