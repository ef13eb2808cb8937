import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const CLIENT = fileURLToPath(new URL('../../../client', import.meta.url))

// What the bundle may import from the domain (never the server's handlers) is a never of
// tests/unit/architecture.test.ts; this file follows chains of imports to the packages they reach.

/** The packages a module reaches through static imports (not `import()`, which loads a chunk later). */
function packagesReached (entries: readonly string[]): Map<string, string> {
  const reached = new Map<string, string>()
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const [, specifier] of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
      if (specifier === undefined) continue
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier))
      else if (!reached.has(specifier)) reached.set(specifier, relative(ROOT, file))
    }
  }
  for (const entry of entries) visit(entry)
  return reached
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

describe('what every page but setup downloads', () => {
  // zod validates on the server (and in the setup wizard, which has its own chunk): in the page every
  // screen and phone loads it would weigh about a fifth of the delegation view's 100 KB.
  it('carries no schema library, through any chain of static imports', () => {
    const views = ['AudienceView', 'ScreenView', 'ChairView', 'NotesView', 'ReportView'].map((view) => join(CLIENT, 'views', `${view}.svelte`))
    const reached = packagesReached([join(CLIENT, 'main.ts'), join(CLIENT, 'MeetingRoot.svelte'), ...views])
    expect(reached.has('yjs'), 'the walk follows the imports').toBe(true)
    expect(reached.get('zod'), 'imported (first) from this file').toBeUndefined()
  })
})
