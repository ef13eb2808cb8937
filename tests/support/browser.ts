import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest'
import { startJitterProxy, type JitterProxy } from '../../bench/lib/jitter-proxy.ts'
import { startTestServer, type TestServer } from './server.ts'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
/** Screenshots land here (git-ignored), for a person to look at. */
export const artifactsDir = join(repoRoot, 'test-artifacts')

/** Builds the client as production would, into a fresh temporary directory; returns it. */
export async function buildClient (): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'rostrum-client-'))
  await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  return outDir
}

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. */
export function chromiumPath (): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/**
 * Whether the browser tests can run here. Locally a missing browser skips them with a loud warning;
 * under CI=true it is a failure, so a broken CI image can never pass by running no browser test.
 */
export function browserAvailable (): boolean {
  const path = chromiumPath()
  if (existsSync(path)) return true
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but no Chromium at ${path}: install it (apt-get install chromium) or set CHROMIUM_PATH.`)
  }
  const line = '!'.repeat(78)
  console.warn([
    '', line,
    `!!  BROWSER TESTS SKIPPED: no Chromium at ${path}`,
    '!!  Install it with `apt-get install -y chromium fonts-noto-core fonts-noto-cjk`,',
    '!!  or point CHROMIUM_PATH at one. Under CI=true this is a failure.',
    line, ''
  ].join('\n'))
  return false
}

export function launchBrowser (): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic'
    ]
  })
}

declare global {
  interface Window {
    /** The machine's real wall clock, kept by `skewPageClock` before it moves the page's own. */
    __realNowMs?: () => number
  }
}

/**
 * Sets the page's own clocks (`Date.now`, `performance.timeOrigin`) `skewMs` off the machine's, as a
 * badly set laptop would be; `window.__realNowMs()` still reads the real time. Call before `goto`.
 */
export async function skewPageClock (page: Page, skewMs: number): Promise<void> {
  await page.addInitScript((skew: number) => {
    const realDateNow = Date.now.bind(Date)
    const origin = performance.timeOrigin
    window.__realNowMs = realDateNow
    Object.defineProperty(performance, 'timeOrigin', { get: () => origin + skew })
    Date.now = () => realDateNow() + skew
  }, skewMs)
}

export type LatencyProxy = JitterProxy

/**
 * A TCP proxy to `targetUrl` that holds every chunk `latencyMs` in each direction, in order: a slow
 * network for HTTP and WebSocket alike, with a symmetric delay as on most real routes.
 */
export function startLatencyProxy (targetUrl: string, latencyMs: number): Promise<LatencyProxy> {
  return startJitterProxy(targetUrl, latencyMs, 0)
}

/**
 * A built client, a real server and Chromium for the enclosing suite; `open` gives a page in a fresh
 * context that records page errors and CSP violations (checked after each test).
 */
export function useBrowserSuite (options: { viewport?: { width: number; height: number } } = {}) {
  let staticDir: string | null = null
  let server: TestServer | null = null
  let browser: Browser | null = null
  const contexts: BrowserContext[] = []
  const problems: string[] = []
  // Each page is a fresh browser context on a 2-core machine shared with the server: a test that
  // walks several views needs more than the unit tests' 20 s, with room for a busy CI box.
  vi.setConfig({ testTimeout: 60_000 })
  beforeAll(async () => {
    staticDir = await buildClient()
    server = await startTestServer({ staticDir })
    browser = await launchBrowser()
    mkdirSync(artifactsDir, { recursive: true })
  }, 90_000)
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close()
    expect(problems.splice(0)).toEqual([])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.destroy()
    if (staticDir !== null) rmSync(staticDir, { recursive: true, force: true })
  })
  return {
    server: (): TestServer => {
      if (server === null) throw new Error('the browser suite runs only inside its tests')
      return server
    },
    open: async (link: string, locale = 'en-US', contextOptions: BrowserContextOptions = {}): Promise<Page> => {
      if (browser === null) throw new Error('the browser suite runs only inside its tests')
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale, ...contextOptions })
      contexts.push(context)
      const page = await context.newPage()
      page.on('pageerror', (error) => problems.push(`${link}: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`${link}: ${message.text()}`)
      })
      await page.goto(link)
      return page
    }
  }
}

/** `?lang=` goes before the fragment, which carries the token. */
export function withLanguage (link: string, language: string): string {
  const [page = link, fragment = ''] = link.split('#')
  return `${page}?lang=${language}#${fragment}`
}
