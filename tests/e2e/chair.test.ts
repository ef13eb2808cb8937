import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { meetingLinks, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { DelegationCode } from '../../shared/domain/types.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { seedMeeting } from '../support/server.ts'

/** Every change the chair makes must reach the public page within this. */
const PROPAGATION_MS = 1000

/** The ids of the speakers a page lists, in the order it shows them. */
function listedOrder (page: Page, scope: string): Promise<string[]> {
  return page.$$eval(`${scope} [data-speaker-id]`, (rows) => rows.map((row) => row.getAttribute('data-speaker-id') ?? ''))
}

/** Polls the public page until it shows exactly `expected`, failing after PROPAGATION_MS. */
async function publicShowsOrder (page: Page, expected: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (ids) => JSON.stringify([...document.querySelectorAll('[data-speaker-id]')].map((row) => row.getAttribute('data-speaker-id'))) === JSON.stringify(ids),
    expected,
    { timeout: PROPAGATION_MS, polling: 'raf' }
  )
}

describe.skipIf(!browserAvailable())('the chair console in a real browser', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1360, height: 1000 } })
  const clients: RostrumClient[] = []
  afterEach(() => {
    for (const client of clients.splice(0)) client.close()
  })

  /** The demo meeting, with one extra delegation that is not yet on the list (to ask for inscription). */
  function seedDemo (): CreatedMeeting {
    const demo = demoMeeting()
    return seedMeeting(server(), { ...demo, delegations: [...(demo.delegations ?? []), { code: 'CHE', name: 'سويسرا' }] })
  }

  async function openChair (meeting: CreatedMeeting, language: 'en' | 'ar'): Promise<Page> {
    const chair = await open(withLanguage(meetingLinks(server().url, meeting).chair, language), language === 'ar' ? 'ar' : 'en-US')
    await chair.getByTestId('chair-console').waitFor()
    await chair.getByTestId('sync-indicator').filter({ hasText: language === 'ar' ? 'متصل' : 'Live' }).waitFor()
    return chair
  }

  it('runs the floor: open, call next, reorder by keyboard and by drag and drop, seen by the public within a second', async () => {
    const meeting = seedDemo()
    const chair = await openChair(meeting, 'en')
    const audience = await open(meetingLinks(server().url, meeting).public, 'en-US')
    await audience.getByTestId('current-speaker').waitFor()

    await chair.getByRole('button', { name: 'Open meeting' }).click()
    await chair.getByRole('button', { name: 'Suspend' }).waitFor()
    const secretaryGeneral = 'الأمين العام'
    await chair.getByTestId('call-next').click()
    await audience.getByTestId('current-speaker-name').filter({ hasText: secretaryGeneral }).waitFor({ timeout: PROPAGATION_MS })

    // By keyboard: focus a waiting speaker's handle and press ↓ twice; focus stays on the moved row.
    const before = await listedOrder(chair, '[data-testid="chair-list"]')
    const [, moving, second, third] = before
    if (!moving || !second || !third) throw new Error('the demo list is shorter than expected')
    await chair.locator(`[data-handle="${moving}"]`).focus()
    await chair.keyboard.press('ArrowDown')
    const afterOne = before.filter((id) => id !== moving)
    afterOne.splice(afterOne.indexOf(second) + 1, 0, moving)
    await publicShowsOrder(audience, afterOne)
    await chair.keyboard.press('ArrowDown')
    const afterTwo = before.filter((id) => id !== moving)
    afterTwo.splice(afterTwo.indexOf(third) + 1, 0, moving)
    await publicShowsOrder(audience, afterTwo)
    await chair.getByText(/now 4 of 4/).waitFor({ state: 'attached' })

    // By drag and drop: the fifth Council member onto the top half of the first, so it goes first.
    // Both rows are in view before the drag: a scroll in the middle of one moves the row under the pointer.
    const members = chair.locator('[data-testid="chair-list"] ol').nth(1).locator('[data-speaker-id]')
    const firstMember = await members.first().getAttribute('data-speaker-id')
    const fifthMember = await members.nth(4).getAttribute('data-speaker-id')
    if (!firstMember || !fifthMember) throw new Error('the demo has no Council members')
    await members.first().scrollIntoViewIfNeeded()
    await members.nth(4).dragTo(members.first(), { targetPosition: { x: 40, y: 3 } })
    const dragged = afterTwo.filter((id) => id !== fifthMember)
    dragged.splice(dragged.indexOf(firstMember), 0, fifthMember)
    await publicShowsOrder(audience, dragged)
    expect(await listedOrder(chair, '[data-testid="chair-list"]')).toEqual(dragged)

    // A, then a delegation code: the autocomplete fills the name; Enter adds it at the end of its segment.
    await chair.locator('body').press('a')
    await chair.keyboard.type('che')
    expect(await chair.locator('[data-testid="add-speaker"] input').nth(1).inputValue()).toBe('سويسرا')
    await chair.keyboard.press('Enter')
    await audience.locator('[data-speaker-id]').filter({ hasText: 'سويسرا' }).waitFor({ timeout: PROPAGATION_MS })

    await chair.screenshot({ path: join(artifactsDir, 'chair-console-en.png'), fullPage: true })
  })

  it('calls one speaker for a double press of Call next, by mouse and by keyboard', async () => {
    const meeting = seedDemo()
    const chair = await openChair(meeting, 'en')
    const observer = new RostrumClient({ url: server().url, token: meeting.tokens.public })
    clients.push(observer)
    await observer.whenSynced
    await chair.getByRole('button', { name: 'Open meeting' }).click()
    const callNext = chair.getByTestId('call-next')
    await expect.poll(() => callNext.isEnabled()).toBe(true)

    await callNext.dblclick()
    await expect.poll(() => Object.keys(observer.state?.statements ?? {}).length).toBe(1)
    await expect.poll(() => callNext.isEnabled()).toBe(true)

    // A second later (the speaker's clock says so), a quick double N is again one call.
    await chair.waitForFunction(() => Number(document.querySelector('[data-testid="clock"]')?.getAttribute('data-elapsed-ms')) > 1100)
    await chair.locator('body').press('n')
    await chair.locator('body').press('n')
    await expect.poll(() => Object.keys(observer.state?.statements ?? {}).length).toBe(2)
    await expect.poll(() => callNext.isEnabled()).toBe(true)
    const statements = Object.values(observer.state?.statements ?? {})
    expect(statements.map((statement) => statement.name)).toEqual(['الأمين العام', 'رئيس الجمعية العامة'])
    expect(Object.values(observer.state?.speakers ?? {}).filter((speaker) => speaker.status === 'speaking')).toHaveLength(1)

    // The help overlay lists every floor shortcut.
    await chair.locator('body').press('Shift+Slash')
    const help = chair.getByTestId('shortcuts-help')
    await help.getByText('Call the next speaker').waitFor()
    await chair.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })
  })

  it('accepts an inscription request from the inbox, and the public list shows the new speaker', async () => {
    const meeting = seedDemo()
    const chair = await openChair(meeting, 'en')
    const audience = await open(meetingLinks(server().url, meeting).public, 'en-US')
    await audience.getByTestId('current-speaker').waitFor()
    const token = meeting.tokens.delegations.CHE
    if (!token) throw new Error('the seeded meeting has no CHE link')
    const switzerland = new RostrumClient({ url: server().url, token })
    clients.push(switzerland)
    await switzerland.whenSynced
    const ack = await switzerland.command('request:create', { delegation: 'CHE' as DelegationCode, type: 'inscription', note: 'Ministerial level' })
    expect(ack.ok).toBe(true)

    const inbox = chair.getByTestId('requests-inbox')
    await inbox.getByText('سويسرا').waitFor({ timeout: PROPAGATION_MS })
    await inbox.getByRole('button', { name: 'Accept the request of سويسرا' }).click()
    await audience.locator('[data-speaker-id]').filter({ hasText: 'سويسرا' }).waitFor({ timeout: PROPAGATION_MS })
    await inbox.getByText('No pending requests').waitFor()
  })

  it('renders right to left in Arabic, the list beside the clock on the left', async () => {
    const meeting = seedDemo()
    const chair = await openChair(meeting, 'ar')
    expect(await chair.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    await chair.getByRole('button', { name: 'افتتاح الجلسة' }).click()
    await chair.getByRole('button', { name: 'دعوة المتكلم التالي' }).click()
    await chair.getByTestId('current-speaker-name').filter({ hasText: 'الأمين العام' }).waitFor()

    const clock = await chair.getByTestId('clock').boundingBox()
    const list = await chair.getByTestId('chair-list').boundingBox()
    if (!clock || !list) throw new Error('the clock or the list is not laid out')
    expect(list.x + list.width).toBeLessThanOrEqual(clock.x)
    const controls = await chair.getByTestId('floor-controls').boundingBox()
    expect(controls && controls.x + controls.width).toBeCloseTo(clock.x + clock.width, 0)
    await chair.screenshot({ path: join(artifactsDir, 'chair-console-ar.png'), fullPage: true })
  })
})
