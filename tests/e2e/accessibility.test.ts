import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { meetingLinks, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker, type DelegationCode } from '../../shared/domain/index.ts'
import { blockingViolations } from '../support/axe.ts'
import { artifactsDir, browserAvailable, repoRoot, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

type Language = 'en' | 'ar'
const LANGUAGES: readonly Language[] = ['en', 'ar']
const VIEWS = ['chair', 'notes', 'delegation', 'public', 'screen', 'report', 'setup'] as const
type View = typeof VIEWS[number]

/** Generous: five other builds and browsers share this machine's two cores. */
const READY_MS = 20_000

/** `view` in place of the link's last path segment, `?lang=` before the fragment that carries the token. */
function linkTo (link: string, language: Language, view: string): string {
  return withLanguage(link.replace(/\/[a-z]+#/, `/${view}#`), language)
}

describe.skipIf(!browserAvailable())('accessibility: no serious or critical axe-core violation on any view', () => {
  const { server, open: openPage } = useBrowserSuite({ viewport: { width: 1440, height: 900 } })
  // axe-core goes in as an inline script, which the pages' own Content Security Policy rightly refuses.
  const open = (link: string, locale: string) => openPage(link, locale, { bypassCSP: true })
  const clients: RostrumClient[] = []
  let meeting: CreatedMeeting | null = null
  let onTheFloor = ''
  afterAll(() => {
    for (const client of clients.splice(0)) client.close()
  })

  /**
   * The demo debate under way, as each view would show it mid-meeting: three statements delivered and
   * tagged, a speaker on the floor with the clock running, and a delegation's request waiting.
   */
  async function debateUnderWay (): Promise<CreatedMeeting> {
    meeting ??= await seedDebate()
    return meeting
  }

  async function seedDebate (): Promise<CreatedMeeting> {
    const created = await seedMeeting(server(), { ...demoMeeting(), roomHours: [{ start: '00:00', end: '23:59' }] })
    const chair = await connect(server(), created.tokens.chair, clients)
    const does = async (type: Parameters<RostrumClient['command']>[0], payload: object): Promise<void> => {
      const ack = await chair.command(type, payload as never)
      if (!ack.ok) throw new Error(`${type} refused: ${ack.error.code}`)
    }
    await does('meeting:open', {})
    for (let i = 0; i < 3; i++) {
      await does('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
      await does('floor:end', {})
    }
    const author = { id: 'secretariat', name: 'Secretariat' }
    for (const statement of Object.values(chair.state!.statements)) {
      tagStatement(chair.notes, statement.id, chair.state!.questions[0]!.id, author, Date.now())
    }
    await does('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id, startTimer: true })
    onTheFloor = Object.values(chair.state!.statements).find((statement) => statement.endedAtMs === null)?.name ?? ''
    const egypt = await connect(server(), created.tokens.delegations.EGY ?? '', clients)
    const ack = await egypt.command('request:create', { delegation: 'EGY' as DelegationCode, type: 'right-of-reply' })
    if (!ack.ok) throw new Error(`request:create refused: ${ack.error.code}`)
    return created
  }

  /** Opens the view and waits until it shows what a user would see. */
  async function openView (view: View, language: Language): Promise<Page> {
    const locale = language === 'ar' ? 'ar' : 'en-US'
    if (view === 'setup') {
      const page = await open(`${server().url}/setup?lang=${language}#token=${server().adminToken}`, locale)
      await page.locator('#note-text').waitFor({ timeout: READY_MS })
      return page
    }
    const links = meetingLinks(server().url, await debateUnderWay())
    const link = {
      chair: withLanguage(links.chair, language),
      notes: withLanguage(links.notetaker, language),
      delegation: withLanguage(links.delegations.EGY ?? '', language),
      public: withLanguage(links.public, language),
      screen: withLanguage(links.screen, language),
      report: linkTo(links.chair, language, 'report')
    }[view]
    const page = await open(link, locale)
    const ready = { chair: 'chair-console', notes: 'notes-workspace', delegation: 'audience', public: 'audience', screen: 'screen', report: 'report' }[view]
    await page.getByTestId(ready).waitFor({ timeout: READY_MS })
    // The views render their meeting once synced; the speaker on the floor is named on every one.
    if (view !== 'report') await page.getByText(onTheFloor).first().waitFor({ timeout: READY_MS })
    return page
  }

  for (const language of LANGUAGES) {
    for (const view of VIEWS) {
      it(`${view} (${language})`, async () => {
        const page = await openView(view, language)
        expect(await blockingViolations(page)).toEqual([])
      })
    }

    it(`chair, with its folds, editor, banner, confirmation and overlays open (${language})`, async () => {
      const page = await open(withLanguage(meetingLinks(server().url, await seedDebate()).chair, language), language === 'ar' ? 'ar' : 'en-US')
      await page.getByText(onTheFloor).first().waitFor({ timeout: READY_MS })
      const list = page.getByTestId('chair-list')
      await list.getByTestId('spoken-toggle').first().click()
      await list.locator('li.next [data-action="edit"]').click()
      await list.locator('.editor').waitFor()
      // A move against the Council members' rule offers to record a reason.
      await list.locator('ol').nth(1).locator('[data-handle]').first().focus()
      await page.keyboard.press('ArrowDown')
      await page.getByTestId('move-reason').waitFor({ timeout: READY_MS })
      await page.locator('[data-meeting-action="suspend"] ~ button').first().click()
      await page.locator('[data-meeting-action="adjourn"]').waitFor()
      expect(await blockingViolations(page)).toEqual([])
      await page.screenshot({ path: join(artifactsDir, `chair-editing-${language}.png`) })

      await page.keyboard.press('Escape')
      await page.keyboard.press('Shift+Slash')
      await page.getByTestId('shortcuts-help').waitFor()
      expect(await blockingViolations(page)).toEqual([])
      await page.keyboard.press('Escape')
      await page.getByTestId('open-settings').click()
      await page.getByTestId('meeting-settings').waitFor()
      expect(await blockingViolations(page)).toEqual([])
    })

    it(`setup, the review step (${language})`, async () => {
      const page = await openView('setup', language)
      const setup = JSON.parse(readFileSync(join(repoRoot, 'client', 'i18n', language, 'setup.json'), 'utf8')) as { note: { read: string }; review: { heading: string } }
      await page.locator('#note-text').fill(readFileSync(join(repoRoot, 'examples', 'concept-note-preventive-diplomacy.ar.txt'), 'utf8'))
      await page.getByRole('button', { name: setup.note.read }).click()
      await page.getByRole('heading', { name: setup.review.heading, level: 2 }).waitFor({ timeout: READY_MS })
      expect(await blockingViolations(page)).toEqual([])
    })
  }
})
