import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { REVIEW_IDLE_MS } from '../../client/lib/statement-review.svelte.ts'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { MeetingLinks } from '../../shared/protocol/api.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { readTags, statementNotes } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker, type QuestionId, type StatementId } from '../../shared/domain/index.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, eventually, seedMeeting } from '../support/server.ts'

/** The machine is shared and slow: generous, never tight. */
const WAIT_MS = 15_000

describe.skipIf(!browserAvailable())('the note-taker’s workspace: following the floor, tag keys, the report', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1280, height: 900 } })
  const clients: RostrumClient[] = []
  afterEach(() => {
    for (const client of clients.splice(0)) client.close()
  })

  /** The demo meeting (in Arabic), a chair and a note-taker connected headless, and its links. */
  async function demo (): Promise<{ chair: RostrumClient; reader: RostrumClient; links: MeetingLinks }> {
    const meeting = await seedMeeting(server(), demoMeeting())
    const chair = await connect(server(), meeting.tokens.chair, clients)
    const reader = await connect(server(), meeting.tokens.notetaker, clients)
    return { chair, reader, links: meetingLinks(server().url, meeting) }
  }

  async function chairDoes (chair: RostrumClient, type: Parameters<RostrumClient['command']>[0], payload: object): Promise<void> {
    const ack = await chair.command(type, payload as never)
    if (!ack.ok) throw new Error(`${type} refused: ${ack.error.code}`)
  }

  /** Ends the statement on the floor (if any) and gives the floor to the next speaker; returns the statement. */
  async function nextSpeaker (chair: RostrumClient): Promise<{ id: StatementId; name: string }> {
    if (chair.state!.floor.statementId !== null) await chairDoes(chair, 'floor:end', {})
    await chairDoes(chair, 'floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id, startTimer: true })
    const id = chair.state!.floor.statementId!
    return { id, name: chair.state!.statements[id]!.name }
  }

  async function openNotes (link: string, language: 'en' | 'ar'): Promise<Page> {
    const page = await open(withLanguage(link, language), language === 'ar' ? 'ar' : 'en-GB')
    await page.getByTestId('notes-workspace').waitFor({ timeout: WAIT_MS })
    return page
  }

  /**
   * The notes page with its clock in the test's hands: once loaded and connected, the page's timers
   * fire only when the test moves time, so no review ends by itself while the test is slow.
   */
  async function openNotesOnHeldClock (link: string, language: 'en' | 'ar' = 'en'): Promise<Page> {
    const page = await open('about:blank', language === 'ar' ? 'ar' : 'en-GB')
    await page.clock.install()
    await page.goto(withLanguage(link, language))
    await page.getByTestId('notes-workspace').waitFor({ timeout: WAIT_MS })
    await page.getByTestId('focused-statement').waitFor({ timeout: WAIT_MS })
    await page.clock.pauseAt(Date.now() + 1000)
    return page
  }

  const focusedIs = (page: Page, name: string) => page.getByTestId('focused-statement').filter({ hasText: name }).waitFor({ timeout: WAIT_MS })
  const question = (page: Page, label: string) => page.locator(`button[data-question="${label}"]`)
  const questionIds = (chair: RostrumClient): QuestionId[] => chair.state!.questions.map((item) => item.id)
  /** This note-taker's tags on a statement, as question ids, in the questions' order. */
  const tagsOn = (reader: RostrumClient, chair: RostrumClient, statementId: StatementId): QuestionId[] => {
    const tagged = new Set(readTags(reader.notes).filter((tag) => tag.statementId === statementId).map((tag) => tag.questionId))
    return questionIds(chair).filter((id) => tagged.has(id))
  }

  it('follows the floor; an earlier statement is a visible review that ends when left, and a tag pressed for the new speaker says where it went', async () => {
    const { chair, reader, links } = await demo()
    await chairDoes(chair, 'meeting:open', {})
    const sg = await nextSpeaker(chair)
    const page = await openNotesOnHeldClock(links.notetaker)
    await focusedIs(page, sg.name)
    const second = await nextSpeaker(chair)
    await focusedIs(page, second.name)
    expect(await page.getByTestId('review-banner').count()).toBe(0)
    const [q1, q2, q3] = questionIds(chair)
    await page.screenshot({ path: join(artifactsDir, 'notes-follow-en.png'), fullPage: true })

    // The note-taker goes back to the Secretary-General's statement to finish a line: a review, said so.
    await page.getByTestId('statement-browser').locator(`[data-statement-id="${sg.id}"]`).click()
    await focusedIs(page, sg.name)
    const banner = page.getByTestId('review-banner')
    // (Names sit between bidi isolates in the sentence, so they are matched on their own.)
    await banner.filter({ hasText: 'Reviewing an earlier statement:' }).filter({ hasText: sg.name }).waitFor({ timeout: WAIT_MS })
    await banner.getByTestId('review-live').filter({ hasText: second.name }).waitFor()
    const area = page.getByTestId('notes-text')
    await area.click()
    await area.pressSequentially('Prevention first.', { delay: 10 })

    // Meanwhile the chair gives the floor to the next speaker: the page stays on the line being
    // written, and the banner names who speaks now.
    const third = await nextSpeaker(chair)
    await banner.getByTestId('review-live').filter({ hasText: third.name }).waitFor({ timeout: WAIT_MS })
    expect(await page.getByTestId('focused-statement').textContent()).toBe(sg.name)

    // A tag key for the speaker on the floor, pressed in the notes: it goes to the statement on
    // screen, and the page says so at once, with the speaker on the floor one click away.
    await page.keyboard.press('Alt+Digit2')
    const notice = page.getByTestId('tag-notice')
    await notice.filter({ hasText: 'tagged on the statement by' }).filter({ hasText: 'which you are reviewing' })
      .filter({ hasText: sg.name }).filter({ hasText: third.name }).waitFor({ timeout: WAIT_MS })
    await page.screenshot({ path: join(artifactsDir, 'notes-review-en.png'), fullPage: true })
    await eventually(() => tagsOn(reader, chair, sg.id).includes(q2!), { timeoutMs: WAIT_MS, message: 'the tag on the reviewed statement' })
    const move = notice.getByRole('button')
    expect(await move.textContent()).toBe(`Tag \u2068${third.name}\u2069 instead`)
    await move.click()
    await focusedIs(page, third.name)
    await page.getByTestId('review-banner').waitFor({ state: 'detached', timeout: WAIT_MS })
    await eventually(() => tagsOn(reader, chair, third.id).includes(q2!) && tagsOn(reader, chair, sg.id).length === 0, { timeoutMs: WAIT_MS, message: 'the tag moved to the speaker on the floor' })

    // Back to the Secretary-General's notes, then out of them (to the name field): the review ends by
    // itself, and a tag key goes to the speaker on the floor.
    await page.getByTestId('statement-browser').locator(`[data-statement-id="${sg.id}"]`).click()
    await banner.waitFor({ timeout: WAIT_MS })
    await area.click()
    await page.getByTestId('presence').getByRole('textbox').click()
    await page.getByTestId('review-banner').waitFor({ state: 'detached', timeout: WAIT_MS })
    await focusedIs(page, third.name)
    await page.keyboard.press('Alt+Digit3')
    await expect.poll(() => question(page, chair.state!.questions[2]!.label).getAttribute('aria-pressed'), { timeout: WAIT_MS }).toBe('true')

    // New speakers come and go: the page follows, and the keys tag whoever speaks.
    const fourth = await nextSpeaker(chair)
    await focusedIs(page, fourth.name)
    await page.getByTestId('focused-statement').click()
    await page.keyboard.press('1')
    await eventually(() => tagsOn(reader, chair, fourth.id).includes(q1!), { timeoutMs: WAIT_MS, message: 'the tag on the fourth speaker' })

    // A look back at the Secretary-General's statement, then nothing: the review ends after the idle time.
    await page.getByTestId('statement-browser').locator(`[data-statement-id="${sg.id}"]`).click()
    await banner.waitFor({ timeout: WAIT_MS })
    await page.clock.runFor(REVIEW_IDLE_MS - 1000)
    expect(await banner.count()).toBe(1)
    await page.clock.runFor(1000)
    await banner.waitFor({ state: 'detached', timeout: WAIT_MS })
    await focusedIs(page, fourth.name)

    expect(tagsOn(reader, chair, sg.id)).toEqual([])
    expect(tagsOn(reader, chair, second.id)).toEqual([])
    expect(tagsOn(reader, chair, third.id)).toEqual([q2, q3])
    expect(tagsOn(reader, chair, fourth.id)).toEqual([q1])
    expect(statementNotes(reader.notes, sg.id).toString()).toBe('Prevention first.')
    expect(statementNotes(reader.notes, third.id).toString()).toBe('')
  })

  it('tags with Alt+digit or Alt+letter while typing in the notes, inserting no text, and shows it in the help', async () => {
    const { chair, reader, links } = await demo()
    await chairDoes(chair, 'meeting:open', {})
    const sg = await nextSpeaker(chair)
    const page = await openNotes(links.notetaker, 'en')
    await focusedIs(page, sg.name)
    const [q1, q2, q3] = questionIds(chair)
    const [l1, l2, l3] = chair.state!.questions.map((item) => item.label)

    // Plain digits in the notes are text: paragraph numbers are part of the notes.
    const area = page.getByTestId('notes-text')
    await area.click()
    await area.pressSequentially('Para 14', { delay: 10 })
    await expect.poll(() => area.inputValue()).toBe('Para 14')
    expect(await question(page, l1!).getAttribute('aria-pressed')).toBe('false')

    // Alt+1 as a keyboard sends it where Alt+digit types a character (macOS Option+1 types "¡"):
    // the key event carries the text, and only the page's handling keeps it out of the notes.
    const cdp = await page.context().newCDPSession(page)
    const ALT = 1
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', modifiers: ALT, key: '¡', code: 'Digit1', windowsVirtualKeyCode: 49, text: '¡', unmodifiedText: '1' })
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', modifiers: ALT, key: '¡', code: 'Digit1', windowsVirtualKeyCode: 49 })
    await expect.poll(() => question(page, l1!).getAttribute('aria-pressed'), { timeout: WAIT_MS }).toBe('true')
    // Alt+2 as Chromium on Linux sends it, and Alt with a question's letter (ج on an Arabic layout).
    await page.keyboard.press('Alt+Digit2')
    await expect.poll(() => question(page, l2!).getAttribute('aria-pressed'), { timeout: WAIT_MS }).toBe('true')
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', modifiers: ALT, key: 'ج', code: 'BracketLeft', windowsVirtualKeyCode: 219, text: 'ج', unmodifiedText: 'ج' })
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', modifiers: ALT, key: 'ج', code: 'BracketLeft', windowsVirtualKeyCode: 219 })
    await expect.poll(() => question(page, l3!).getAttribute('aria-pressed'), { timeout: WAIT_MS }).toBe('true')
    expect(await area.inputValue()).toBe('Para 14')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('notes-text')
    await eventually(() => tagsOn(reader, chair, sg.id).length === 3, { timeoutMs: WAIT_MS, message: 'three tags at the server' })
    expect(tagsOn(reader, chair, sg.id)).toEqual([q1, q2, q3])
    await eventually(() => statementNotes(reader.notes, sg.id).toString() === 'Para 14', { timeoutMs: WAIT_MS, message: 'the notes at the server' })

    // The help says so: Esc leaves the notes, ? opens it.
    await area.press('Escape')
    await page.keyboard.press('Shift+Slash')
    const help = page.getByTestId('notes-help')
    await help.filter({ hasText: 'Alt+1' }).filter({ hasText: 'anywhere, also while typing in the notes' }).waitFor({ timeout: WAIT_MS })
    await help.filter({ hasText: 'Picking an earlier statement opens it for review' }).waitFor()
    await page.screenshot({ path: join(artifactsDir, 'notes-help-en.png') })
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached', timeout: WAIT_MS })
    expect(await question(page, l1!).getAttribute('aria-pressed')).toBe('true')
  })

  it('links the note-taker and the chair to the report, heat-map and exports, the token travelling with the link', async () => {
    const { chair, links } = await demo()
    await chairDoes(chair, 'meeting:open', {})
    await nextSpeaker(chair)

    for (const [link, name] of [[links.notetaker, 'notes'], [links.chair, 'chair']] as const) {
      const page = await openNotesOrChair(link, name)
      const reportLink = page.getByTestId('report-link')
      await reportLink.filter({ hasText: 'Report & exports' }).waitFor({ timeout: WAIT_MS })
      await page.locator('header').first().screenshot({ path: join(artifactsDir, `report-link-${name}-en.png`) })

      // Clicked: a new tab, so the live page stays open.
      const [popup] = await Promise.all([page.context().waitForEvent('page'), reportLink.click()])
      await popup.getByTestId('report').waitFor({ timeout: WAIT_MS })
      await popup.getByTestId('heat-map').waitFor()
      expect(popup.url()).not.toContain('token=')
      // The exports take this page's token too: the CSV downloads.
      const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByTestId('exports').getByRole('button', { name: 'Spreadsheet (CSV)' }).click()])
      expect(download.suggestedFilename()).toMatch(/\.csv$/)
      // Copied to another browser (a fresh context shares nothing with this tab): still the report.
      const href = await reportLink.getAttribute('href')
      expect(href).toMatch(/\/report\?lang=en#token=/)
      const elsewhere = await open(new URL(href!, server().url).href)
      await elsewhere.getByTestId('report').waitFor({ timeout: WAIT_MS })
      await elsewhere.getByTestId('heat-map').waitFor()
    }
  })

  async function openNotesOrChair (link: string, view: 'notes' | 'chair'): Promise<Page> {
    if (view === 'notes') return openNotes(link, 'en')
    const page = await open(withLanguage(link, 'en'))
    await page.getByTestId('chair-console').waitFor({ timeout: WAIT_MS })
    return page
  }

  it('looks right in Arabic, following and reviewing (screenshots)', async () => {
    const { chair, links } = await demo()
    await chairDoes(chair, 'meeting:open', {})
    const sg = await nextSpeaker(chair)
    await nextSpeaker(chair)
    const page = await openNotesOnHeldClock(links.notetaker, 'ar')
    await page.getByTestId('focus-badge').filter({ hasText: 'يتكلم الآن' }).waitFor({ timeout: WAIT_MS })
    await page.getByTestId('report-link').filter({ hasText: 'التقرير والتصدير' }).waitFor()
    await page.screenshot({ path: join(artifactsDir, 'notes-follow-ar.png'), fullPage: true })

    await page.getByTestId('statement-browser').locator(`[data-statement-id="${sg.id}"]`).click()
    await page.getByTestId('review-banner').filter({ hasText: 'تراجع كلمة سابقة' }).waitFor({ timeout: WAIT_MS })
    await nextSpeaker(chair)
    await page.getByTestId('notes-text').click()
    await page.keyboard.press('Alt+Digit2')
    await page.getByTestId('tag-notice').waitFor({ timeout: WAIT_MS })
    await page.screenshot({ path: join(artifactsDir, 'notes-review-ar.png'), fullPage: true })
    await page.getByRole('button', { name: 'المفاتيح والأوضاع' }).click()
    await page.getByTestId('notes-help').waitFor({ timeout: WAIT_MS })
    await page.screenshot({ path: join(artifactsDir, 'notes-help-ar.png') })
  })
})
