// The real entry point refuses an admin token that is weak or cannot travel in a link, with one clear
// line and a non-zero exit, instead of starting with a door anyone opens or no one can.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnServer } from '../support/server-process.ts'

describe('ROSTRUM_ADMIN_TOKEN at start', () => {
  const dirs: string[] = []
  afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }) })
  const start = (token: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-admin-token-'))
    dirs.push(dataDir)
    return spawnServer({ ROSTRUM_DATA_DIR: dataDir, ROSTRUM_ADMIN_TOKEN: token, ROSTRUM_DEMO: '0' })
  }

  it.each([
    ['a common password', 'password12345678', /at least 24 characters/],
    ['a common password, padded long', 'Password1234567890123456789', /too easy to guess/],
    ['one character repeated', 'a'.repeat(40), /too easy to guess/],
    ['base64 with ".+/="', 'k3J.q+9Zx/2LmW8vR4tY6uP0sA1dE5fG==', /only A–Z, a–z, 0–9, "-" and "_"/]
  ])('refuses %s, exiting with a one-line reason', async (_name, token, reason) => {
    const failure = await start(token).then(async (started) => { await started.kill(); return null }, (error: Error) => error.message)
    expect(failure).toMatch(/server exited with 1/)
    expect(failure).toMatch(/Rostrum cannot start: ROSTRUM_ADMIN_TOKEN/)
    expect(failure).toMatch(reason)
    expect(failure).not.toContain(token)
  }, 30_000)

  it('starts with a long random one', async () => {
    const server = await start('Zr4-Kq9_mW2xLp7vTn3bYh8cJd6s')
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    } finally {
      await server.kill()
    }
  }, 30_000)
})
