import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { MeetingLinks } from '../../shared/protocol/api.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker, segmentsInOrder, type RequestId, type SpeakerId } from '../../shared/domain/index.ts'
import { artifactsDir as artifacts, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

const desktop = { width: 1280, height: 900 }
const phone = { width: 390, height: 844 }

/** The demo debate, with Chile added: a delegation that is not on the list yet. */
function debateWithChile () {
  const demo = demoMeeting()
  // The room sits all day, so the ETAs on the screenshots read as they would during a real sitting.
  const roomHours = [{ start: '00:00', end: '23:59' }]
  return { ...demo, roomHours, delegations: [...(demo.delegations ?? []), { code: 'CHL', name: 'شيلي' }] }
}

describe.skipIf(!browserAvailable())('the delegation and public views in a real browser', () => {
  const suite = useBrowserSuite({ viewport: desktop })
  let chair: RostrumClient
  let links: MeetingLinks

  beforeAll(async () => {
    const server = suite.server()
    const meeting = await seedMeeting(server, debateWithChile())
    links = meetingLinks(server.url, meeting)
    chair = await connect(server, meeting.tokens.chair)
  })

  afterAll(() => {
    chair?.close()
  })

  async function open (link: string, options: { viewport: { width: number; height: number }; locale: string; permissions?: string[] }): Promise<Page> {
    const { locale, ...contextOptions } = options
    const page = await suite.open(link, locale, contextOptions)
    await page.getByText(/Live|متصل/).first().waitFor()
    return page
  }

  async function chairDoes (type: Parameters<RostrumClient['command']>[0], payload: object): Promise<Record<string, unknown>> {
    const ack = await chair.command(type, payload as never)
    if (!ack.ok) throw new Error(`${type} refused: ${ack.error.code}`)
    return ack.data
  }

  const hasHorizontalScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

  it('inscribes a delegation, shows its place and ETA, alerts it when next, and works on a phone', async () => {
    // A debate under way: one statement delivered and tagged, the next speaker on the floor.
    await chairDoes('meeting:open', {})
    await chairDoes('floor:next', { expectedSpeakerId: nextId() })
    await chairDoes('floor:end', {})
    const delivered = Object.values(chair.state!.statements)[0]!
    const [qa, , qc] = chair.state!.questions
    const author = { id: 'secretariat', name: 'Secretariat' }
    tagStatement(chair.notes, delivered.id, qa!.id, author, Date.now())
    tagStatement(chair.notes, delivered.id, qc!.id, author, Date.now())
    await chairDoes('floor:next', { expectedSpeakerId: nextId(), startTimer: true })

    const page = await open(withLanguage(links.delegations.CHL ?? '', 'en'), { viewport: desktop, locale: 'en-US' })
    await page.getByText('Your delegation is not on the list of speakers.').waitFor()
    await page.getByRole('button', { name: 'Notify me when my turn is near' }).waitFor()
    const speaking = chair.state!.statements[chair.state!.floor.statementId!]!.name
    expect(await page.getByTestId('speaker-announcement').textContent()).toContain(speaking)
    await page.getByTestId('statement-tags').filter({ hasText: '(أ)' }).filter({ hasText: '(ج)' }).waitFor()

    // Keyboard alone: focus the button and press Enter.
    const request = page.getByRole('button', { name: 'Request inscription' })
    await request.focus()
    await page.keyboard.press('Enter')
    const receipt = page.getByTestId('receipts').locator('li').first()
    await receipt.filter({ hasText: 'Awaiting the chair' }).filter({ hasText: /Received at \d{2}:\d{2}/ }).waitFor()
    expect(await request.isDisabled()).toBe(true)

    const requestId = Object.values(chair.state!.requests).find((r) => r.delegation === 'CHL')!.id
    const { speakerId } = await chairDoes('request:accept', { requestId: requestId as RequestId })
    await receipt.filter({ hasText: 'Accepted' }).waitFor()
    const waitingBefore = Object.values(chair.state!.speakers).filter((s) => s.status === 'waiting').length - 1
    await page.getByTestId('own-ahead').filter({ hasText: String(waitingBefore) }).waitFor()
    expect(await page.getByTestId('own-eta').textContent()).toMatch(/about \d{2}:\d{2}/)
    expect(await page.getByTestId('own-position-number').textContent()).toBe(String(waitingBefore + 1))
    const ownRow = page.getByTestId('audience-list').locator(`li[data-speaker-id="${String(speakerId)}"]`)
    expect(await ownRow.getByTestId('eta').textContent()).toMatch(/about \d{2}:\d{2}/)
    await page.screenshot({ path: join(artifacts, 'delegation-en.png'), fullPage: true })

    await page.getByTestId('language-switch').selectOption('ar')
    await page.getByText('المتكلمون قبلكم').waitFor()
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl')
    await page.screenshot({ path: join(artifacts, 'delegation-ar.png'), fullPage: true })

    const mobile = await open(withLanguage(links.delegations.CHL ?? '', 'ar'), { viewport: phone, locale: 'ar', permissions: ['notifications'] })
    await mobile.getByTestId('own-ahead').waitFor()
    await mobile.getByText('تنبيهات المتصفح مفعّلة').waitFor()
    expect(await hasHorizontalScroll(mobile)).toBe(false)

    // The chair moves Chile to the head of the list: both of its pages say it is next.
    const head = segmentsInOrder(chair.state!)[0]!
    await chairDoes('speaker:move', { speakerId: speakerId as SpeakerId, segmentId: head.id, afterId: null })
    await mobile.getByTestId('turn-alert').filter({ hasText: 'أنتم المتكلم التالي' }).waitFor()
    await page.getByTestId('turn-alert').waitFor()
    await mobile.getByTestId('own-next').waitFor()
    expect(await hasHorizontalScroll(mobile)).toBe(false)
    await mobile.screenshot({ path: join(artifacts, 'delegation-phone-ar.png'), fullPage: true })
    // What a delegate sees on glancing at the phone, without scrolling.
    await mobile.screenshot({ path: join(artifacts, 'delegation-phone-ar-glance.png') })

    await mobile.getByRole('button', { name: 'إغلاق' }).click()
    await mobile.getByTestId('turn-alert').waitFor({ state: 'detached' })
  })

  it('shows the public page without "my delegation" and without request buttons', async () => {
    const page = await open(withLanguage(links.public, 'en'), { viewport: phone, locale: 'en-US' })
    await page.getByTestId('audience-list').waitFor()
    await page.getByTestId('delivered').waitFor()
    expect(await page.getByTestId('own-position').count()).toBe(0)
    expect(await page.getByTestId('requests').count()).toBe(0)
    expect(await page.getByRole('button', { name: /Request|Withdraw/ }).count()).toBe(0)
    expect(await page.getByTestId('eta').count()).toBeGreaterThan(0)
    expect(await hasHorizontalScroll(page)).toBe(false)
  })

  const nextId = (): SpeakerId => nextWaitingSpeaker(chair.state!)!.id
})
