// The domain runs in the server, the browser and the tests alike: it never reads the wall clock or
// randomness. What it may import (only itself and fractional-indexing) is the first never of
// tests/unit/architecture.test.ts, which checks every layer with one import scanner.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DOMAIN_ERROR_CODES } from '../../../shared/domain/index.ts'

const here = dirname(fileURLToPath(import.meta.url))
const domainRoot = resolve(here, '../../../shared/domain')

function tsFilesUnder (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return tsFilesUnder(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

describe('shared/domain purity', () => {
  const files = tsFilesUnder(domainRoot)

  it('finds the domain files, subfolders included', () => {
    expect(files.map((file) => relative(domainRoot, file))).toEqual(
      expect.arrayContaining(['apply.ts', 'order.ts', 'analytics.ts', join('commands', 'floor.ts')])
    )
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
