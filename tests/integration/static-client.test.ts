import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtClientDir } from '../support/browser.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

describe('the built client over HTTP', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ staticDir: builtClientDir() })
  })
  afterAll(async () => {
    await server.destroy()
  })

  it('serves the app for meeting links, gzipped, with security headers', async () => {
    const page = await fetch(`${server.url}/m/mtg_x/chair`, { headers: { 'accept-encoding': 'gzip' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    const script = /src="([^"]+\.js)"/.exec(await page.text())?.[1]
    expect(script).toBeDefined()
    const bundle = await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': 'gzip' } })
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-encoding')).toBe('gzip')
  })
})
