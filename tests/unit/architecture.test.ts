// The nevers of docs/architecture.md ("Layers"), checked over every source file of the tree: a new
// import that crosses a layer fails here, naming the file, what it imports and the never it breaks.
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SCANNED_FOLDERS = ['server', 'client', 'shared', 'tests', 'bench', 'scripts']
const SOURCE_FILE = /\.(ts|mts|js|mjs|svelte)$/

/** A source file: its path from the repository root (with `/`), its script (a `.svelte` file's `<script>` blocks) and what it imports. */
interface SourceFile { path: string; text: string; imports: string[] }

/** What a file reaches for: the import's target, or a call that reads the Yjs layout by name. */
interface Finding { file: string; found: string }

interface Never {
  name: string
  /** The files the never applies to. */
  appliesTo: (path: string) => boolean
  /** What, in one of those files, breaks it. */
  find: (file: SourceFile) => string[]
}

/** A violation that exists today, to be removed by the work named in its reason, not a licence for more. */
interface KnownViolation extends Finding { reason: string }

/** The `<script>` blocks of a Svelte component (instance and module); other files are all script. */
function scriptOf (path: string, text: string): string {
  if (!path.endsWith('.svelte')) return text
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '').join('\n')
}

/**
 * Every module specifier, from TypeScript's syntax tree: static, type-only, re-exports (`export * as` too,
 * which `ts.preProcessFile` misses), side effects, `import()`, `require()` and `import('x').T` types.
 */
function specifiersOf (script: string): string[] {
  const specifiers: string[] = []
  const literal = (node: ts.Node | undefined): void => {
    if (node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) specifiers.push(node.text)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier)
    else if (ts.isExternalModuleReference(node)) literal(node.expression)
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal)
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) literal(node.arguments[0])
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile('scanned.ts', script, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS))
  return specifiers
}

/** A relative specifier becomes the repository path it points at; a package stays its name. */
function targetOf (importer: string, specifier: string): string {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier
  return relative(ROOT, resolve(ROOT, dirname(importer), specifier)).split(sep).join('/')
}

const under = (...folders: string[]) => (path: string): boolean => folders.some((folder) => path === folder || path.startsWith(`${folder}/`))
/** `yjs` names `yjs` and `yjs/anything`. */
const packages = (...names: string[]) => (target: string): boolean => names.some((name) => target === name || target.startsWith(`${name}/`))
const isNodeBuiltin = (target: string): boolean => target.startsWith('node:') || builtinModules.includes(target.split('/')[0] ?? '')

const YJS = packages('yjs', 'y-protocols', 'y-indexeddb', 'lib0')
const TRANSPORTS = packages('socket.io', 'socket.io-client', 'ws')
const VIEWS = under('client/views', 'client/components')

function importsThat (breaks: (target: string) => boolean) {
  return (file: SourceFile): string[] => file.imports.filter(breaks)
}

/** Reading a shared type of the Yjs documents by its name is knowing their layout. */
const LAYOUT_READ = /\.(?:getMap|getText|getArray|getXmlFragment|getXmlElement)\s*(?:<[^>()]*>)?\(\s*[^)]*\)/g

