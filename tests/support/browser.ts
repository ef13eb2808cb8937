import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, BrowserContextOptions, Download, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, inject, vi } from 'vitest'
import { startJitterProxy, type JitterProxy } from '../../bench/lib/jitter-proxy.ts'
import { connectBrowser } from './chromium.ts'
import { repoRoot } from './client-build.ts'
import { startTestServer, type TestServer } from './server.ts'

export { browserAvailable, chromiumPath } from './chromium.ts'
export { buildClient, repoRoot } from './client-build.ts'

/** Screenshots land here (git-ignored), for a person to look at. */
export const artifactsDir = join(repoRoot, 'test-artifacts')

/**
 * The client the run built once (tests/support/global-setup.ts). Only the files of the browser
 * project get it (vitest.config.ts); the directory is shared, so a test never writes into it.
 */
export function builtClientDir (): string {
  const dir = inject('clientDir')
  if (typeof dir !== 'string') throw new Error('no built client: list this test file in the browser project (vitest.config.ts)')
  return dir
}

/** This file's connection to the run's one Chromium; close it when done (the browser stays up for the others). */
export function sharedBrowser (): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint')
  if (typeof endpoint !== 'string') throw new Error('no Chromium for this run: list this test file in the browser project (vitest.config.ts)')
  return connectBrowser(endpoint)
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

/**
 * Stops the page's clock (installed with `page.clock.install()` before the page loaded) a moment
 * ahead of where it stands; from then on its timers and `performance.now()` move only when the test
 * moves them (`page.clock.fastForward`, `runFor`, `resume`).
 */
export async function pausePageClock (page: Page): Promise<void> {
  for (;;) {
    const nowMs = await page.evaluate(() => Date.now())
    try {
      await page.clock.pauseAt(nowMs + 100)
      return
    } catch (error) {
      // The page's time passed the target while the call was on its way (a busy machine): aim again.
      if (!String(error).includes('to the past')) throw error
    }
  }
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
 * The run's built client, a real server and the run's Chromium for the enclosing suite; `open` gives
 * a page in a fresh context that records page errors and CSP violations (checked after each test, when
 * the contexts close); `newPage` gives one not yet navigated, for a test that sets the page's clock or
 * its route first.
 */
export function useBrowserSuite (options: { viewport?: { width: number; height: number } } = {}) {
  let server: TestServer | null = null
  let browser: Browser | null = null
  const contexts: BrowserContext[] = []
  const problems: string[] = []
  // Each page is a fresh browser context on a 2-core machine shared with the server: a test that
  // walks several views needs more than the unit tests' 20 s, with room for a busy CI box.
  vi.setConfig({ testTimeout: 60_000 })
  beforeAll(async () => {
    server = await startTestServer({ staticDir: builtClientDir() })
    browser = await sharedBrowser()
    mkdirSync(artifactsDir, { recursive: true })
  }, 60_000)
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close()
    expect(problems.splice(0)).toEqual([])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.destroy()
  })
  const newPage = async (locale = 'en-US', contextOptions: BrowserContextOptions = {}): Promise<Page> => {
    if (browser === null) throw new Error('the browser suite runs only inside its tests')
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale, ...contextOptions })
    contexts.push(context)
    const page = await context.newPage()
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`)
    })
    return page
  }
  return {
    server: (): TestServer => {
      if (server === null) throw new Error('the browser suite runs only inside its tests')
      return server
    },
    newPage,
    open: async (link: string, locale = 'en-US', contextOptions: BrowserContextOptions = {}): Promise<Page> => {
      const page = await newPage(locale, contextOptions)
      await page.goto(link)
      return page
    }
  }
}

/**
 * What a page downloaded, as text. The browser is the run's, reached over a socket, so the file is
 * streamed from it: `download.path()` answers only for a browser this process launched.
 */
export async function downloadedText (download: Download): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** `?lang=` goes before the fragment, which carries the token. */
export function withLanguage (link: string, language: string): string {
  const [page = link, fragment = ''] = link.split('#')
  return `${page}?lang=${language}#${fragment}`
}
