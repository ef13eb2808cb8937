// A State that inscribes on the morning of the debate: the chair finds it on the roster in Meeting
// settings, adds it, and hands over its link (QR code and Copy) at once; the link works straight away.
// One that never took part is removed the same way.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { meetingLinks, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { smallMeeting } from '../support/meetings.ts'
import { seedMeeting } from '../support/server.ts'

const WORDS = {
  en: { live: 'Live', search: 'Italy', add: 'Add Italy', italy: 'Italy', remove: 'Remove Norway', confirm: 'Remove', cancel: 'Cancel', taking: /Taking part/, inscribe: 'Request inscription' },
  ar: { live: 'متصل', search: 'إيطاليا', add: 'إضافة إيطاليا', italy: 'إيطاليا', remove: 'حذف النرويج', confirm: 'حذف', cancel: 'إلغاء', taking: /الوفود المشاركة/, inscribe: null }
} as const

describe.skipIf(!browserAvailable())('adding a delegation from the chair console', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1360, height: 1000 } })

  async function openSettings (meeting: CreatedMeeting, language: 'en' | 'ar'): Promise<Page> {
    const chair = await open(withLanguage(meetingLinks(server().url, meeting).chair, language), language === 'ar' ? 'ar' : 'en-US')
    await chair.getByTestId('sync-indicator').filter({ hasText: WORDS[language].live }).waitFor({ timeout: 20_000 })
    await chair.getByTestId('open-settings').click()
    await chair.getByTestId('settings-delegations').waitFor({ timeout: 20_000 })
    return chair
  }

  it.each(['en', 'ar'] as const)('in %s: from the roster, with its link and QR code at once; the link works; one never on the list is removed', async (language) => {
    const meeting = await seedMeeting(server(), smallMeeting())
    const words = WORDS[language]
    const chair = await openSettings(meeting, language)
    const panel = chair.getByTestId('settings-delegations')

    await panel.getByRole('searchbox').fill(words.search)
    await panel.getByTestId('delegation-hits').scrollIntoViewIfNeeded()
    await chair.screenshot({ path: join(artifactsDir, `late-delegations-search-${language}.png`) })
    await panel.getByRole('button', { name: words.add }).click()
    const card = panel.getByTestId('setup-link')
    await card.waitFor({ timeout: 20_000 })
    await card.getByTestId('setup-qr').waitFor({ timeout: 20_000 })
    expect(await card.getByRole('heading').innerText()).toBe(words.italy)
    const link = await card.getByRole('textbox').inputValue()
    expect(link).toMatch(new RegExp(`/m/${meeting.id}/delegation#token=`))
    // Closing the settings and opening them again keeps the link on show, to hand over later.
    await chair.getByTestId('meeting-settings').getByRole('button', { name: language === 'en' ? 'Close' : 'إغلاق' }).first().click()
    await chair.getByTestId('meeting-settings').waitFor({ state: 'detached', timeout: 10_000 })
    await chair.getByTestId('open-settings').click()
    expect(await panel.getByTestId('setup-link').getByRole('textbox').inputValue({ timeout: 20_000 })).toBe(link)
    // The search is cleared for the next one, and Italy now counts among those taking part.
    expect(await panel.getByRole('searchbox').inputValue()).toBe('')
    await panel.getByText(words.taking).click()
    await panel.getByTestId('delegations-taking-part').getByText('ITA').waitFor({ timeout: 10_000 })
    await card.scrollIntoViewIfNeeded()
    await chair.screenshot({ path: join(artifactsDir, `late-delegations-added-${language}.png`) })

    if (words.inscribe !== null) {
      const italy = await open(link, 'en-US')
      await italy.getByRole('button', { name: words.inscribe }).click({ timeout: 20_000 })
      await chair.getByTestId('settings-delegations').waitFor()
      await expect.poll(async () => (await (server().store.listAudit(meeting.id))).some((entry) => entry.type === 'request:create' && entry.actorDelegation === 'ITA'),
        { timeout: 20_000 }).toBe(true)
    }

    // Norway is not on the list: it can go. Kenya and Mexico are, and Italy has asked to be inscribed
    // (in English): they offer no Remove.
    const taking = panel.getByTestId('delegations-taking-part')
    expect(await taking.getByRole('button').count()).toBe(language === 'en' ? 1 : 2)
    // Its link stops working, so Remove asks first: Cancel keeps Norway, the confirmation removes it.
    await taking.getByRole('button', { name: words.remove }).click()
    const confirmation = taking.getByRole('alertdialog')
    await confirmation.getByRole('button', { name: words.cancel }).click()
    expect(await taking.getByText('NOR').count()).toBe(1)
    await taking.getByRole('button', { name: words.remove }).click()
    await chair.screenshot({ path: join(artifactsDir, `late-delegations-confirm-remove-${language}.png`) })
    await confirmation.getByRole('button', { name: words.confirm, exact: true }).click()
    await expect.poll(() => taking.getByText('NOR').count(), { timeout: 20_000 }).toBe(0)
    await chair.screenshot({ path: join(artifactsDir, `late-delegations-removed-${language}.png`), fullPage: true })
  })
})
