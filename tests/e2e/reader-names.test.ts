// Issue 13 item 15: a delegation from the UN roster is named in the reader's language in every view, and
// template segment headings follow the reader; the meeting's own texts (title, names typed by hand) stay
// as written. The demo meeting is Arabic, so before this every reader saw Arabic country names.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import { artifactsDir, browserAvailable, useBrowserSuite } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

/** `?lang=` before the fragment (which carries the token); another view of the same link when asked. */
function linkTo (link: string, language: string, view?: string): string {
  const [page = link, fragment = ''] = link.split('#')
  const path = view === undefined ? page : page.replace(/\/[a-z]+$/, `/${view}`)
  return `${path}?lang=${language}#${fragment}`
}

const TITLE = demoMeeting().title
/** Ireland has the floor; the Russian Federation waits among the Council members; a briefer is named by hand. */
const EXPECTED = {
  en: { floor: 'Ireland', waiting: 'Russian Federation', heading: 'Members of the Security Council' },
  ar: { floor: 'آيرلندا', waiting: 'الاتحاد الروسي', heading: 'أعضاء مجلس الأمن' },
  zh: { floor: '爱尔兰', waiting: '俄罗斯', heading: '安全理事会成员' },
  fr: { floor: 'Irlande', waiting: 'Russie', heading: 'Membres du Conseil de sécurité' }
} as const
const ARABIC_NAMES = ['آيرلندا', 'الاتحاد الروسي', 'المكسيك', 'أعضاء مجلس الأمن']

describe.skipIf(!browserAvailable())('names in the reader\'s language, in Chromium', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1440, height: 900 } })
  let links: ReturnType<typeof meetingLinks>
  let chair: RostrumClient

  beforeAll(async () => {
    const meeting = await seedMeeting(server(), demoMeeting())
    links = meetingLinks(server().url, meeting)
    chair = await connect(server(), meeting.tokens.chair)
    await chair.command('meeting:open', {})
    // The four briefers, then the first Council member on the list.
    for (let i = 0; i < 5; i++) await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
  }, 90_000)
  afterAll(() => chair?.close())

  it.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])('the public page in %s', async (language) => {
    const expected = EXPECTED[language]
    const page = await open(linkTo(links.public, language), 'en-US')
    await page.getByText(expected.waiting, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByTestId('current-speaker-name').textContent(), { timeout: 20_000 }).toBe(expected.floor)
    await page.getByText(expected.heading, { exact: true }).first().waitFor({ timeout: 20_000 })
    // The meeting's own texts as written: its title, and a briefer named by hand.
    await page.getByText(TITLE, { exact: true }).first().waitFor()
    await page.getByText('الأمين العام', { exact: true }).first().waitFor()
    await page.screenshot({ path: join(artifactsDir, `names-public-${language}.png`), fullPage: true })
    const text = await page.locator('main').innerText()
    if (language !== 'ar') for (const arabic of ARABIC_NAMES) expect(text, arabic).not.toContain(arabic)
  })

  it.each(['en', 'ar'] as const)('the chair, screen, notes, report and delegation views in %s', async (language) => {
    const expected = EXPECTED[language]
    const views: [string, string][] = [
      ['chair', linkTo(links.chair, language)],
      ['screen', linkTo(links.screen, language)],
      ['notes', linkTo(links.notetaker, language)],
      ['report', linkTo(links.chair, language, 'report')],
      ['delegation', linkTo(links.delegations.RUS!, language)]
    ]
    for (const [view, link] of views) {
      const page = await open(link, 'en-US')
      await page.getByText(expected.floor, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 20_000 })
      // The chair's list and the delegation's list show who waits; the other views, who has spoken.
      if (view === 'chair' || view === 'delegation') await page.getByText(expected.waiting, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 20_000 })
      await page.screenshot({ path: join(artifactsDir, `names-${view}-${language}.png`), fullPage: true })
      const text = await page.locator('body').innerText()
      if (language !== 'ar') for (const arabic of ARABIC_NAMES) expect(text, `${view}: ${arabic}`).not.toContain(arabic)
      await page.context().close()
    }
  })
})
