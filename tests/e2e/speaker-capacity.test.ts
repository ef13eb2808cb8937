// Issue 14, items 6 and 7 as a chair and the chamber see them, in real Chromium: the chair names the
// person and title of the speaker on the floor, and the screen shows them under the delegation, with
// the President's "in national capacity" (screenshots in English and Arabic).
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
const WAIT_MS = 20_000
const catalogues = { en: { chair: enChair, common: enCommon }, ar: { chair: arChair, common: arCommon } }
const MINISTER = { person: 'Mr. Teodor Meleşcanu', title: 'Minister for Foreign Affairs of Romania' }

describe.skipIf(!browserAvailable())('who speaks, in what capacity, in a real browser', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1360, height: 1000 } })

  async function openChair (link: string, language: 'en' | 'ar'): Promise<Page> {
    const chair = await open(withLanguage(link, language), language === 'ar' ? 'ar' : 'en-US')
    await chair.getByTestId('chair-console').waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('sync-indicator').filter({ hasText: language === 'ar' ? 'متصل' : 'Live' }).waitFor({ timeout: WAIT_MS })
    return chair
  }

  it.each(['en', 'ar'] as const)('the chair names the person and title on the floor; the screen shows them under the delegation (%s)', async (language) => {
    const t = catalogues[language]
    // Each reader sees a roster delegation's name in their own language.
    const [romania, mexico] = [rosterName('ROU', language) ?? 'Romania', rosterName('MEX', language) ?? 'Mexico']
    const meeting = await seedMeeting(server(), smallMeeting({
      delegations: [{ code: 'ROU', name: 'Romania' }, { code: 'MEX', name: 'Mexico' }],
      presidency: 'MEX',
      segments: [{ name: 'Members', defaultLimitMs: 300_000, orderingRule: 'fixed', speakers: [
        { name: 'Romania', delegation: 'ROU', kind: 'member' },
        { name: 'Mexico', delegation: 'MEX', kind: 'member' }
      ] }]
    }))
    const links = meetingLinks(server().url, meeting)
    const chair = await openChair(links.chair, language)
    const screen = await open(withLanguage(links.screen, language), language === 'ar' ? 'ar' : 'en-US')
    await chair.getByRole('button', { name: t.chair.open }).click()
    await chair.getByRole('button', { name: t.chair.suspend, exact: true }).waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('call-next').click()
    await screen.getByTestId('current-speaker-name').filter({ hasText: romania }).waitFor({ timeout: WAIT_MS })

    await chair.getByRole('button', { name: t.chair.speaker.editLabel.replace('{{name}}', romania) }).click()
    const editor = chair.getByRole('form', { name: t.chair.editor.heading })
    await editor.getByLabel(t.chair.editor.person).fill(MINISTER.person)
    await editor.getByLabel(t.chair.editor.title, { exact: true }).fill(MINISTER.title)
    await chair.screenshot({ path: join(artifactsDir, `capacity-editor-${language}.png`) })
    await editor.getByRole('button', { name: t.chair.editor.save }).click()

    const shown = `${MINISTER.person}, ${MINISTER.title}`
    await screen.getByTestId('current-speaker-capacity').filter({ hasText: shown }).waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('current-speaker-capacity').filter({ hasText: shown }).waitFor({ timeout: WAIT_MS })
    expect(await screen.getByTestId('current-speaker-name').textContent()).toBe(romania)
    await screen.screenshot({ path: join(artifactsDir, `capacity-screen-${language}.png`) })

    // The presidency's own entry was flagged when the meeting was created: the screen says so.
    await chair.getByRole('button', { name: t.chair.speaker.giveTo.replace('{{name}}', mexico) }).click()
    await screen.getByTestId('current-speaker-name').filter({ hasText: mexico }).waitFor({ timeout: WAIT_MS })
    await screen.getByTestId('current-speaker-capacity').filter({ hasText: t.common.floor.nationalCapacity }).waitFor({ timeout: WAIT_MS })
    await screen.screenshot({ path: join(artifactsDir, `capacity-screen-national-${language}.png`) })
    await chair.screenshot({ path: join(artifactsDir, `capacity-chair-national-${language}.png`) })
  })
})
