// The domain runs in the server, the browser and the tests alike: it may import only itself and
// fractional-indexing, and it never reads the wall clock.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DOMAIN_ERROR_CODES } from '../../../shared/domain/index.ts'

const here = dirname(fileURLToPath(import.meta.url))
const domainRoot = resolve(here, '../../../shared/domain')

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return tsFilesUnder(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every module specifier: static imports and re-exports, side-effect imports, dynamic imports. */
function moduleSpecifiers(source: string): string[] {
  const patterns = [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"`]([^'"`]+)['"`]/g]
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''))
}

function isAllowed(file: string, specifier: string): boolean {
  if (specifier === 'fractional-indexing') return true
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return false
  const target = resolve(dirname(file), specifier)
  return !relative(domainRoot, target).startsWith('..')
}

describe('shared/domain purity', () => {
  const files = tsFilesUnder(domainRoot)

  it('finds the domain files, subfolders included', () => {
    expect(files.map((file) => relative(domainRoot, file))).toEqual(
      expect.arrayContaining(['apply.ts', 'order.ts', 'analytics.ts', join('commands', 'floor.ts')])
    )
  })

  it('the import scanner sees every kind of import (so the next test can fail)', () => {
    const specifiers = moduleSpecifiers(`import type { A } from './a.ts'\nimport 'yjs'\nexport * from "../b.ts"\nconst m = await import('node:fs')\nimport {\n  x,\n  y\n} from 'socket.io'`)
    expect(specifiers.sort()).toEqual(['../b.ts', './a.ts', 'node:fs', 'socket.io', 'yjs'])
    expect(isAllowed(join(domainRoot, 'x.ts'), '../protocol/index.ts')).toBe(false)
    expect(isAllowed(join(domainRoot, 'commands', 'x.ts'), '../order.ts')).toBe(true)
  })

  it.each(files.map((file) => [relative(domainRoot, file), file]))('%s imports only the domain and fractional-indexing', (_name, file) => {
    const bad = moduleSpecifiers(readFileSync(file, 'utf8')).filter((specifier) => !isAllowed(file, specifier))
    expect(bad).toEqual([])
  })

  it.each(files.map((file) => [relative(domainRoot, file), file]))('%s never reads the wall clock or randomness', (_name, file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(/)
  })
})

describe('error codes', () => {
  it.each(DOMAIN_ERROR_CODES)('%s is asserted by some domain test', (errorCode) => {
    const tests = readdirSync(here)
      .filter((name) => name.endsWith('.test.ts') && name !== 'purity.test.ts')
      .map((name) => readFileSync(join(here, name), 'utf8'))
    expect(tests.some((source) => source.includes(`'${errorCode}'`))).toBe(true)
  })
})
