import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { meetingLinks, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker, type DelegationCode } from '../../shared/domain/index.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

/** Generous: five other builds and browsers share this machine's two cores. */
const WAIT_MS = 15_000
const poll = { timeout: WAIT_MS }
const CONSOLE = '[data-testid="chair-console"]'
/** What a 1440×900 screen leaves a maximised browser for the page, below the menu bar, tabs and address bar. */
const BROWSER_WINDOW_HEIGHT = 790

/** "yes" when the focused element matches `selector`; otherwise what has the focus, for the failure message. */
/**
 * Waits until the page shows the speaker the server's client sees on the floor: a key pressed before
 * then acts on the list as the page last knew it (L would focus the speaker just called).
 */
async function pageShowsTheFloor (page: Page, chair: RostrumClient): Promise<void> {
  const speakerId = chair.state?.floor.speakerId
  if (speakerId === null || speakerId === undefined) throw new Error('nobody has the floor')
  const name = chair.state!.speakers[speakerId]!.name
  await page.getByTestId('current-speaker-name').filter({ hasText: name }).waitFor({ timeout: WAIT_MS })
}

function focusIs (page: Page, selector: string): Promise<string> {
  return page.evaluate((wanted) => {
    const active = document.activeElement
    if (active?.matches(wanted)) return 'yes'
    return active === null || active === document.body ? 'the page body' : active.outerHTML.slice(0, 160)
  }, selector)
}

