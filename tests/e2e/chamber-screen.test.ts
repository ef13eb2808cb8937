// The chamber screen when the meeting stops (suspended, adjourned), and its small print in every
// language: read from the back of the room, in Chromium against a real server.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker, type CommandPayloads, type CommandType } from '../../shared/domain/index.ts'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

const FULL_HD = { width: 1920, height: 1080 }
const LANGUAGES = ['en', 'ar', 'fr', 'es', 'ru', 'zh'] as const
const WAIT = { timeout: 20_000 }

/**
 * A fixed-offset zone in which it is now between `hour`:00 and `hour`:59 (`Etc/GMT-5` is UTC+5): the
 * room hours (10:00–13:00, 15:00–18:00) then put "now" where the test needs it, whatever the real hour.
 */
function zoneWhereItIs (hour: number, nowMs = Date.now()): string {
  let offset = (hour - new Date(nowMs).getUTCHours() + 24) % 24
  if (offset > 14) offset -= 24
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
}

/** The contrast ratio (WCAG) between an element's text colour and its own background. */
function contrastOf (page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((element) => {
    const luminance = (css: string) => {
      const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number)
      const channel = (value: number) => {
        const c = value / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    const style = getComputedStyle(element)
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x)
    return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05)
  })
}

describe.skipIf(!browserAvailable())('the chamber screen when the meeting stops, and in six languages', () => {
  const suite = useBrowserSuite({ viewport: FULL_HD })

  async function command<T extends CommandType> (client: RostrumClient, type: T, payload: CommandPayloads[T]): Promise<void> {
    expect(await client.command(type, payload), type).toMatchObject({ ok: true })
  }

  /** The demo meeting opened by a headless chair, its first speaker called, in a zone where it is `hour` o'clock. */
  async function meetingAt (hour: number, clients: RostrumClient[], overrides: Partial<MeetingDescription> = {}) {
    const created = await seedMeeting(suite.server(), { ...demoMeeting(), timeZone: zoneWhereItIs(hour), ...overrides })
    const chair = await connect(suite.server(), created.tokens.chair, clients)
    await command(chair, 'meeting:open', {})
    await callNext(chair)
    return { chair, links: meetingLinks(suite.server().url, created) }
  }

  const callNext = (chair: RostrumClient) => command(chair, 'floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })

  async function suspend (chair: RostrumClient): Promise<void> {
    if (chair.state!.floor.statementId !== null) await command(chair, 'floor:end', {})
    await command(chair, 'meeting:suspend', {})
  }

  const etas = (page: Page) => page.getByTestId('up-next').getByTestId('eta').allTextContents()

  it('a suspension at the lunch break fills the panel, says when the meeting resumes, and times the speakers from then', async () => {
    const clients: RostrumClient[] = []
    try {
      const { chair, links } = await meetingAt(13, clients)
      await suspend(chair)
      const page = await suite.open(withLanguage(links.screen, 'en'))
      const pause = page.getByTestId('meeting-pause')
      await pause.waitFor(WAIT)
      expect(await pause.getAttribute('data-status')).toBe('suspended')
      expect(await pause.locator('h2').textContent()).toBe('Meeting suspended')
      expect(await page.getByTestId('resumes').textContent()).toBe('Resumes at 03:00 PM')
      // No speaker's clock: "Within time · Not started" in green would say the meeting goes on.
      expect(await page.getByTestId('clock').count()).toBe(0)
      // Large and high-contrast: a tenth of the display's height, and AAA contrast.
      expect(await pause.locator('h2').evaluate((h) => parseFloat(getComputedStyle(h).fontSize))).toBeGreaterThanOrEqual(FULL_HD.height / 10)
      expect(await contrastOf(page, 'meeting-pause')).toBeGreaterThanOrEqual(7)
      // The next speaker is expected when the meeting comes back, not before.
      await page.getByTestId('up-next').getByTestId('eta').first().waitFor(WAIT)
      expect((await etas(page))[0]).toBe('about 03:00 PM')
      await page.screenshot({ path: join(artifactsDir, 'screen-en-suspended-lunch.png') })
    } finally {
      for (const client of clients) client.close()
    }
  })

  it('suspended in the evening: it resumes tomorrow, and every time says which day', async () => {
    const clients: RostrumClient[] = []
    try {
      const { chair, links } = await meetingAt(20, clients)
      await suspend(chair)
      const page = await suite.open(withLanguage(links.screen, 'en'))
      await page.getByTestId('meeting-pause').waitFor(WAIT)
      const resumesAtMs = Number(await page.getByTestId('meeting-pause').getAttribute('data-resumes-at-ms'))
      const zone = chair.state!.meeting.timeZone
      const weekday = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: zone }).format(resumesAtMs)
      expect(resumesAtMs).toBeGreaterThan(Date.now())
      expect(await page.getByTestId('resumes').textContent()).toBe(`Resumes ${weekday} at 10:00 AM`)
      await page.getByTestId('up-next').getByTestId('eta').first().waitFor(WAIT)
      for (const eta of await etas(page)) expect(eta).toMatch(new RegExp(`^${weekday}, about `))
      await page.screenshot({ path: join(artifactsDir, 'screen-en-suspended-evening.png') })
    } finally {
      for (const client of clients) client.close()
    }
  })

  it('suspended during a sitting: resumes at the President\'s call, and no times that would only drift', async () => {
    const clients: RostrumClient[] = []
    try {
      const { chair, links } = await meetingAt(11, clients)
      await suspend(chair)
      const page = await suite.open(withLanguage(links.screen, 'en'))
      await page.getByTestId('meeting-pause').waitFor(WAIT)
      expect(await page.getByTestId('resumes').textContent()).toBe('Resumes at the President’s call')
      await page.getByTestId('up-next').locator('li').first().waitFor(WAIT)
      expect(await etas(page)).toEqual([])
      expect(await page.getByTestId('projected-end').count()).toBe(0)
    } finally {
      for (const client of clients) client.close()
    }
  })

  it('adjourned: the whole display says so, and nothing waits', async () => {
    const clients: RostrumClient[] = []
    try {
      const { chair, links } = await meetingAt(11, clients)
      await command(chair, 'floor:end', {})
      await command(chair, 'meeting:adjourn', {})
      const page = await suite.open(withLanguage(links.screen, 'en'))
      const pause = page.getByTestId('meeting-pause')
      await pause.waitFor(WAIT)
      expect(await pause.locator('h2').textContent()).toBe('Meeting adjourned')
      expect(await page.getByTestId('clock').count()).toBe(0)
      expect(await page.getByTestId('up-next').count()).toBe(0)
      expect(await contrastOf(page, 'meeting-pause')).toBeGreaterThanOrEqual(7)
      const box = await pause.boundingBox()
      expect(box!.width).toBeGreaterThan(FULL_HD.width * 0.8)
    } finally {
      for (const client of clients) client.close()
    }
  })

  it('before the meeting opens: it says so, in place of a clock that has nothing to time', async () => {
    const created = await seedMeeting(suite.server(), { ...demoMeeting(), timeZone: zoneWhereItIs(20) })
    const page = await suite.open(withLanguage(meetingLinks(suite.server().url, created).screen, 'en'))
    const pause = page.locator('[data-testid="meeting-pause"][data-status="scheduled"]')
    await pause.waitFor(WAIT)
    expect(await pause.locator('h2').textContent()).toBe('Meeting not yet open')
    expect(await page.getByTestId('clock').count()).toBe(0)
    // The list is still there, with its times: tomorrow's, since the room is closed tonight.
    await page.getByTestId('up-next').getByTestId('eta').first().waitFor(WAIT)
    await page.screenshot({ path: join(artifactsDir, 'screen-en-scheduled.png') })
  })

  it('without a document symbol the status stands alone, with no stray separator', async () => {
    const clients: RostrumClient[] = []
    try {
      const { links } = await meetingAt(11, clients, { symbol: '' })
      const page = await suite.open(withLanguage(links.screen, 'en'))
      const status = page.getByTestId('screen').locator('header p').first()
      await status.filter({ hasText: 'In session' }).waitFor(WAIT)
      expect((await status.textContent())?.trim()).toBe('In session')
    } finally {
      for (const client of clients) client.close()
    }
  })

  it('in six languages: during a statement, suspended and adjourned (screenshots); French says "À la parole"', async () => {
    const clients: RostrumClient[] = []
    try {
      for (const language of LANGUAGES) {
        // 13:xx in the room: between the sittings, so the suspension has a time to announce.
        // Suspended before anyone spoke: the times ahead rest on the limits, not on a statement cut short.
        const created = await seedMeeting(suite.server(), { ...demoMeeting(), timeZone: zoneWhereItIs(13) })
        const chair = await connect(suite.server(), created.tokens.chair, clients)
        await command(chair, 'meeting:open', {})
        await command(chair, 'meeting:suspend', {})
        const page = await suite.open(withLanguage(meetingLinks(suite.server().url, created).screen, language), language)
        await page.getByTestId('resumes').waitFor(WAIT)
        await page.getByTestId('up-next').getByTestId('eta').first().waitFor(WAIT)
        // The Arabic title runs right to left whatever the interface's language.
        expect(await page.getByTestId('meeting-title').evaluate((h) => getComputedStyle(h).direction), language).toBe('rtl')
        await page.screenshot({ path: join(artifactsDir, `screen-${language}-suspended.png`) })

        await command(chair, 'meeting:resume', {})
        await callNext(chair)
        await page.getByTestId('current-speaker-name').waitFor(WAIT)
        await page.getByTestId('up-next').getByTestId('eta').first().waitFor(WAIT)
        if (language === 'fr') expect(await page.getByTestId('current-speaker').locator('h2').textContent()).toBe('À la parole')
        await page.screenshot({ path: join(artifactsDir, `screen-${language}-statement.png`) })
        await command(chair, 'floor:end', {})
        await command(chair, 'meeting:adjourn', {})
        await page.locator('[data-testid="meeting-pause"][data-status="adjourned"]').waitFor(WAIT)
        await page.screenshot({ path: join(artifactsDir, `screen-${language}-adjourned.png`) })
        await page.context().close()
      }
    } finally {
      for (const client of clients) client.close()
    }
  })
})
