// The first start prints the admin token and the demo meeting's links; later starts point to
// links.json instead, so a terminal's scrollback or a service's log gets each token once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from '../support/server-process.ts'

describe('tokens printed at start', () => {
  let dataDir: string
  let server: ServerProcess | undefined
  afterEach(async () => {
    await server?.kill()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('are printed on the first start only; the second start names links.json', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rostrum-print-once-'))
    server = await spawnServer({ ROSTRUM_DATA_DIR: dataDir })
    const first = server.output()
    const secrets = JSON.parse(readFileSync(join(dataDir, 'links.json'), 'utf8')) as { adminToken: string; demo: { tokens: { chair: string } } }
    expect(first).toContain(`Admin token (creates meetings): ${secrets.adminToken}`)
    expect(first).toContain(`#token=${secrets.demo.tokens.chair}`)
    await server.kill()

    server = await spawnServer({ ROSTRUM_DATA_DIR: dataDir })
    const second = server.output()
    expect(second).not.toContain(secrets.adminToken)
    expect(second).not.toContain(secrets.demo.tokens.chair)
    expect(second).not.toContain('#token=')
    expect(second).toContain(`${join(dataDir, 'links.json')} (printed on the first start only)`)
    const meetings = await fetch(`${server.url}/api/meetings`, { headers: { authorization: `Bearer ${secrets.adminToken}` } })
    expect(meetings.status).toBe(200)
  }, 60_000)
})
