// What `npm start`, `npm run build` and the benchmarks run is built, not compiled on the fly: the
// browser client (vite), the server (esbuild, one ES module beside the client in dist/), and the
// benchmarks' client processes. A build is redone when it is missing or older than any of its sources.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The node flags the built server runs with. */
export { SERVER_NODE_FLAGS } from '../server/node-flags.mjs'

/** Each build's output, the sources it is made from, and how it is made. */
const BUILDS = {
  client: {
    label: 'the browser client',
    output: join(ROOT, 'dist', 'client', 'index.html'),
    sources: ['client', 'shared', 'vite.config.ts', 'package-lock.json'],
    async build () {
      // Imported only when needed: a deployment that ships dist/ may install without vite.
      const { build } = await import('vite')
      await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' })
    }
  },
  server: {
    label: 'the server',
    // dist/server.mjs sits as deep as server/main.ts, so the paths it finds from itself hold for both.
    output: join(ROOT, 'dist', 'server.mjs'),
    sources: ['server', 'shared', 'package-lock.json'],
    // The concept-note import worker beside it: server/concept-notes/import-concept-note.ts loads it from there.
    build: async () => {
      // Split, so what only the multi-node mode loads (server/cluster/start-cluster.ts, with pg and ioredis)
      // is a chunk of its own, imported when configured; one module would import those packages at start.
      // The chunks sit beside server.mjs, as deep, and the last build's are removed first.
      mkdirSync(join(ROOT, 'dist'), { recursive: true })
      for (const file of readdirSync(join(ROOT, 'dist'))) if (/^server-.+-[A-Z0-9]{8}\.mjs(\.map)?$/.test(file)) rmSync(join(ROOT, 'dist', file))
      await bundleForNode({ server: join(ROOT, 'server', 'main.ts') }, {
        outdir: join(ROOT, 'dist'), splitting: true, chunkNames: 'server-[name]-[hash]', outExtension: { '.js': '.mjs' }
      })
      await bundleForNode([join(ROOT, 'server', 'concept-notes', 'import-worker.ts')], { outfile: join(ROOT, 'dist', 'concept-note-worker.mjs') })
    }
  },
  'bench-clients': {
    label: 'the benchmark clients',
    // The headless clients the peers' harness loads into its client processes, as plain JavaScript.
    output: join(ROOT, 'dist', 'bench-clients.mjs'),
    sources: ['shared', join('bench', 'peers-clients.ts'), 'package-lock.json'],
    build: () => bundleForNode([join(ROOT, 'bench', 'peers-clients.ts')], { outfile: join(ROOT, 'dist', 'bench-clients.mjs') })
  },
  'bench-workers': {
    label: 'the benchmark workers',
    // The client processes `npm run bench` forks (bench/lib/worker-channel.ts), each one module.
    output: join(ROOT, 'dist', 'bench-workers', 'observer-worker.mjs'),
    sources: ['shared', join('bench', 'lib'), join('bench', 'workers'), join('bench', 'chair-worker.ts'), join('bench', 'observer-worker.ts'), 'package-lock.json'],
    build: () => bundleForNode(
      ['chair-worker.ts', 'observer-worker.ts', join('workers', 'fleet-worker.ts'), join('workers', 'meeting-load-worker.ts')].map((entry) => join(ROOT, 'bench', entry)),
      { outdir: join(ROOT, 'dist', 'bench-workers'), outbase: join(ROOT, 'bench'), outExtension: { '.js': '.mjs' } })
  }
}

/**
 * A package's JSON file (the roster's country names) goes into the bundle: left external, esbuild would
 * drop its `with { type: 'json' }`, and Node refuses a JSON module without it.
 */
const bundlePackageJson = {
  name: 'bundle-package-json',
  setup (build) {
    build.onResolve({ filter: /^[^./].*\.json$/ }, (args) => ({ path: createRequire(args.importer).resolve(args.path) }))
  }
}

/** Our TypeScript in one module per entry; the packages stay in node_modules, loaded as they are. */
async function bundleForNode (entryPoints, output) {
  const { build } = await import('esbuild')
  await build({
    entryPoints,
    ...output,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [bundlePackageJson],
    sourcemap: 'linked',
    logLevel: 'warning'
  })
}

function newestMtimeMs (path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)))
  return newest
}

function isStale ({ output, sources }) {
  if (!existsSync(output)) return true
  const builtAtMs = statSync(output).mtimeMs
  return sources.some((source) => newestMtimeMs(join(ROOT, source)) > builtAtMs)
}

/** Builds each named output that is missing or stale (all of them with `force`); returns the paths. */
export async function ensureBuilt (names, { force = false, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  for (const name of names) {
    const target = BUILDS[name]
    if (target === undefined) throw new Error(`no build named ${name}`)
    if (!force && !isStale(target)) continue
    log(`Building ${target.label}…`)
    await target.build()
  }
  return Object.fromEntries(names.map((name) => [name, BUILDS[name].output]))
}

// `node scripts/builds.mjs [name…]`: rebuilds the named outputs, or the client and the server.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2)
  await ensureBuilt(names.length > 0 ? names : ['client', 'server'], { force: true })
}
