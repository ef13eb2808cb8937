// Issue 14, items 10 and 11 on the chair console, in real Chromium: the meeting's own times as a line
// under the controls, a "Written" action per waiting row and "Remaining statements in writing" with a
// confirmation; the note-taker's statement browser lists the written statements so they can be tagged
// (screenshots in English and Arabic).
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import arChair from '../../client/i18n/ar/chair.json'
import arCommon from '../../client/i18n/ar/common.json'
import enChair from '../../client/i18n/en/chair.json'
import enCommon from '../../client/i18n/en/common.json'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import { rosterName } from '../../shared/roster/names.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { smallMeeting } from '../support/meetings.ts'
import { seedMeeting } from '../support/server.ts'

/** The machine is shared with other builds and browsers: generous, never tight. */
const WAIT_MS = 15_000
const catalogues = { en: { chair: enChair, common: enCommon }, ar: { chair: arChair, common: arCommon } }

const debate = () => smallMeeting({
  segments: [{ name: 'Members', defaultLimitMs: 300_000, speakers: [
    { name: 'Kenya', delegation: 'KEN' }, { name: 'Mexico', delegation: 'MEX' }, { name: 'Norway', delegation: 'NOR' }
  ] }]
})

/** "Called to order {{time}}" as a pattern: the time itself comes from the server's clock. */
const sentencePattern = (template: string) =>
  new RegExp(`^${template.split('{{time}}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`)

