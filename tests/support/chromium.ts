import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserServer, type LaunchOptions } from 'playwright-core'

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

function launchOptions (): LaunchOptions {
  return {
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
  }
}

/** A Chromium of this process's own (the benchmarks', or a test run outside the browser project). */
export function launchBrowser (): Promise<Browser> {
  return chromium.launch(launchOptions())
}

/** The run's one Chromium, which each test file reaches with `connectBrowser` (tests/support/global-setup.ts). */
export function launchBrowserServer (): Promise<BrowserServer> {
  return chromium.launchServer(launchOptions())
}

/** Connects to the run's Chromium; closing what this returns closes only this file's contexts. */
export function connectBrowser (endpoint: string): Promise<Browser> {
  return chromium.connect(endpoint)
}
