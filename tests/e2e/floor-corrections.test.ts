// Issue 13, items 3–6 as the chair console and the chamber screen show them, in real Chromium:
// a correction while the speaker has the floor, extending a clock without a limit, and a suspension
// with someone on the floor (screenshots in English and Arabic).
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import arChair from '../../client/i18n/ar/chair.json'
import arCommon from '../../client/i18n/ar/common.json'
import arScreen from '../../client/i18n/ar/screen.json'
import enChair from '../../client/i18n/en/chair.json'
import enCommon from '../../client/i18n/en/common.json'
import enScreen from '../../client/i18n/en/screen.json'
import { meetingLinks, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import { rosterName } from '../../shared/roster/names.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { smallMeeting } from '../support/meetings.ts'
import { seedMeeting } from '../support/server.ts'

/** The machine is shared with other builds and browsers: generous, never tight. */
const WAIT_MS = 15_000
const catalogues = {
  en: { chair: enChair, common: enCommon, screen: enScreen },
  ar: { chair: arChair, common: arCommon, screen: arScreen }
}

/** A briefer without a limit (the chamber's usual case) ahead of two five-minute members. */
function briefingMeeting () {
  const members = smallMeeting().segments ?? []
  return smallMeeting({
    segments: [{ name: 'Briefers', defaultLimitMs: null, orderingRule: 'fixed', speakers: [{ name: 'Under-Secretary-Genral' }] }, ...members]
  })
}

describe.skipIf(!browserAvailable())('the floor when something goes wrong, in a real browser', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1360, height: 1000 } })

  async function openChair (meeting: CreatedMeeting, language: 'en' | 'ar'): Promise<Page> {
    const chair = await open(withLanguage(meetingLinks(server().url, meeting).chair, language), language === 'ar' ? 'ar' : 'en-US')
    await chair.getByTestId('chair-console').waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('sync-indicator').filter({ hasText: language === 'ar' ? 'متصل' : 'Live' }).waitFor({ timeout: WAIT_MS })
    return chair
  }

  async function openAndCall (chair: Page, language: 'en' | 'ar', speaker: string): Promise<void> {
    const t = catalogues[language].chair
    await chair.getByRole('button', { name: t.open }).click()
    await chair.getByRole('button', { name: t.suspend, exact: true }).waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('call-next').click()
    await chair.getByTestId('current-speaker-name').filter({ hasText: speaker }).waitFor({ timeout: WAIT_MS })
  }

  it.each(['en', 'ar'] as const)('without a limit, +30 s and +1 min are off and say why, and X is refused by name (%s)', async (language) => {
    const t = catalogues[language]
    const meeting = await seedMeeting(server(), briefingMeeting())
    const chair = await openChair(meeting, language)
    await openAndCall(chair, language, 'Under-Secretary-Genral')
    expect(await chair.getByRole('button', { name: t.chair.extend30 }).isDisabled()).toBe(true)
    expect(await chair.getByRole('button', { name: t.chair.extend60 }).isDisabled()).toBe(true)
    expect(await chair.getByTestId('no-limit-reason').textContent()).toBe(t.chair.noLimitToExtend)
    await chair.keyboard.press('x')
    await chair.locator('[role="alert"][data-error-code="NO_LIMIT"]').filter({ hasText: t.common.errors.NO_LIMIT }).waitFor({ timeout: WAIT_MS })
    // No surprise countdown: still no limit, still green.
    expect(await chair.getByTestId('clock').getAttribute('data-light')).toBe('green')
    expect(await chair.getByTestId('clock').textContent()).toContain(t.common.clock.noLimit)
    await chair.screenshot({ path: join(artifactsDir, `floor-no-limit-${language}.png`) })
  })

  it('a name and limit corrected while the speaker has the floor reach the console, its clock and the chamber screen', async () => {
    const t = catalogues.en
    const meeting = await seedMeeting(server(), briefingMeeting())
    const chair = await openChair(meeting, 'en')
    const screen = await open(meetingLinks(server().url, meeting).screen, 'en-US')
    await openAndCall(chair, 'en', 'Under-Secretary-Genral')
    await screen.getByTestId('current-speaker-name').filter({ hasText: 'Under-Secretary-Genral' }).waitFor({ timeout: WAIT_MS })

    await chair.getByRole('button', { name: t.chair.speaker.editLabel.replace('{{name}}', 'Under-Secretary-Genral') }).click()
    const editor = chair.getByRole('form', { name: t.chair.editor.heading })
    await editor.getByLabel(t.chair.editor.name, { exact: true }).fill('Under-Secretary-General')
    await editor.getByLabel(t.chair.editor.limit).fill('4:00')
    await editor.getByRole('button', { name: t.chair.editor.save }).click()
    await chair.getByTestId('current-speaker-name').filter({ hasText: /^Under-Secretary-General$/ }).waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('clock').filter({ hasText: '4:00' }).waitFor({ timeout: WAIT_MS })
    await screen.getByTestId('current-speaker-name').filter({ hasText: /^Under-Secretary-General$/ }).waitFor({ timeout: WAIT_MS })
    await screen.getByTestId('clock').filter({ hasText: '4:00' }).waitFor({ timeout: WAIT_MS })

    // With a limit now, extending adds to it.
    await chair.getByTestId('no-limit-reason').waitFor({ state: 'detached', timeout: WAIT_MS })
    await chair.getByRole('button', { name: t.chair.extend30 }).click()
    await chair.getByTestId('clock').filter({ hasText: '4:30' }).waitFor({ timeout: WAIT_MS })
    await chair.screenshot({ path: join(artifactsDir, 'floor-corrected-en.png') })
    await screen.screenshot({ path: join(artifactsDir, 'screen-corrected-en.png') })
  })

  it.each(['en', 'ar'] as const)('suspending with a speaker on the floor pauses the statement, and the console and the projection say so (%s)', async (language) => {
    const t = catalogues[language]
    const meeting = await seedMeeting(server(), smallMeeting())
    const chair = await openChair(meeting, language)
    const screen = await open(withLanguage(meetingLinks(server().url, meeting).screen, language), language === 'ar' ? 'ar' : 'en-US')
    // Kenya is on the roster, so each reader sees it named in their own language.
    const kenya = rosterName('KEN', language) ?? 'Kenya'
    await openAndCall(chair, language, kenya)
    await chair.getByTestId('clock').and(chair.locator('[data-timer="running"]')).waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('projection').and(chair.locator('[data-suspended="false"]')).waitFor({ timeout: WAIT_MS })

    await chair.getByRole('button', { name: t.chair.suspend, exact: true }).click()
    await chair.getByRole('button', { name: t.chair.resume }).waitFor({ timeout: WAIT_MS })
    const notice = chair.getByTestId('floor-suspended')
    await notice.waitFor({ timeout: WAIT_MS })
    expect(await notice.textContent()).toContain(t.chair.suspendedFloor)
    expect(await chair.getByTestId('current-speaker-name').textContent()).toContain(kenya)
    await chair.getByTestId('clock').and(chair.locator('[data-timer="paused"]')).waitFor({ timeout: WAIT_MS })
    // The clock cannot be restarted during the suspension; the statement can still be ended.
    expect(await chair.getByRole('button', { name: t.chair.resumeClock }).isDisabled()).toBe(true)
    expect(await chair.getByRole('button', { name: t.chair.end }).isDisabled()).toBe(false)

    // Item 6: the projection says "suspended", not that the list fits the room hours.
    const projection = chair.getByTestId('projection')
    await projection.and(chair.locator('[data-suspended="true"]')).waitFor({ timeout: WAIT_MS })
    expect(await chair.getByTestId('projection-suspended').textContent()).toBe(t.chair.projection.suspended)
    expect(await projection.textContent()).not.toContain(t.chair.projection.fits)
    // The chamber screen fills its floor panel with the suspension; a projected end, where it still
    // shows one (a resumption at a known time), says "suspended" too, never "fits".
    await screen.getByTestId('meeting-pause').and(screen.locator('[data-status="suspended"]')).waitFor({ timeout: WAIT_MS })
    for (const projectedEnd of await screen.getByTestId('projected-end').all()) {
      expect(await projectedEnd.getAttribute('data-suspended')).toBe('true')
      expect(await projectedEnd.textContent()).not.toContain(t.screen.fits)
    }

    await chair.screenshot({ path: join(artifactsDir, `chair-suspended-statement-${language}.png`) })
    await screen.screenshot({ path: join(artifactsDir, `screen-suspended-statement-${language}.png`) })

    // Resuming gives the floor back to the same speaker, clock paused until the chair resumes it.
    await chair.getByRole('button', { name: t.chair.resume }).click()
    await notice.waitFor({ state: 'detached', timeout: WAIT_MS })
    expect(await chair.getByTestId('current-speaker-name').textContent()).toContain(kenya)
    expect(await chair.getByTestId('clock').getAttribute('data-timer')).toBe('paused')
    await chair.getByRole('button', { name: t.chair.resumeClock }).click()
    await chair.getByTestId('clock').and(chair.locator('[data-timer="running"]')).waitFor({ timeout: WAIT_MS })
  })
})
