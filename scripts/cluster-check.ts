// `npm run cluster-check [-- --check owner-kill,same-id] [--quick]`: the cluster's failure and load checks
// (SCALE.md §3), one after another, each on a cluster of its own. Prints one row per check (target,
// measured, ✓/✗) and writes the figures to bench/results/cluster-check-<time>.json.
// Exit code: 0 every check passed; 1 some failed; 2 one could not finish (or bad arguments).
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { CheckResult, ClusterCheck } from '../bench/cluster/check.ts'
import { failureChecks } from '../bench/cluster/failure-checks.ts'
import { loadChecks } from '../bench/cluster/load-checks.ts'
import { BENCH_DIR, machineInfo } from '../bench/lib/case-main.ts'
import { writeCaseJson } from '../bench/lib/case-report.ts'
import { loadSnapshot, machineLoad } from '../bench/lib/machine-load.ts'

const CHECKS: readonly ClusterCheck[] = [
  ...failureChecks,
  ...loadChecks
]

/** A check that has not finished by then is stopped: exit 2. */
const CHECK_BUDGET_MS = 20 * 60_000

interface CheckRun {
  readonly name: string
  readonly target: string
  readonly startedAt: string
  readonly durationMs: number
  /** The whole box while the check ran (its own node processes included), and the load average around it. */
  readonly machine: { busyPct: number; stealPct: number; loadAvgBefore: number[]; loadAvgAfter: number[] }
  readonly result: CheckResult | null
  readonly error: string | null
}

const { values } = parseArgs({ options: { check: { type: 'string' }, quick: { type: 'boolean', default: false } } })
const picked = values.check?.split(',').map((name) => name.trim()).filter((name) => name !== '')
const unknown = picked?.filter((name) => !CHECKS.some((check) => check.name === name)) ?? []
if (unknown.length > 0) {
  process.stderr.write(`unknown check: ${unknown.join(', ')}; known: ${CHECKS.map((check) => check.name).join(', ')}\n`)
  process.exit(2)
}
const checks = picked === undefined ? CHECKS : CHECKS.filter((check) => picked.includes(check.name))
const startedAt = new Date().toISOString()
const runs: CheckRun[] = []

for (const check of checks) {
  process.stderr.write(`cluster-check: ${check.name}${values.quick ? ' (quick)' : ''} …\n`)
  const before = loadSnapshot([])
  const loadAvgBefore = loadavg()
  const checkStartedAt = new Date().toISOString()
  const t0 = performance.now()
  let result: CheckResult | null = null
  let error: string | null = null
  try {
    result = await withBudget(check.run({ quick: values.quick }), CHECK_BUDGET_MS, check.name)
  } catch (thrown) {
    error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)
    process.stderr.write(`cluster-check: ${check.name} could not finish: ${error}\n`)
  }
  const { busyPct, stealPct } = machineLoad(before, loadSnapshot([]))
  runs.push({
    name: check.name,
    target: check.target,
    startedAt: checkStartedAt,
    durationMs: Math.round(performance.now() - t0),
    machine: { busyPct, stealPct, loadAvgBefore, loadAvgAfter: loadavg() },
    result,
    error
  })
  if (error !== null) break
}

const out = join(BENCH_DIR, 'results', `cluster-check-${startedAt.replace(/[:.]/g, '-')}.json`)
writeCaseJson(out, { startedAt, quick: values.quick, machine: machineInfo(), checks: runs })
process.stdout.write(`${table(runs)}\n  results: ${out}\n`)
const failed = runs.some((run) => run.result !== null && !run.result.passed)
process.exitCode = runs.some((run) => run.error !== null) ? 2 : failed ? 1 : 0
// Clients and pools a check left behind must not hold the process open.
setTimeout(() => process.exit(), 2000).unref()

function table (rows: readonly CheckRun[]): string {
  const lines = rows.map((run) => [
    run.name,
    run.target,
    run.result?.summary ?? `could not finish: ${run.error?.split('\n')[0] ?? ''}`,
    run.result === null ? '!' : run.result.passed ? '✓' : '✗'
  ])
  const header = ['check', 'target', 'measured', '']
  const widths = header.map((_, column) => Math.max(header[column]!.length, ...lines.map((line) => line[column]!.length)))
  const format = (line: readonly string[]) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()
  const problems = rows.flatMap((run) => (run.result?.problems ?? []).map((problem) => `  ${run.name}: ${problem}`))
  return [format(header), ...lines.map(format), ...(problems.length > 0 ? ['', 'problems:', ...problems] : [])].join('\n')
}

function withBudget<T> (promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${ms / 60_000} min`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
