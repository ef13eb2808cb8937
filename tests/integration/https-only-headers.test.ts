import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/server.ts'

describe('upgrade-insecure-requests', () => {
  let server: TestServer | undefined
  afterEach(async () => { await server?.destroy() })

  const csp = async (headers: Record<string, string> = {}) =>
    (await fetch(`${server!.url}/healthz`, { headers })).headers.get('content-security-policy') ?? ''

  it('is left out over plain HTTP, so a hall reaching HOST=0.0.0.0 by address still loads every asset', async () => {
    server = await startTestServer()
    const policy = await csp()
    expect(policy).toContain("default-src 'self'")
    expect(policy).not.toContain('upgrade-insecure-requests')
  })

  it('is left out when a client claims HTTPS and no proxy is trusted', async () => {
    server = await startTestServer()
    expect(await csp({ 'x-forwarded-proto': 'https' })).not.toContain('upgrade-insecure-requests')
  })

  it('is sent when a trusted reverse proxy says the request came over HTTPS', async () => {
    server = await startTestServer({ config: { trustProxy: 'loopback' } })
    expect(await csp({ 'x-forwarded-proto': 'https' })).toContain('upgrade-insecure-requests')
    expect(await csp({ 'x-forwarded-proto': 'http' })).not.toContain('upgrade-insecure-requests')
  })
})
