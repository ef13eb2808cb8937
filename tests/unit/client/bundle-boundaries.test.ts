import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const CLIENT = fileURLToPath(new URL('../../../client', import.meta.url))

function sources (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.(ts|svelte)$/.test(entry.name) ? [path] : []
  })
}

describe('what the browser bundle may import from the domain', () => {
  // The domain's index and its command handlers are the server's: a browser that imported them would
  // carry every handler in the bundle each page downloads (see the weight case in bench/README.md).
  it('never the index, the command table or the handlers', () => {
    const offenders = sources(CLIENT).filter((file) =>
      /from '[^']*shared\/domain\/(index|apply|create-meeting|commands\/[^']+)\.ts'/.test(readFileSync(file, 'utf8')))
    expect(offenders.map((file) => relative(CLIENT, file))).toEqual([])
  })
})
