// Gzip weight of each view: the client built as production builds it (vite.config.ts, plus a
// manifest), then per route the JS and CSS a first visit downloads: the entry chunk and its static
// imports, the route's view chunk (MeetingRoot/App import each view lazily) and its static imports,
// and the lazy modules the route loads at once. Gzip at zlib's default level, as the server's
// `compression` middleware sends it. `npm run bench -- --case weight`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { PROJECT_ROOT, onExit, runCase } from '../lib/case-main.ts'
import { goal, kb, type CaseOutcome } from '../lib/case-report.ts'

const { values } = parseArgs({ args: process.argv.slice(2), options: { language: { type: 'string', default: 'en' }, out: { type: 'string' } } })
/** A visitor's language: its catalogue counts where the client loads catalogues lazily. */
const LANGUAGE = values.language
/** Manifest keys of lazily loaded language catalogues, e.g. "i18n/fr/index.ts". */
const CATALOGUE = /^i18n\/([a-z]{2})\/index\.ts$/

interface ManifestChunk {
  readonly file: string
  readonly css?: readonly string[]
  readonly imports?: readonly string[]
  readonly dynamicImports?: readonly string[]
}
type Manifest = Readonly<Record<string, ManifestChunk>>

/** Route → the lazy modules (manifest keys, relative to client/) it loads on a first visit. */
const ROUTES: Readonly<Record<string, readonly string[]>> = {
  chair: ['views/ChairView.svelte'],
  delegation: ['views/AudienceView.svelte'],
  public: ['views/AudienceView.svelte'],
  screen: ['views/ScreenView.svelte'],
  // The note-taker's page also keeps the notes offline (IndexedDB and the service worker).
  notes: ['views/NotesView.svelte', 'lib/notes-offline.ts'],
  report: ['views/ReportView.svelte'],
  setup: ['views/SetupView.svelte']
}
const GOAL_DELEGATION_KB = 100

/** Every file a chunk needs before it runs: itself, its CSS, its static imports, recursively. */
function closure (manifest: Manifest, keys: readonly string[]): Set<string> {
  const files = new Set<string>()
  const seen = new Set<string>()
  const visit = (key: string): void => {
    if (seen.has(key)) return
    seen.add(key)
    const chunk = manifest[key]
    if (chunk === undefined) throw new Error(`no chunk "${key}" in the build manifest: has the client's routing changed? (bench/cases/weight.ts ROUTES)`)
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  keys.forEach(visit)
  return files
}

async function run (): Promise<CaseOutcome> {
  const outDir = mkdtempSync(join(tmpdir(), 'rostrum-bench-weight-'))
  onExit(() => rmSync(outDir, { recursive: true, force: true }))
  await build({ configFile: join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } })
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest
  const entry = Object.entries(manifest).find(([, chunk]) => (chunk as { isEntry?: boolean }).isEntry === true)?.[0]
  if (entry === undefined) throw new Error('the build manifest has no entry')

  const sizes = new Map<string, { raw: number; gzip: number }>()
  const size = (file: string): { raw: number; gzip: number } => {
    let known = sizes.get(file)
    if (known === undefined) {
      const bytes = readFileSync(join(outDir, file))
      known = { raw: bytes.byteLength, gzip: gzipSync(bytes).byteLength }
      sizes.set(file, known)
    }
    return known
  }
  const catalogues = Object.keys(manifest).filter((key) => CATALOGUE.test(key))
  const ownCatalogue = catalogues.filter((key) => CATALOGUE.exec(key)?.[1] === LANGUAGE)
  const routes = Object.entries(ROUTES).map(([route, lazy]) => {
    const files = [...closure(manifest, [entry, ...ownCatalogue, ...lazy])].sort()
    const sum = (ext: string, pick: 'raw' | 'gzip'): number => files.filter((f) => f.endsWith(ext)).reduce((total, f) => total + size(f)[pick], 0)
    return { route, files, jsGzip: sum('.js', 'gzip'), cssGzip: sum('.css', 'gzip'), jsRaw: sum('.js', 'raw'), cssRaw: sum('.css', 'raw') }
  })
  const entryOnly = [...closure(manifest, [entry])]
  const entryGzip = entryOnly.reduce((total, f) => total + size(f).gzip, 0)
  const delegation = routes.find((r) => r.route === 'delegation')!
  const delegationKB = (delegation.jsGzip + delegation.cssGzip) / 1024
  // What a visitor in another language downloads on top of the delegation view.
  const otherLanguages = catalogues.filter((key) => !ownCatalogue.includes(key)).map((key) => {
    const extra = [...closure(manifest, [key])].filter((file) => !delegation.files.includes(file))
    return { language: CATALOGUE.exec(key)?.[1] ?? key, gzip: extra.reduce((total, f) => total + size(f).gzip, 0) }
  })

  return {
    title: `Rostrum gzip weight per view: JS + CSS a first visit in "${LANGUAGE}" downloads (vite build, gzip level 6 as served; the shared entry alone is ${kb(entryGzip)} KB)`,
    rows: [
      ['route', 'JS + CSS gzip KB   (JS / CSS gzip; raw KB)'],
      ...routes.map((r) => [r.route, `${kb(r.jsGzip + r.cssGzip).padStart(6)}   (${kb(r.jsGzip)} / ${kb(r.cssGzip)}; raw ${kb(r.jsRaw + r.cssRaw)})` +
        (r.route === 'delegation' ? `  ${goal(delegationKB, GOAL_DELEGATION_KB, ' KB')}` : '')] as const),
      ...(otherLanguages.length > 0 ? [['other languages', `+ ${otherLanguages.map((l) => `${l.language} ${kb(l.gzip)}`).join(', ')} KB gzip (catalogues loaded lazily)`] as const] : [])
    ],
    problems: [],
    json: { language: LANGUAGE, goalDelegationKB: GOAL_DELEGATION_KB, delegationKB, entry, entryGzip, routes, otherLanguages, files: Object.fromEntries(sizes) }
  }
}

runCase({ name: 'weight', budgetMs: 300_000, out: values.out ?? null, run })
