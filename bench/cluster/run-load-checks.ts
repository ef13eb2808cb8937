// Runs the load checks alone, for their development: `node --import tsx bench/cluster/run-load-checks.ts
// [--quick] [name…]`. `npm run cluster-check` is the runner of record.
import { parseArgs } from 'node:util'
import { writeCaseJson } from '../lib/case-report.ts'
import { BENCH_DIR } from '../lib/case-main.ts'
import { loadChecks } from './load-checks.ts'

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { quick: { type: 'boolean', default: false } } })
const chosen = positionals.length === 0 ? loadChecks : loadChecks.filter((check) => positionals.includes(check.name))
let failed = 0
for (const check of chosen) {
  const startedAt = new Date().toISOString()
  process.stdout.write(`${check.name} (${check.target})${values.quick ? ', quick' : ''}…\n`)
  try {
    const result = await check.run({ quick: values.quick })
    if (!result.passed) failed++
    process.stdout.write(`  ${result.passed ? '✓' : '✗'} ${result.summary}\n${result.problems.map((p) => `    - ${p}\n`).join('')}  ${JSON.stringify(result.figures)}\n`)
    writeCaseJson(`${BENCH_DIR}results/cluster-${check.name}${values.quick ? '-quick' : ''}-${startedAt.replace(/[:.]/g, '-')}.json`, { check: check.name, startedAt, quick: values.quick, ...result })
  } catch (error) {
    failed++
    process.stdout.write(`  ✗ could not finish: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  }
}
process.exit(failed === 0 ? 0 : 1)
