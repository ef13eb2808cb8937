// What `npm start` and the benchmarks run is built (scripts/builds.mjs): these builds must succeed from
// the sources as they are, and the built server must start and answer, as on a fresh machine.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureBuilt, SERVER_NODE_FLAGS } from '../../scripts/builds.mjs'

const quiet = (): void => {}

describe('the Node builds', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => { for (const cleanup of cleanups.splice(0)) cleanup() })

  it('builds the server, which starts on a fresh data dir and answers /healthz', async () => {
    const { server: serverModule } = await ensureBuilt(['server'], { force: true, log: quiet })
    const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-built-'))
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, serverModule], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ROSTRUM_DATA_DIR: dataDir, ROSTRUM_DEMO: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    cleanups.push(() => { child.kill('SIGKILL'); rmSync(dataDir, { recursive: true, force: true }) })
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let printed = ''
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString()
        const match = /Rostrum is running at (http:\/\/\S+)/.exec(printed)
        if (match !== null) resolve(match[1]!)
      })
      child.on('exit', (code) => reject(new Error(`the built server exited (${code}) before it was ready`)))
    })
    const response = await fetch(`${baseUrl}/healthz`)
    expect(response.status).toBe(200)
  })

  it('loads PostgreSQL\'s and Redis\'s clients only in the multi-node mode: nothing the server imports at start imports them', async () => {
    const { server: serverModule } = await ensureBuilt(['server'], { log: quiet })
    const loadedAtStart = staticImportClosure(serverModule)
    expect(loadedAtStart.modules.length).toBeGreaterThan(0)
    expect(loadedAtStart.packages).toContain('express')
    expect(loadedAtStart.packages).not.toContain('pg')
    expect(loadedAtStart.packages).not.toContain('ioredis')
    // They are there, in the chunk the multi-node mode imports when it is configured.
    const cluster = readFileSync(join(dirname(serverModule), loadedAtStart.dynamic.find((chunk) => chunk.includes('start-cluster'))!), 'utf8')
    expect(cluster).toMatch(/from "pg"/)
    expect(cluster).toMatch(/from "ioredis"/)
  })

  it('builds the benchmarks\' clients and worker processes', async () => {
    const built = await ensureBuilt(['bench-clients', 'bench-workers'], { force: true, log: quiet })
    expect(existsSync(built['bench-clients'])).toBe(true)
    for (const worker of ['chair-worker', 'observer-worker', join('workers', 'fleet-worker')]) {
      expect(existsSync(join(built['bench-workers'], '..', `${worker}.mjs`)), worker).toBe(true)
    }
  })
})

/**
 * The modules a built entry imports statically, followed through the chunks it imports: what Node loads
 * before the server's code runs. `import()` calls are listed apart (they load only when reached).
 */
function staticImportClosure (entry: string): { modules: string[]; packages: string[]; dynamic: string[] } {
  const modules: string[] = []
  const packages = new Set<string>()
  const dynamic = new Set<string>()
  const visit = (file: string): void => {
    if (modules.includes(file)) return
    modules.push(file)
    const source = readFileSync(file, 'utf8')
    for (const [, specifier] of source.matchAll(/^\s*(?:import|export)\s[^;]*?\bfrom\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm)) {
      if (specifier === undefined) continue
      if (specifier.startsWith('./')) visit(join(dirname(file), specifier))
      else packages.add(specifier.split('/')[0]!.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!)
    }
    for (const [, specifier] of source.matchAll(/\bimport\("(\.\/[^"]+)"\)/g)) dynamic.add(specifier!)
  }
  visit(entry)
  return { modules, packages: [...packages], dynamic: [...dynamic] }
}