describe.skipIf(!browserAvailable())('the meeting\'s times and written statements on the console, in a real browser', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1360, height: 1000 } })

  const row = (page: Page, name: string) => page.locator('[data-speaker-id]').filter({ hasText: name })

  it.each(['en', 'ar'] as const)('shows when the meeting was called to order, suspended and resumed, and circulates statements in writing (%s)', async (language) => {
    const t = catalogues[language]
    // Readers see roster names in their language.
    const [kenya, mexico, norway] = ['KEN', 'MEX', 'NOR'].map((code) => rosterName(code, language)!)
    const meeting = await seedMeeting(server(), debate())
    const links = meetingLinks(server().url, meeting)
    const chair = await open(withLanguage(links.chair, language), language === 'ar' ? 'ar' : 'en-US')
    await chair.getByTestId('chair-console').waitFor({ timeout: WAIT_MS })
    expect(await chair.getByTestId('sitting-times').count()).toBe(0)

    await chair.getByRole('button', { name: t.chair.open }).click()
    await chair.getByRole('button', { name: t.chair.suspend, exact: true }).waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('call-next').click()
    await chair.getByTestId('current-speaker-name').filter({ hasText: kenya! }).waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('end-statement').click()
    await chair.getByRole('button', { name: t.chair.suspend, exact: true }).click()
    await chair.getByRole('button', { name: t.chair.resume }).click()
    const times = chair.getByTestId('sitting-times')
    await times.locator('[data-sitting="resumed"]').waitFor({ timeout: WAIT_MS })
    const kinds = await times.locator('[data-sitting]').evaluateAll((spans) => spans.map((span) => span.getAttribute('data-sitting')))
    expect(kinds).toEqual(['called-to-order', 'suspended', 'resumed'])
    for (const kind of kinds as ('called-to-order' | 'suspended' | 'resumed')[]) {
      expect(await times.locator(`[data-sitting="${kind}"]`).textContent()).toMatch(sentencePattern(t.chair.sittings[kind]))
    }

    // One by one: Mexico's statement is circulated in writing; Norway stays next.
    await row(chair, mexico!).locator('[data-action="written"]').click()
    await row(chair, mexico!).locator('.tag').filter({ hasText: t.common.speakerStatus.written }).waitFor({ timeout: WAIT_MS })
    expect(await row(chair, mexico!).getAttribute('data-status')).toBe('written')
    expect(await row(chair, norway!).getAttribute('data-status')).toBe('waiting')

    // All remaining, after a confirmation that says how many.
    await chair.locator('[data-action="written-remaining"]').click()
    const question = chair.locator('#written-remaining-question')
    await question.waitFor({ timeout: WAIT_MS })
    expect(await question.textContent()).toBe(t.chair.writtenRemaining.confirm.replace('{{count}}', '1'))
    await chair.screenshot({ path: join(artifactsDir, `chair-written-confirm-${language}.png`) })
    await chair.locator('[data-action="confirm-written"]').click()
    await chair.locator('[data-speaker-id][data-status="written"]').nth(1).waitFor({ timeout: WAIT_MS })
    expect(await row(chair, norway!).getAttribute('data-status')).toBe('written')
    expect(await chair.getByTestId('written-remaining').count()).toBe(0)
    await chair.screenshot({ path: join(artifactsDir, `chair-written-times-${language}.png`) })

    // The note-taker can pick the written statements to tag them.
    const notes = await open(withLanguage(links.notetaker, language), language === 'ar' ? 'ar' : 'en-US')
    const browser = notes.getByTestId('statement-browser')
    await browser.locator('[data-kind="written"]').nth(1).waitFor({ timeout: WAIT_MS })
    const listed = await browser.locator('[data-statement-id]').evaluateAll((items) =>
      items.map((item) => [item.querySelector('.name')?.textContent, item.querySelector('[data-kind]')?.textContent ?? null]))
    // Latest first, as the browser lists statements.
    expect(listed).toEqual([[norway, t.common.statementKind.written], [mexico, t.common.statementKind.written], [kenya, null]])
    await notes.screenshot({ path: join(artifactsDir, `notes-written-${language}.png`) })
  })

  it.each(['en', 'ar'] as const)('W asks before circulating the remaining statements; Restore takes a circulation back (%s)', async (language) => {
    const t = catalogues[language]
    const [mexico, norway] = ['MEX', 'NOR'].map((code) => rosterName(code, language)!)
    const meeting = await seedMeeting(server(), debate())
    const chair = await open(withLanguage(meetingLinks(server().url, meeting).chair, language), language === 'ar' ? 'ar' : 'en-US')
    await chair.getByTestId('chair-console').waitFor({ timeout: WAIT_MS })
    await row(chair, norway!).waitFor({ timeout: WAIT_MS })
    const question = chair.locator('#written-remaining-question')

    // W asks, with the focus on the answer: Escape goes back and nobody is marked.
    await chair.getByTestId('chair-console').focus()
    await chair.keyboard.press('KeyW')
    await question.waitFor({ timeout: WAIT_MS })
    expect(await question.textContent()).toBe(t.chair.writtenRemaining.confirm.replace('{{count}}', '3'))
    expect(await chair.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('confirm-written')
    await chair.screenshot({ path: join(artifactsDir, `chair-written-shortcut-${language}.png`) })
    await chair.keyboard.press('Escape')
    await question.waitFor({ state: 'detached', timeout: WAIT_MS })
    expect(await chair.locator('[data-speaker-id][data-status="written"]').count()).toBe(0)

    // W then Enter circulates all three.
    await chair.getByTestId('chair-console').focus()
    await chair.keyboard.press('KeyW')
    await question.waitFor({ timeout: WAIT_MS })
    await chair.keyboard.press('Enter')
    await chair.locator('[data-speaker-id][data-status="written"]').nth(2).waitFor({ timeout: WAIT_MS })

    // Mexico's was marked by mistake: Restore puts Mexico back on the list, first in line again.
    await row(chair, mexico!).locator('[data-action="restore"]').click()
    await chair.locator('[data-speaker-id][data-status="waiting"]').filter({ hasText: mexico! }).waitFor({ timeout: WAIT_MS })
    expect(await row(chair, norway!).getAttribute('data-status')).toBe('written')
    await chair.screenshot({ path: join(artifactsDir, `chair-written-restored-${language}.png`) })
  })
})