const NEVERS: readonly Never[] = [
  {
    name: 'shared/domain imports nothing but itself and fractional-indexing (no Yjs, transport, Svelte, Node or DOM)',
    appliesTo: under('shared/domain'),
    find: importsThat((target) => target !== 'fractional-indexing' && !under('shared/domain')(target))
  },
  {
    name: 'shared/doc imports only shared/domain among the layers (the layout sits under the protocol and the clients)',
    appliesTo: under('shared/doc'),
    find: importsThat((target) => under(...SCANNED_FOLDERS)(target) && !under('shared/domain', 'shared/doc')(target))
  },
  {
    name: 'shared/roster and shared/concept-note import nothing else of shared/ but shared/domain (reference data and parsing)',
    appliesTo: under('shared/roster', 'shared/concept-note'),
    find: (file) => importsThat((target) => under('shared')(target) && !under('shared/domain', file.path.split('/').slice(0, 2).join('/'))(target))(file)
  },
  {
    name: 'shared/protocol never imports shared/doc or shared/client (the wire says what, not how it is stored or synced)',
    appliesTo: under('shared/protocol'),
    find: importsThat(under('shared/doc', 'shared/client'))
  },
  {
    name: 'shared/ never imports server/, client/, tests/, bench/ or scripts/',
    appliesTo: under('shared'),
    find: importsThat(under('server', 'client', 'tests', 'bench', 'scripts'))
  },
  {
    name: 'shared/ and client/ never import a Node built-in (they run in the browser)',
    appliesTo: under('shared', 'client'),
    find: importsThat(isNodeBuiltin)
  },
  {
    name: 'in shared/ and client/, only shared/client imports a transport (socket.io, socket.io-client, ws)',
    appliesTo: under('shared', 'client'),
    find: (file) => under('shared/client')(file.path) ? [] : importsThat(TRANSPORTS)(file)
  },
  {
    name: 'client/ and shared/client never import the domain\'s index, apply.ts, create-meeting.ts or commands/ (the server\'s handlers would weigh on every page)',
    appliesTo: under('client', 'shared/client'),
    find: importsThat((target) => ['shared/domain/index.ts', 'shared/domain/apply.ts', 'shared/domain/create-meeting.ts'].includes(target) || under('shared/domain/commands')(target))
  },
  {
    name: 'server/ never imports client/, and client/ never imports server/',
    appliesTo: under('server', 'client'),
    find: (file) => importsThat(under(under('server')(file.path) ? 'client' : 'server'))(file)
  },
  {
    name: 'server/, client/ and shared/ never import tests/, bench/ or scripts/',
    appliesTo: under('server', 'client', 'shared'),
    find: importsThat(under('tests', 'bench', 'scripts'))
  },
  {
    name: 'views (client/views, client/components) import neither Yjs nor a transport: no yjs, y-protocols, y-indexeddb, lib0, socket.io-client, ws, shared/client or shared/doc',
    appliesTo: VIEWS,
    find: importsThat((target) => YJS(target) || TRANSPORTS(target) || under('shared/client', 'shared/doc')(target))
  },
  {
    name: 'only shared/doc reads the Yjs documents by name (getMap, getText, getArray, getXmlFragment, getXmlElement)',
    appliesTo: (path) => under('server', 'client', 'shared', 'bench', 'scripts')(path) && !under('shared/doc')(path),
    find: (file) => [...file.text.matchAll(LAYOUT_READ)].map((match) => match[0].replace(/^\./, ''))
  },
  {
    name: 'in server/, only server/cluster and the PostgreSQL store (server/store/pg-*.ts, postgres-now.ts) import pg or ioredis: the embedded default never loads them',
    appliesTo: (path) => under('server')(path) && !under('server/cluster')(path) && !/^server\/store\/(pg-[a-z-]+|postgres-now)\.ts$/.test(path),
    find: importsThat(packages('pg', 'ioredis'))
  },
  {
    name: 'server/rooms never imports server/cluster (a room sees the other nodes through RoomCluster only)',
    appliesTo: under('server/rooms'),
    find: importsThat(under('server/cluster'))
  },
  {
    name: 'only browser-side tests (tests/unit/client, tests/e2e) import from client/',
    appliesTo: (path) => under('tests')(path) && !under('tests/unit/client', 'tests/e2e')(path),
    find: importsThat(under('client'))
  },
  {
    name: 'no test imports a .svelte component (views are tested in a real browser, sessions as classes)',
    appliesTo: under('tests'),
    find: importsThat((target) => target.endsWith('.svelte'))
  }
]

// Each line goes when the work in its reason lands; the last test below fails on a line that is stale.
// None today: the views read the session only and the bench harnesses read through shared/doc (issue 16).
const KNOWN_VIOLATIONS: readonly KnownViolation[] = []

function sourceFiles (folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path)
    return SOURCE_FILE.test(entry.name) ? [path] : []
  })
}

function readTree (): SourceFile[] {
  return SCANNED_FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder))).map((absolute) => {
    return sourceFile(relative(ROOT, absolute).split(sep).join('/'), readFileSync(absolute, 'utf8'))
  })
}

function sourceFile (path: string, source: string): SourceFile {
  const text = scriptOf(path, source)
  return { path, text, imports: specifiersOf(text).map((specifier) => targetOf(path, specifier)) }
}

const TREE = readTree()

const isKnown = (finding: Finding): boolean =>
  KNOWN_VIOLATIONS.some((known) => known.file === finding.file && known.found === finding.found)

/** What breaks the never, known violations left out, as `file → found` lines. */
function breaches (never: Never, files: readonly SourceFile[]): string[] {
  return files.filter((file) => never.appliesTo(file.path))
    .flatMap((file) => never.find(file).map((found) => ({ file: file.path, found })))
    .filter((finding) => !isKnown(finding))
    .map((finding) => `${finding.file} → ${finding.found}`)
}

