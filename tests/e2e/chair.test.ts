import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { DOUBLE_PRESS_MS } from '../../client/lib/chair-console.svelte.ts'
import { meetingLinks, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { readTags, tagStatement } from '../../shared/doc/notes.ts'
import type { DelegationCode, StatementId } from '../../shared/domain/types.ts'
import { artifactsDir, browserAvailable, pausePageClock, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { seedMeeting } from '../support/server.ts'

/** The ids of the speakers a page lists, in the order it shows them. */
function listedOrder (page: Page, scope: string): Promise<string[]> {
  return page.$$eval(`${scope} [data-speaker-id]`, (rows) => rows.map((row) => row.getAttribute('data-speaker-id') ?? ''))
}

/**
 * Polls the public page until it shows exactly `expected`. How fast a change travels is the
 * benchmarks' to measure (npm run bench), not a test's on a busy machine; here, that it arrives.
 */
async function publicShowsOrder (page: Page, expected: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (ids) => JSON.stringify([...document.querySelectorAll('[data-speaker-id]')].map((row) => row.getAttribute('data-speaker-id'))) === JSON.stringify(ids),
    expected,
    { polling: 'raf' }
  )
}

describe.skipIf(!browserAvailable())('the chair console in a real browser', () => {
  const { server, open, newPage } = useBrowserSuite({ viewport: { width: 1360, height: 1000 } })
  const clients: RostrumClient[] = []
  afterEach(() => {
    for (const client of clients.splice(0)) client.close()
  })

  /** The demo meeting, with one extra delegation that is not yet on the list (to ask for inscription). */
  async function seedDemo (): Promise<CreatedMeeting> {
    const demo = demoMeeting()
    return await seedMeeting(server(), { ...demo, delegations: [...(demo.delegations ?? []), { code: 'AUT', name: 'النمسا' }] })
  }

  /** The chair's console, live; `prepare` runs on the page before it loads (to install a clock). */
  async function openChair (meeting: CreatedMeeting, language: 'en' | 'ar', prepare?: (page: Page) => Promise<void>): Promise<Page> {
    const chair = await newPage(language === 'ar' ? 'ar' : 'en-US')
    await prepare?.(chair)
    await chair.goto(withLanguage(meetingLinks(server().url, meeting).chair, language))
    await chair.getByTestId('chair-console').waitFor()
    await chair.getByTestId('sync-indicator').filter({ hasText: language === 'ar' ? 'متصل' : 'Live' }).waitFor()
    return chair
  }

  it('runs the floor: open, call next, reorder by keyboard and by drag and drop, seen by the public', async () => {
    const meeting = await seedDemo()
    const chair = await openChair(meeting, 'en')
    const audience = await open(meetingLinks(server().url, meeting).public, 'en-US')
    await audience.getByTestId('current-speaker').waitFor()

    await chair.getByRole('button', { name: 'Open meeting' }).click()
    await chair.getByRole('button', { name: 'Suspend' }).waitFor()
    const secretaryGeneral = 'الأمين العام'
    await chair.getByTestId('call-next').click()
    await audience.getByTestId('current-speaker-name').filter({ hasText: secretaryGeneral }).waitFor()

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

    // A, then a delegation code: the autocomplete fills the name (the roster's, in the chair's language);
    // Enter adds it at the end of its segment.
    await chair.locator('body').press('a')
    await chair.keyboard.type('aut')
    expect(await chair.locator('[data-testid="add-speaker"] input').nth(1).inputValue()).toBe('Austria')
    await chair.keyboard.press('Enter')
    await audience.locator('[data-speaker-id]').filter({ hasText: 'Austria' }).waitFor()

    await chair.screenshot({ path: join(artifactsDir, 'chair-console-en.png'), fullPage: true })
  })

  it('calls one speaker for a double press of Call next, by mouse and by keyboard', async () => {
    const meeting = await seedDemo()
    const chair = await openChair(meeting, 'en', (page) => page.clock.install())
    const observer = new RostrumClient({ url: server().url, token: meeting.tokens.public })
    clients.push(observer)
    await observer.whenSynced
    await chair.getByRole('button', { name: 'Open meeting' }).click()
    const callNext = chair.getByTestId('call-next')
    await expect.poll(() => callNext.isEnabled()).toBe(true)

    // From here the page's time moves only when the test moves it: the two presses of a double press
    // stay inside its window however slowly a busy machine delivers them.
    await pausePageClock(chair)
    const pausedAtMs = await chair.evaluate(() => performance.now())
    await callNext.dblclick()
    await expect.poll(() => Object.keys(observer.state?.statements ?? {}).length).toBe(1)
    await expect.poll(() => callNext.isEnabled()).toBe(true)
    // The guard reads performance.now(): it stood still through the call, whatever the real time did.
    expect(await chair.evaluate(() => performance.now())).toBe(pausedAtMs)

    // The window later, a quick double N is again one call.
    await chair.clock.fastForward(DOUBLE_PRESS_MS)
    await chair.locator('body').press('n')
    await chair.locator('body').press('n')
    await expect.poll(() => Object.keys(observer.state?.statements ?? {}).length).toBe(2)
    await expect.poll(() => callNext.isEnabled()).toBe(true)
    const statements = Object.values(observer.state?.statements ?? {})
    expect(statements.map((statement) => statement.name)).toEqual(['الأمين العام', 'رئيس الجمعية العامة'])
    expect(Object.values(observer.state?.speakers ?? {}).filter((speaker) => speaker.status === 'speaking')).toHaveLength(1)

    // The help overlay lists every floor shortcut.
    await chair.clock.resume()
    await chair.locator('body').press('Shift+Slash')
    const help = chair.getByTestId('shortcuts-help')
    await help.getByText('Call the next speaker').waitFor()
    await chair.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })
  })

  it('accepts an inscription request from the inbox, and the public list shows the new speaker', async () => {
    const meeting = (await seedDemo())
    const chair = await openChair(meeting, 'en')
    const audience = await open(meetingLinks(server().url, meeting).public, 'en-US')
    await audience.getByTestId('current-speaker').waitFor()
    const token = meeting.tokens.delegations.AUT
    if (!token) throw new Error('the seeded meeting has no AUT link')
    const austria = new RostrumClient({ url: server().url, token })
    clients.push(austria)
    await austria.whenSynced
    const ack = await austria.command('request:create', { delegation: 'AUT' as DelegationCode, type: 'inscription', note: 'Ministerial level' })
    expect(ack.ok).toBe(true)

    const inbox = chair.getByTestId('requests-inbox')
    // The meeting lists Austria in Arabic; English readers see the roster's English name.
    await inbox.getByText('Austria').waitFor()
    await inbox.getByRole('button', { name: 'Accept the request of Austria' }).click()
    await audience.locator('[data-speaker-id]').filter({ hasText: 'Austria' }).waitFor()
    await inbox.getByText('No pending requests').waitFor()
  })

  it('renders right to left in Arabic, the list beside the clock on the left', async () => {
    const meeting = (await seedDemo())
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

  /** Opens the settings panel, edits question (ب) and runs the Council members' draw; returns the seed shown. */
  async function editQuestionAndDraw (chair: Page, observer: RostrumClient, texts: { save: string; draw: string }): Promise<string> {
    await chair.getByTestId('open-settings').click()
    const settings = chair.getByTestId('meeting-settings')
    await settings.waitFor()
    const question = settings.locator('[data-question-id]').nth(1)
    const edited = 'كيف يمكن إضفاء طابع مؤسسي على هذا التفاعل؟'
    await question.locator('textarea').fill(edited)
    await question.getByRole('button', { name: texts.save }).click()
    await expect.poll(() => observer.state?.questions[1]?.text).toBe(edited)

    const members = settings.getByTestId('settings-segments').locator('li').nth(1)
    expect(await members.getByTestId('draw-seed').count()).toBe(0)
    await members.getByRole('button', { name: texts.draw }).click()
    const seed = (await members.getByTestId('draw-seed').locator('code').textContent()) ?? ''
    expect(seed).toMatch(/^[0-9a-f]{8}$/)
    const membersId = await members.getAttribute('data-segment-id')
    await expect.poll(() => observer.state?.segments[membersId ?? '']?.drawSeed).toBe(seed)
    // The list behind the panel shows it too, for everyone at the chair's desk.
    await chair.locator(`h3[data-segment-id="${membersId}"] [data-testid="list-draw-seed"]`).filter({ hasText: seed }).waitFor({ state: 'attached' })
    return seed
  }

  async function observe (meeting: CreatedMeeting): Promise<RostrumClient> {
    const observer = new RostrumClient({ url: server().url, token: meeting.tokens.public })
    clients.push(observer)
    await observer.whenSynced
    return observer
  }

  it('edits the meeting settings during the meeting: a question, the title, and the draw with its seed', async () => {
    const meeting = (await seedDemo())
    const chair = await openChair(meeting, 'en')
    const observer = await observe(meeting)
    await chair.getByRole('button', { name: 'Open meeting' }).click()
    await chair.getByTestId('call-next').click()
    await editQuestionAndDraw(chair, observer, { save: 'Save', draw: 'Run the draw' })

    const settings = chair.getByTestId('meeting-settings')
    const details = settings.getByTestId('settings-meeting')
    await details.getByLabel('Title').fill('Maintenance of international peace and security')
    await details.getByLabel('Room hours').fill('10:00–13:00, 15:00–18:30')
    await details.getByRole('button', { name: 'Save the meeting details' }).click()
    await expect.poll(() => observer.state?.meeting.roomHours.at(-1)?.end).toBe('18:30')
    expect(observer.state?.meeting.title).toBe('Maintenance of international peace and security')

    // A refused edit shows its reason inside the panel.
    const questions = settings.getByTestId('settings-questions')
    await questions.getByLabel('Label').last().fill('أ')
    await questions.getByLabel('Question', { exact: true }).last().fill('Duplicate?')
    await questions.getByRole('button', { name: 'Add question' }).click()
    await settings.locator('[data-error-code="QUESTION_LABEL_TAKEN"]').waitFor()
    await chair.screenshot({ path: join(artifactsDir, 'chair-settings-en.png') })

    // Removing a question a note-taker has tagged warns with the count, then removes it.
    const notetaker = new RostrumClient({ url: server().url, token: meeting.tokens.notetaker })
    clients.push(notetaker)
    await notetaker.whenSynced
    const last = observer.state!.questions.at(-1)!
    tagStatement(notetaker.notes, observer.state!.floor.statementId as StatementId, last.id, { id: 'nt-1', name: 'Précis writer' }, 1)
    await expect.poll(() => readTags(observer.notes).length).toBe(1)
    const lastRow = settings.locator(`[data-question-id="${last.id}"]`)
    const warning = lastRow.getByRole('alertdialog')
    // The chair's page may take a moment to receive the tag: ask again until the warning counts it.
    await expect.poll(async () => {
      if (await warning.count() > 0) await warning.getByRole('button', { name: 'Cancel' }).click()
      await lastRow.getByRole('button', { name: `Remove question (${last.label})` }).click()
      return warning.textContent()
    }).toContain('tagged 1 statement')
    await warning.getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => observer.state?.questions.some((q) => q.id === last.id)).toBe(false)

    await chair.keyboard.press('Escape')
    await settings.waitFor({ state: 'detached' })
  })

  it('offers a reason after a move against the segment\'s rule, without taking the keyboard away', async () => {
    const meeting = (await seedDemo())
    const chair = await openChair(meeting, 'en')
    const members = chair.locator('[data-testid="chair-list"] ol').nth(1).locator('[data-speaker-id]')
    const moving = await members.first().getAttribute('data-speaker-id')
    await chair.locator(`[data-handle="${moving}"]`).focus()
    await chair.keyboard.press('ArrowDown')
    const reason = chair.getByTestId('move-reason')
    await reason.waitFor()
    await chair.keyboard.press('ArrowDown')
    await chair.getByText(/now 3 of 15/).waitFor({ state: 'attached' })
    expect(await chair.evaluate(() => document.activeElement?.getAttribute('data-handle'))).toBe(moving)

    await reason.getByRole('textbox').fill('The minister must leave early')
    await reason.getByRole('button', { name: 'Record the reason' }).click()
    await reason.waitFor({ state: 'detached' })
    const moves = (await server().store.listAudit(meeting.id)).filter((entry) => entry.type === 'speaker:move')
    expect(moves.at(-1)?.payload).toMatchObject({ speakerId: moving, reason: 'The minister must leave early' })
  })

  it('edits a question and runs the draw in Arabic, the panel right to left', async () => {
    const meeting = (await seedDemo())
    const chair = await openChair(meeting, 'ar')
    const observer = await observe(meeting)
    await editQuestionAndDraw(chair, observer, { save: 'حفظ', draw: 'إجراء القرعة' })
    const settings = chair.getByTestId('meeting-settings')
    const heading = await settings.getByRole('heading', { level: 2 }).boundingBox()
    const close = await settings.getByRole('button', { name: 'إغلاق' }).boundingBox()
    if (!heading || !close) throw new Error('the panel header is not laid out')
    expect(close.x + close.width).toBeLessThan(heading.x)
    await chair.screenshot({ path: join(artifactsDir, 'chair-settings-ar.png') })
  })
})
