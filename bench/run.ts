// `npm run bench`: the fan-out and Rostrum's own cases, each in a process of its own, one after
// another. `--case NAME[,NAME…]` picks some; the other options go to the cases picked.
// Without --case: every case with its defaults, or, when options are given, the fan-out alone with
// them (so `npm run bench -- --clients 500` still means the fan-out). bench/README.md has the rest.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url))
const CASES: Readonly<Record<string, string>> = {
  fanout: 'fanout.ts',
  storm: 'cases/storm.ts',
  'late-join': 'cases/late-join.ts',
  clock: 'cases/clock.ts',
  weight: 'cases/weight.ts'
}
const USAGE = `npm run bench [-- --case ${Object.keys(CASES).join('|')}|all[,…] [options of that case]]
  no --case and no options: all cases with their defaults; options without --case: the fan-out`

function parse (argv: readonly string[]): { cases: string[]; rest: string[] } {
  const rest: string[] = []
  let picked: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--case') picked = argv[++i] ?? ''
    else if (arg.startsWith('--case=')) picked = arg.slice('--case='.length)
    else rest.push(arg)
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`)
    if (picked === null) process.exit(0)
  }
  const names = picked === null ? (rest.length === 0 ? ['all'] : ['fanout']) : picked.split(',').map((name) => name.trim())
  const cases = names.flatMap((name) => name === 'all' ? Object.keys(CASES) : [name])
  const unknown = cases.filter((name) => CASES[name] === undefined)
  if (unknown.length > 0) {
    process.stderr.write(`unknown case ${unknown.join(', ')}\n${USAGE}\n`)
    process.exit(2)
  }
  return { cases, rest }
}

const { cases, rest } = parse(process.argv.slice(2))
const outcomes: { name: string; code: number; seconds: number }[] = []
for (const name of cases) {
  if (cases.length > 1) process.stdout.write(`\n=== bench: ${name} ===\n`)
  const started = performance.now()
  // Each case in its own process: its watchdog, exit handlers and memory stay its own.
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, CASES[name]!), ...rest], { stdio: 'inherit' })
  outcomes.push({ name, code: result.status ?? 2, seconds: (performance.now() - started) / 1000 })
}
if (outcomes.length > 1) {
  process.stdout.write(`\n=== bench: ${outcomes.map((o) => `${o.name} ${o.code === 0 ? 'ok' : `exit ${o.code}`} (${o.seconds.toFixed(0)} s)`).join(', ')} ===\n`)
}
process.exitCode = Math.max(0, ...outcomes.map((o) => o.code))