describe('the import scanner', () => {
  it('reads every kind of import, including from a Svelte component\'s scripts', () => {
    const component = [
      '<script module lang="ts">',
      "  export { helper } from './helper.ts'",
      '</script>',
      '<script lang="ts">',
      "  import type * as Y from 'yjs'",
      "  import {\n    a,\n    b\n  } from '../../shared/client/rostrum-client.ts'",
      "  import 'side-effect'",
      "  const lazy = import('./Lazy.svelte')",
      '</script>',
      "<p>import x from 'not-a-script'</p>"
    ].join('\n')
    expect(sourceFile('client/views/Sample.svelte', component).imports.sort()).toEqual([
      'client/views/Lazy.svelte', 'client/views/helper.ts', 'shared/client/rostrum-client.ts', 'side-effect', 'yjs'
    ])
    expect(specifiersOf("import x = require('ws')\nexport * as z from 'lib0/encoding'\ntype T = import('y-protocols/sync').T\nconst s = \"import 'yjs'\"").sort()).toEqual(['lib0/encoding', 'ws', 'y-protocols/sync'])
  })

  it('walks the whole tree, and reads imports that the layers really have', () => {
    const files = TREE
    const paths = files.map((file) => file.path)
    expect(paths).toEqual(expect.arrayContaining([
      'shared/domain/apply.ts', 'shared/domain/commands/floor.ts', 'client/views/ChairView.svelte', 'server/app.ts', 'bench/peers-adapter.mjs', 'tests/support/server.ts'
    ]))
    const reaches = (path: string): string[] => files.find((candidate) => candidate.path === path)?.imports ?? []
    expect(reaches('client/lib/text-binding.ts')).toContain('yjs')
    expect(reaches('client/views/ChairView.svelte')).toContain('client/components/chair/FloorControls.svelte')
    expect(reaches('shared/client/rostrum-client.ts')).toContain('socket.io-client')
  })

  it('reports a new violation, naming the file, what it imports and which never it breaks', () => {
    const view = sourceFile('client/components/NewPanel.svelte', "<script lang=\"ts\">\n  import { io } from 'socket.io-client'\n  import * as Y from 'yjs'\n</script>")
    const viewsNever = NEVERS.find((never) => never.appliesTo(view.path) && never.name.startsWith('views'))
    expect(viewsNever && breaches(viewsNever, [view])).toEqual(['client/components/NewPanel.svelte → socket.io-client', 'client/components/NewPanel.svelte → yjs'])
    const domain = sourceFile('shared/domain/new-rule.ts', "import { z } from 'zod'\nimport { order } from './order.ts'\nimport { key } from 'fractional-indexing'")
    expect(NEVERS.flatMap((never) => never.appliesTo(domain.path) ? breaches(never, [domain]) : [])).toEqual(['shared/domain/new-rule.ts → zod'])
    const server = sourceFile('server/rooms/peek.ts', "const floor = doc.getMap<unknown>('floor')")
    expect(NEVERS.flatMap((never) => never.appliesTo(server.path) ? breaches(never, [server]) : [])).toEqual(["server/rooms/peek.ts → getMap<unknown>('floor')"])
  })

  it('tells a Node built-in from a package', () => {
    expect(isNodeBuiltin('node:fs') && isNodeBuiltin('fs/promises') && !isNodeBuiltin('fractional-indexing')).toBe(true)
  })
})

describe('the layers keep their nevers (docs/architecture.md)', () => {
  const files = TREE

  it.each(NEVERS.map((never) => [never.name, never]))('%s', (_name, never) => {
    expect(breaches(never, files)).toEqual([])
  })

  it('docs/architecture.md states every never checked here, word for word', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8')
    expect(NEVERS.map((never) => never.name).filter((name) => !doc.includes(`- ${name}\n`))).toEqual([])
  })

  it('every known violation is still there (delete its line once the code is fixed)', () => {
    const stale = KNOWN_VIOLATIONS.filter((known) => {
      const file = files.find((candidate) => candidate.path === known.file)
      return file === undefined || !NEVERS.some((never) => never.appliesTo(file.path) && never.find(file).includes(known.found))
    })
    expect(stale.map((known) => `${known.file} → ${known.found}`)).toEqual([])
  })
})