describe.skipIf(!browserAvailable())('the chair console by keyboard: shortcuts, focus and the list at 1440×900', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1440, height: 900 } })
  const clients: RostrumClient[] = []
  afterEach(() => {
    for (const client of clients.splice(0)) client.close()
  })

  /** The demo meeting (two extra delegations not yet on the list, to ask for inscription), and a headless chair. */
  async function seedDemo (): Promise<{ meeting: CreatedMeeting; chair: RostrumClient }> {
    const demo = demoMeeting()
    const meeting = await seedMeeting(server(), {
      ...demo,
      roomHours: [{ start: '00:00', end: '23:59' }],
      delegations: [...(demo.delegations ?? []), { code: 'AUT', name: 'النمسا' }, { code: 'GHA', name: 'غانا' }]
    })
    return { meeting, chair: await connect(server(), meeting.tokens.chair, clients) }
  }

  async function does (chair: RostrumClient, type: Parameters<RostrumClient['command']>[0], payload: object): Promise<void> {
    const ack = await chair.command(type, payload as never)
    if (!ack.ok) throw new Error(`${type} refused: ${ack.error.code}`)
  }

  /** Opens the meeting and delivers `count` statements, from the headless chair. */
  async function deliver (chair: RostrumClient, count: number): Promise<void> {
    if (chair.state?.meeting.status === 'scheduled') await does(chair, 'meeting:open', {})
    for (let i = 0; i < count; i++) {
      await does(chair, 'floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
      await does(chair, 'floor:end', {})
    }
  }

  async function openChair (meeting: CreatedMeeting, language: 'en' | 'ar' = 'en'): Promise<Page> {
    const page = await open(withLanguage(meetingLinks(server().url, meeting).chair, language), language === 'ar' ? 'ar' : 'en-US')
    await page.getByTestId('chair-console').waitFor({ timeout: WAIT_MS })
    await page.getByTestId('sync-indicator').filter({ hasText: language === 'ar' ? 'متصل' : 'Live' }).waitFor({ timeout: WAIT_MS })
    return page
  }

  const statementCount = (chair: RostrumClient) => Object.keys(chair.state?.statements ?? {}).length

  it('keeps every shortcut working after L and after a keyboard reorder, and Escape brings the focus back to the console', async () => {
    const { meeting, chair } = await seedDemo()
    await does(chair, 'meeting:open', {})
    const page = await openChair(meeting)

    // L puts the focus on the next speaker's handle; N from there calls them.
    await page.locator('body').press('l')
    await expect.poll(() => focusIs(page, '[data-handle]'), poll).toBe('yes')
    await page.keyboard.press('n')
    await expect.poll(() => statementCount(chair), poll).toBe(1)
    await pageShowsTheFloor(page, chair)
    const calledAtMs = await page.evaluate(() => performance.now())

    // A keyboard reorder keeps the focus on the moved row's handle; ? and E still work from there.
    await page.locator('body').press('l')
    await page.keyboard.press('ArrowDown')
    await page.getByText(/now 3 of 4/).waitFor({ state: 'attached', timeout: WAIT_MS })
    await expect.poll(() => focusIs(page, '[data-handle]'), poll).toBe('yes')
    await page.keyboard.press('Shift+Slash')
    const help = page.getByTestId('shortcuts-help')
    await help.waitFor({ timeout: WAIT_MS })
    // W asks before circulating the remaining statements in writing (record-times.test.ts presses it).
    expect(await help.getByRole('row').filter({ hasText: 'Circulate the remaining statements in writing (asks first)' }).getByText('W', { exact: true }).count()).toBe(1)
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached', timeout: WAIT_MS })
    await page.keyboard.press('e')
    await expect.poll(() => chair.state?.floor.statementId ?? null, poll).toBeNull()

    // Escape lets go of the handle: the focus is on the console itself, where the shortcuts work.
    await page.locator('body').press('l')
    await expect.poll(() => focusIs(page, '[data-handle]'), poll).toBe('yes')
    await page.keyboard.press('Escape')
    await expect.poll(() => focusIs(page, CONSOLE), poll).toBe('yes')
    // A second N within DOUBLE_PRESS_MS of the first call would be taken for a double press.
    await page.waitForFunction((since) => performance.now() - since > 1100, calledAtMs, { timeout: WAIT_MS })
    await page.keyboard.press('n')
    await expect.poll(() => statementCount(chair), poll).toBe(2)

    // In a text field the letters are text, and Escape leaves the field for the console.
    await page.keyboard.press('a')
    await expect.poll(() => focusIs(page, '#chair-add-delegation'), poll).toBe('yes')
    await page.keyboard.type('en')
    expect(await page.locator('#chair-add-delegation').inputValue()).toBe('en')
    expect(statementCount(chair)).toBe(2)
    await page.keyboard.press('Escape')
    await expect.poll(() => focusIs(page, CONSOLE), poll).toBe('yes')
    await page.keyboard.press('e')
    await expect.poll(() => chair.state?.floor.statementId ?? null, poll).toBeNull()
  })

  it('leaves the focus where the next key press is useful after each action, and confirmations take it', async () => {
    const { meeting, chair } = await seedDemo()
    const page = await openChair(meeting)

    // Open meeting: the next thing to press is Call next.
    await page.getByRole('button', { name: 'Open meeting' }).click()
    await expect.poll(() => focusIs(page, '[data-testid="call-next"]'), poll).toBe('yes')
    await page.keyboard.press('Enter')
    await expect.poll(() => statementCount(chair), poll).toBe(1)
    await pageShowsTheFloor(page, chair)
    const calledAtMs = await page.evaluate(() => performance.now())
    // End statement disables its own button (nobody on the floor): the focus goes to Call next,
    // whether it was pressed by its key or clicked.
    await page.getByTestId('end-statement').focus()
    await page.keyboard.press('e')
    await expect.poll(() => focusIs(page, '[data-testid="call-next"]'), poll).toBe('yes')
    await page.waitForFunction((since) => performance.now() - since > 1100, calledAtMs, { timeout: WAIT_MS })
    await page.keyboard.press('Enter')
    await expect.poll(() => statementCount(chair), poll).toBe(2)
    await page.getByTestId('end-statement').click()
    await expect.poll(() => focusIs(page, '[data-testid="call-next"]'), poll).toBe('yes')

    // Adjourn asks for confirmation, which takes the focus; Escape goes back to Adjourn.
    await page.getByRole('button', { name: 'Adjourn' }).click()
    await expect.poll(() => focusIs(page, '[data-meeting-action="adjourn"]'), poll).toBe('yes')
    await page.keyboard.press('Escape')
    await expect.poll(() => focusIs(page, 'button:not([data-meeting-action])'), poll).toBe('yes')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Adjourn')
    await page.keyboard.press('Enter')
    await expect.poll(() => focusIs(page, '[data-meeting-action="adjourn"]'), poll).toBe('yes')
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()), poll).toBe('Adjourn')

    // R goes to the first Accept button; after each acceptance the focus moves to the next one, then to the inbox.
    for (const code of ['AUT', 'GHA']) {
      const delegation = await connect(server(), meeting.tokens.delegations[code] ?? '', clients)
      const ack = await delegation.command('request:create', { delegation: code as DelegationCode, type: 'inscription' })
      expect(ack.ok).toBe(true)
    }
    const inbox = page.getByTestId('requests-inbox')
    // An English chair reads the roster's names in English, whatever the list was typed in.
    await inbox.getByText('Ghana').waitFor({ timeout: WAIT_MS })
    await page.keyboard.press('Escape')
    await page.keyboard.press('r')
    await expect.poll(() => focusIs(page, '[aria-label="Accept the request of Austria"]'), poll).toBe('yes')
    await page.keyboard.press('Enter')
    await expect.poll(() => focusIs(page, '[aria-label="Accept the request of Ghana"]'), poll).toBe('yes')
    await page.keyboard.press('Enter')
    await inbox.getByText('No pending requests').waitFor({ timeout: WAIT_MS })
    await expect.poll(() => focusIs(page, '#chair-requests-heading'), poll).toBe('yes')

    // Edit puts the caret at the end of the name, nothing selected; Save and Cancel go back to the row's Edit.
    const row = page.locator('[data-testid="chair-list"] li.next')
    const speakerId = await row.getAttribute('data-speaker-id')
    const name = chair.state!.speakers[speakerId ?? '']!.name
    const edit = `[data-speaker-id="${speakerId}"] [data-action="edit"]`
    await page.locator(edit).click()
    await expect.poll(() => focusIs(page, '.editor input'), poll).toBe('yes')
    expect(await page.evaluate(() => {
      const input = document.activeElement as HTMLInputElement
      return [input.selectionStart, input.selectionEnd, input.value.length]
    })).toEqual([name.length, name.length, name.length])
    await page.keyboard.type(' (corrected)')
    await page.keyboard.press('Enter')
    await expect.poll(() => chair.state?.speakers[speakerId ?? '']?.name, poll).toBe(`${name} (corrected)`)
    await expect.poll(() => focusIs(page, edit), poll).toBe('yes')
    await page.keyboard.press('Enter')
    await expect.poll(() => focusIs(page, '.editor input'), poll).toBe('yes')
    await page.keyboard.press('Escape')
    await expect.poll(() => focusIs(page, edit), poll).toBe('yes')
    await page.locator(edit).click()
    await page.locator('.editor').getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => focusIs(page, edit), poll).toBe('yes')

    // Pass and Restore trade places in the row, and the focus follows; Give floor goes on to End statement.
    await page.locator(`[data-speaker-id="${speakerId}"] [data-action="pass"]`).click()
    await expect.poll(() => focusIs(page, `[data-speaker-id="${speakerId}"] [data-action="restore"]`), poll).toBe('yes')
    await page.keyboard.press('Enter')
    await expect.poll(() => focusIs(page, `[data-speaker-id="${speakerId}"] [data-action="give"]`), poll).toBe('yes')
    await page.keyboard.press('Enter')
    await expect.poll(() => chair.state?.speakers[speakerId ?? '']?.status, poll).toBe('speaking')
    await expect.poll(() => focusIs(page, '[data-testid="end-statement"]'), poll).toBe('yes')

    // Run the draw keeps the focus on its button while the draw is on its way and after.
    await page.getByTestId('open-settings').click()
    const members = page.getByTestId('meeting-settings').getByTestId('settings-segments').locator('li').nth(1)
    await members.getByRole('button', { name: 'Run the draw' }).click()
    await members.getByTestId('draw-seed').waitFor({ timeout: WAIT_MS })
    await expect.poll(() => focusIs(page, '[data-testid="run-order"]'), poll).toBe('yes')

    // Saving a question disables its Save button (nothing left to save): the chair is left in the text.
    const question = page.getByTestId('meeting-settings').locator('[data-question-id]').first()
    const questionId = await question.getAttribute('data-question-id')
    await question.locator('textarea').fill('Revised?')
    await question.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => chair.state?.questions[0]?.text, poll).toBe('Revised?')
    await expect.poll(() => focusIs(page, `[data-question-id="${questionId}"] textarea`), poll).toBe('yes')
    // Moving it down moves its row in the page: the focus stays on the arrow pressed.
    await question.getByRole('button', { name: /Move .* down/ }).click()
    await expect.poll(() => chair.state?.questions[1]?.id, poll).toBe(questionId)
    await expect.poll(() => focusIs(page, `[data-question-id="${questionId}"] button[aria-label*="down"]`), poll).toBe('yes')
  })

  it('keeps the next speaker and the floor controls in view after ten statements, spoken rows folded away', async () => {
    const { meeting, chair } = await seedDemo()
    await deliver(chair, 10)
    await does(chair, 'floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id, startTimer: true })
    for (const language of ['en', 'ar'] as const) {
      const page = await openChair(meeting, language)
      const next = page.locator('[data-testid="chair-list"] li.next')
      await next.waitFor({ timeout: WAIT_MS })
      // Without scrolling, the next speaker's row is on screen, even below a browser's tabs and address bar.
      const box = await next.boundingBox()
      expect(box && box.y + box.height).toBeLessThanOrEqual(BROWSER_WINDOW_HEIGHT)
      // Spoken rows are folded into one line per segment, which unfolds them.
      const toggles = page.getByTestId('spoken-toggle')
      expect(await toggles.count()).toBe(2)
      expect(await page.locator('[data-testid="chair-list"] [data-status="spoken"]').count()).toBe(0)
      await page.screenshot({ path: join(artifactsDir, `chair-after-ten-${language}.png`) })

      // Scrolled to the end of the list, Call next and the clock are still in view.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
      await expect.poll(() => page.evaluate(() => window.scrollY), poll).toBeGreaterThan(0)
      const callNext = await page.getByTestId('call-next').boundingBox()
      expect(callNext && callNext.y).toBeGreaterThanOrEqual(0)
      expect(callNext && callNext.y + callNext.height).toBeLessThanOrEqual(900)
      await page.screenshot({ path: join(artifactsDir, `chair-after-ten-scrolled-${language}.png`) })

      await page.evaluate(() => window.scrollTo(0, 0))
      await toggles.first().click()
      expect(await toggles.first().getAttribute('aria-expanded')).toBe('true')
      await expect.poll(() => page.locator('[data-testid="chair-list"] [data-status="spoken"]').count(), poll).toBe(4)
      await toggles.first().click()
      await expect.poll(() => page.locator('[data-testid="chair-list"] [data-status="spoken"]').count(), poll).toBe(0)
    }
  })

  it('lets the out-of-order banner go by itself on the chair\'s next action, not on a further move', async () => {
    const { meeting, chair } = await seedDemo()
    await does(chair, 'meeting:open', {})
    const page = await openChair(meeting)
    const members = page.locator('[data-testid="chair-list"] ol').nth(1).locator('[data-speaker-id]')
    const moving = await members.first().getAttribute('data-speaker-id')
    await page.locator(`[data-handle="${moving}"]`).focus()
    await page.keyboard.press('ArrowDown')
    const reason = page.getByTestId('move-reason')
    await reason.waitFor({ timeout: WAIT_MS })
    await page.keyboard.press('ArrowDown')
    await page.getByText(/now 3 of 15/).waitFor({ state: 'attached', timeout: WAIT_MS })
    expect(await reason.count()).toBe(1)
    // Read, and the chair moves on: the next call is the moment the banner goes.
    await page.keyboard.press('n')
    await expect.poll(() => statementCount(chair), poll).toBe(1)
    await reason.waitFor({ state: 'detached', timeout: WAIT_MS })
  })
})
