import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { MeetingLinks } from '../../shared/protocol/api.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { elapsedMs, nextWaitingSpeaker, waitingQueue, type CommandPayloads, type CommandType } from '../../shared/domain/index.ts'
import {
  artifactsDir,
  browserAvailable,
  skewPageClock,
  startLatencyProxy,
  type LatencyProxy,
  useBrowserSuite
} from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

const FULL_HD = { width: 1920, height: 1080 }

interface PageOptions {
  readonly locale?: string
  readonly viewport?: { width: number; height: number }
  /** The page's own clock is this far off the machine's. */
  readonly skewMs?: number
  /** Reach the server through a proxy that delays every packet this much each way. */
  readonly latencyMs?: number
}

/** `?lang=` and other options go before the fragment, which carries the token. */
function withQuery (link: string, query: string): string {
  const [page = link, fragment = ''] = link.split('#')
  return `${page}?${query}#${fragment}`
}

const clockAttribute = (page: Page, name: string) => page.getByTestId('clock').getAttribute(name)

describe.skipIf(!browserAvailable())('the chamber screen and the clock, in Chromium against a real server', () => {
  const suite = useBrowserSuite()
  const clients: RostrumClient[] = []
  const proxied: { page: Page; proxy: LatencyProxy }[] = []

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    // The page goes before its proxy, so it never sees its link cut as a test ends.
    for (const { page, proxy } of proxied.splice(0)) {
      await page.context().close()
      await proxy.close()
    }
  })

  async function open (link: string, options: PageOptions = {}): Promise<Page> {
    const page = await suite.newPage(options.locale ?? 'en-US', options.viewport === undefined ? {} : { viewport: options.viewport })
    await skewPageClock(page, options.skewMs ?? 0)
    if (options.latencyMs === undefined) {
      await page.goto(link)
    } else {
      // DevTools' network emulation delays requests but not WebSocket frames, where the clock pings travel.
      const proxy = await startLatencyProxy(suite.server().url, options.latencyMs)
      proxied.push({ page, proxy })
      await page.goto(link.replace(suite.server().url, proxy.url))
    }
    return page
  }

  /** The demo meeting, opened by a headless chair with the first speaker on the floor. */
  async function meetingInSession (): Promise<{ links: MeetingLinks; chair: RostrumClient }> {
    const server = suite.server()
    const created = await seedMeeting(server, demoMeeting())
    const chair = await connect(server, created.tokens.chair, clients)
    await command(chair, 'meeting:open', {})
    await callNext(chair)
    return { links: meetingLinks(server.url, created), chair }
  }

  async function command<T extends CommandType> (chair: RostrumClient, type: T, payload: CommandPayloads[T]): Promise<void> {
    const ack = await chair.command(type, payload)
    expect(ack, type).toMatchObject({ ok: true })
  }

  async function callNext (chair: RostrumClient): Promise<string> {
    const next = chair.state === null ? null : nextWaitingSpeaker(chair.state)
    if (next === null) throw new Error('no one is waiting')
    await command(chair, 'floor:next', { expectedSpeakerId: next.id })
    return next.name
  }

  // Playwright's own deadline: a page back from offline reconnects after a backoff a busy machine stretches.
  const speakerName = (page: Page, name: string) =>
    page.getByTestId('current-speaker-name').filter({ hasText: name }).waitFor()

  it('two pages agree on the clock to within 100 ms, one of them slow and with its own clock 4 s off', async () => {
    const { links } = await meetingInSession()
    const slow = await open(links.screen, { skewMs: 4000, latencyMs: 80, viewport: FULL_HD })
    const fast = await open(links.public)
    for (const page of [slow, fast]) {
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="clock"]')?.getAttribute('data-elapsed-ms')) > 0)
    }
    // Each page's estimate is off by at most half the round trip it rests on, which the page shows. A
    // page's first estimate comes from its hello, whose answer a busy page may only read late; its pings
    // follow within seconds. Wait until both estimates rest on round trips that bound their errors
    // well inside the 100 ms asked of the pair: under 250 ms on the slow page, 60 ms on the fast one.
    const roundTripUnder = (page: Page, limitMs: number) => page.waitForFunction((limit) => {
      const rtt = document.querySelector('[data-testid="clock-sync"]')?.getAttribute('data-rtt-ms')
      return rtt !== null && rtt !== undefined && Number(rtt) < limit
    }, limitMs, { timeout: 10_000 })
    await Promise.all([roundTripUnder(slow, 250), roundTripUnder(fast, 60)])
    // The delay reaches the socket: the slow page's estimate rests on round trips of 160 ms or more.
    expect(Number(await slow.getByTestId('clock-sync').getAttribute('data-rtt-ms'))).toBeGreaterThanOrEqual(160)

    // Read in an animation frame (after the session's own frame callback has rendered), paired with the
    // machine's real time; a reading moved to a common real instant must be the same on both pages.
    const read = (page: Page) => page.evaluate(() => new Promise<{ shownMs: number; atMs: number }>((resolve) => {
      requestAnimationFrame(() => resolve({
        shownMs: Number(document.querySelector('[data-testid="clock"]')?.getAttribute('data-elapsed-ms')),
        atMs: window.__realNowMs?.() ?? Number.NaN
      }))
    }))
    const differences: number[] = []
    for (let round = 0; round < 7; round++) {
      const [a, b] = await Promise.all([read(slow), read(fast)])
      differences.push(Math.abs((a.shownMs - a.atMs) - (b.shownMs - b.atMs)))
    }
    // The median: one frame dropped by a busy test machine is not a disagreement between the clocks.
    const median = [...differences].sort((x, y) => x - y)[Math.floor(differences.length / 2)]
    expect(median, `differences ${differences.join(', ')} ms`).toBeLessThan(100)
  })

  it('a page that was offline while the chair called twice and paused catches up when it returns', async () => {
    const { links, chair } = await meetingInSession()
    const page = await open(links.screen, { viewport: FULL_HD })
    const first = chair.state?.timer.statementId ?? null
    expect(first).not.toBeNull()
    await speakerName(page, chair.state!.statements[first!]!.name)

    await page.context().setOffline(true)
    await page.locator('[data-connection="reconnecting"]').waitFor()
    await callNext(chair)
    const third = await callNext(chair)
    await command(chair, 'timer:pause', {})
    const paused = chair.state!.timer
    // Offline for real: nothing of that reached the page.
    expect(await page.getByTestId('current-speaker-name').textContent()).not.toContain(third)

    await page.context().setOffline(false)
    await speakerName(page, third)
    await page.locator('[data-testid="clock"][data-timer="paused"]').waitFor()
    expect(Number(await clockAttribute(page, 'data-elapsed-ms'))).toBe(Math.round(paused.accumulatedMs))
    await page.locator('[data-connection]').waitFor({ state: 'detached' })
  })

  it('shows the next three speakers and how many remain, amber near the limit and red past it', async () => {
    const { links, chair } = await meetingInSession()
    const screen = await open(links.screen, { viewport: FULL_HD })
    const early = await open(withQuery(links.screen, 'amber=60'), { viewport: FULL_HD })
    const waiting = waitingQueue(chair.state!)
    const upNext = screen.getByTestId('up-next').locator('li')
    await screen.getByTestId('remaining-count').and(screen.locator(`[data-count="${waiting.length}"]`)).waitFor()
    expect(await upNext.evaluateAll((items) => items.map((item) => item.querySelector('.name')?.textContent))).toEqual(
      waiting.slice(0, 3).map((speaker) => speaker.name))
    expect(await screen.getByTestId('clock').getAttribute('data-light')).toBe('green')
    await screen.screenshot({ path: join(artifactsDir, 'screen-en.png') })

    // 45 s left: amber only where the link asks for a minute's warning.
    const setRemaining = async (remainingMs: number) => {
      const timer = chair.state!.timer
      await command(chair, 'timer:set-limit', { limitMs: Math.round(elapsedMs(timer, chair.serverNowMs()) + remainingMs) })
    }
    await setRemaining(45_000)
    await early.locator('[data-testid="clock"][data-light="amber"]').waitFor()
    await screen.locator('[data-testid="clock"][data-light="green"][data-timer="running"]').waitFor()

    await setRemaining(20_000)
    await screen.locator('[data-testid="clock"][data-light="amber"]').waitFor()
    expect(await screen.getByTestId('clock-light-label').textContent()).toBe('Time nearly up')
    await screen.screenshot({ path: join(artifactsDir, 'screen-en-amber.png') })

    // A one-second limit: the speaker is already past it.
    await command(chair, 'timer:set-limit', { limitMs: 1000 })
    await screen.locator('[data-testid="clock"][data-light="red"][data-timer="running"]').waitFor()
    expect(await screen.getByTestId('clock-light-label').textContent()).toBe('Time is up')
    // Flashing: the light is animated while the speaker runs on.
    expect(await screen.getByTestId('clock').evaluate((clock) => getComputedStyle(clock).animationName)).not.toBe('none')
  })

  it('announces each new speaker in a live region, in English and in Arabic', async () => {
    const server = suite.server()
    const created = await seedMeeting(server, demoMeeting())
    const links = meetingLinks(server.url, created)
    const chair = await connect(server, created.tokens.chair, clients)
    await command(chair, 'meeting:open', {})
    const english = await open(withQuery(links.screen, 'lang=en'), { viewport: FULL_HD })
    const arabic = await open(withQuery(links.public, 'lang=ar'), { locale: 'ar' })
    const announcement = (page: Page) => page.getByTestId('speaker-announcement')
    for (const page of [english, arabic]) expect(await announcement(page).getAttribute('aria-live')).toBe('polite')
    await english.getByText('No one has the floor').first().waitFor()

    for (let call = 0; call < 2; call++) {
      const name = await callNext(chair)
      for (const [page, expected] of [[english, `Now speaking: ${name}`], [arabic, `يتكلم الآن: ${name}`]] as const) {
        await page.waitForFunction(
          (text) => document.querySelector('[data-testid="speaker-announcement"]')?.textContent?.replace(/\s+/g, ' ').trim() === text,
          expected
        )
      }
    }
    await arabic.screenshot({ path: join(artifactsDir, 'public-ar-live.png'), fullPage: true })
    await english.screenshot({ path: join(artifactsDir, 'screen-en-second-speaker.png') })
  })

  it('fills a 1080p display in Arabic, right to left, with nothing to press; the public page starts with a skip link', async () => {
    const { links, chair } = await meetingInSession()
    const screen = await open(withQuery(links.screen, 'lang=ar'), { viewport: FULL_HD, locale: 'ar' })
    const pub = await open(withQuery(links.public, 'lang=en'))
    await speakerName(screen, chair.state!.statements[chair.state!.timer.statementId!]!.name)
    expect(await screen.evaluate(() => [document.documentElement.dir, document.documentElement.scrollHeight <= innerHeight])).toEqual(['rtl', true])
    expect(await screen.locator('button, input, select, textarea, a[href]').count()).toBe(0)
    for (const part of ['current-speaker', 'clock', 'up-next', 'remaining-count', 'projected-end']) {
      const box = await screen.getByTestId(part).boundingBox()
      expect(box, part).not.toBeNull()
      expect(box!.y + box!.height, `${part} fits the display`).toBeLessThanOrEqual(FULL_HD.height)
      // Not clipped or covered: what is drawn at its centre is the part itself.
      const shown = await screen.getByTestId(part).evaluate((element) => {
        const rect = element.getBoundingClientRect()
        const top = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2)
        return top !== null && element.contains(top)
      })
      expect(shown, `${part} is visible`).toBe(true)
    }
    await command(chair, 'timer:set-limit', { limitMs: 1000 })
    await screen.locator('[data-testid="clock"][data-light="red"]').waitFor()
    await screen.screenshot({ path: join(artifactsDir, 'screen-ar-red.png') })
    await pub.getByTestId('clock').waitFor()
    // By keyboard: the first Tab offers a way past the header, straight to the meeting.
    await pub.keyboard.press('Tab')
    expect(await pub.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await pub.keyboard.press('Enter')
    expect(await pub.evaluate(() => document.activeElement?.id)).toBe('content')
    await pub.screenshot({ path: join(artifactsDir, 'public-en.png'), fullPage: true })
  })
})
