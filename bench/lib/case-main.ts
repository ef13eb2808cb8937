// The frame every case in bench/cases/ runs in: a watchdog on the whole run, everything started
// taken down on every exit path, the table printed and the JSON written to bench/results/.
import { cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { waitForQuietMachine, type QuietWait } from './machine-load.ts'
import { CLK_TCK } from './proc.ts'
import { formatCaseTable, writeCaseJson, type CaseOutcome } from './case-report.ts'

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url))
export const PROJECT_ROOT = join(BENCH_DIR, '..')

const cleanups: (() => void)[] = []

/** Registers a synchronous teardown (kill a process, remove a dir) for every exit path. */
export function onExit (cleanup: () => void): void {
  cleanups.push(cleanup)
}

function cleanUpAll (): void {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup()
    } catch {
      // Best effort: the rest must still run.
    }
  }
}

/**
 * Waits (up to 90 s, or BENCH_QUIET_MAX_MS) until the box is below 15 % busy for 3 s, as the fan-out
 * does: other jobs on a shared box change every figure. The JSON records how it went.
 */
export function quietMachine (): Promise<QuietWait> {
  const maxMs = Number(process.env.BENCH_QUIET_MAX_MS ?? 90_000)
  return waitForQuietMachine(15, 3, Number.isFinite(maxMs) ? maxMs : 90_000)
}

export function machineInfo (): { cpus: number; cpuModel: string; node: string; clkTck: number } {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, clkTck: CLK_TCK }
}

export interface CaseDefinition {
  /** File name stem of the results: bench/results/<name>-<time>.json. */
  readonly name: string
  /** The whole run is stopped (exit 2) after this long. */
  readonly budgetMs: number
  /** `--out FILE` of the case, or null for the default path. */
  readonly out: string | null
  readonly run: () => Promise<CaseOutcome>
}

/**
 * Runs a case as the main module. Exit code 0: finished and every check passed; 1: finished with
 * problems (listed under FAILED:, goals missed are not problems); 2: could not finish.
 */
export function runCase (definition: CaseDefinition): void {
  const startedAt = new Date().toISOString()
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench ${definition.name}: no result after ${definition.budgetMs} ms; stopping everything\n`)
    cleanUpAll()
    process.exit(2)
  }, definition.budgetMs)
  process.on('exit', cleanUpAll)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      cleanUpAll()
      process.exit(130)
    })
  }
  definition.run().then((outcome) => {
    clearTimeout(watchdog)
    const out = definition.out ?? join(BENCH_DIR, 'results', `${definition.name}-${startedAt.replace(/[:.]/g, '-')}.json`)
    writeCaseJson(out, { case: definition.name, startedAt, machine: machineInfo(), problems: outcome.problems, ...outcome.json })
    process.stdout.write(`${formatCaseTable(outcome)}\n  results: ${out}\n`)
    cleanUpAll()
    process.exitCode = outcome.problems.length === 0 ? 0 : 1
  }, (error: unknown) => {
    clearTimeout(watchdog)
    process.stderr.write(`bench ${definition.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    cleanUpAll()
    process.exitCode = 2
  })
}
