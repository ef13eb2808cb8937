import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { MeetingLinks } from '../../shared/protocol/api.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { readTags, statementNotes } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker, type StatementId } from '../../shared/domain/index.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, eventually, seedMeeting } from '../support/server.ts'

const desktop = { width: 1280, height: 900 }
/** Socket.IO backs off up to 5 s between reconnection attempts. */
const RECONNECT_MS = 15_000

describe.skipIf(!browserAvailable())('the note-taker workspace in a real browser', () => {
  const suite = useBrowserSuite({ viewport: desktop })
  let chair: RostrumClient
  let reader: RostrumClient
  let links: MeetingLinks

  beforeAll(async () => {
    const server = suite.server()
    const meeting = await seedMeeting(server, demoMeeting())
    links = meetingLinks(server.url, meeting)
    chair = await connect(server, meeting.tokens.chair)
    reader = await connect(server, meeting.tokens.notetaker)
  })

  afterAll(() => {
    chair?.close()
    reader?.close()
  })

  /** Each note-taker in its own context: its own localStorage, so its own author id. */
  async function open (link: string, locale = 'en-GB'): Promise<{ page: Page; context: BrowserContext }> {
    const page = await suite.open(link, locale)
    await page.getByTestId('notes-workspace').waitFor()
    return { page, context: page.context() }
  }

  async function chairDoes (type: Parameters<RostrumClient['command']>[0], payload: object): Promise<void> {
    const ack = await chair.command(type, payload as never)
    if (!ack.ok) throw new Error(`${type} refused: ${ack.error.code}`)
  }

  const callNext = () => chairDoes('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id, startTimer: true })
  const onFloor = (): StatementId => chair.state!.floor.statementId!
  const notesOf = (page: Page) => page.getByTestId('notes-text').inputValue()
  const question = (page: Page, label: string) => page.locator(`button[data-question="${label}"]`)

  /** The worker holds the page and every script it loaded: a reload offline can start. */
  async function untilShellCached (page: Page): Promise<void> {
    await page.waitForFunction(async () => {
      if (navigator.serviceWorker.controller === null) return false
      const cache = await caches.open('rostrum-shell-v1')
      const cached = new Set((await cache.keys()).map((request) => new URL(request.url).pathname))
      const assets = performance.getEntriesByType('resource')
        .map((entry) => new URL(entry.name))
        .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
      return cached.has('/index.html') && assets.every((url) => cached.has(url.pathname))
    }, undefined, { timeout: 10_000, polling: 100 })
  }

  it('merges two note-takers’ tags and text, across one going offline and reloading', async () => {
    await chairDoes('meeting:open', {})
    await callNext()
    const statementId = onFloor()
    const speaker = chair.state!.statements[statementId]!.name

    const a = await open(links.notetaker)
    const b = await open(links.notetaker)
    for (const { page } of [a, b]) await page.getByTestId('focused-statement').filter({ hasText: speaker }).waitFor()

    // Presence: each sees the other, on the live statement.
    await a.page.getByTestId('peer').filter({ hasText: speaker }).waitFor()
    await b.page.getByTestId('peer').filter({ hasText: speaker }).waitFor()

    // Key 1 toggles (أ), for this note-taker only; both tags make "2 of 2".
    await a.page.keyboard.press('1')
    await expect.poll(() => question(a.page, 'أ').getAttribute('aria-pressed')).toBe('true')
    await b.page.keyboard.press('1')
    for (const { page } of [a, b]) {
      await question(page, 'أ').getByTestId('agreement').filter({ hasText: '2 of 2 note-takers' }).waitFor()
    }
    // Typing a label works too: ب on one page, then off again. (Playwright cannot press a key of
    // the Arabic layout, so the keydown an Arabic keyboard sends is dispatched as is.)
    const pressArabic = (key: string) => b.page.evaluate((pressed) => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: pressed, bubbles: true, cancelable: true }))
    }, key)
    await pressArabic('ب')
    await expect.poll(() => question(b.page, 'ب').getAttribute('aria-pressed')).toBe('true')
    await pressArabic('ب')
    await expect.poll(() => question(b.page, 'ب').getAttribute('aria-pressed')).toBe('false')

    // Both type into the same notes at once.
    const areaA = a.page.getByTestId('notes-text')
    const areaB = b.page.getByTestId('notes-text')
    await areaA.click()
    await areaB.click()
    await Promise.all([areaA.pressSequentially('Alpha on mediation. ', { delay: 15 }), areaB.pressSequentially('Beta on the PBC. ', { delay: 15 })])
    await eventually(() => statementNotes(reader.notes, statementId).length === 'Alpha on mediation. Beta on the PBC. '.length, { message: 'both texts at the server' })
    await expect.poll(() => notesOf(a.page)).toBe(statementNotes(reader.notes, statementId).toString())
    await expect.poll(() => notesOf(b.page)).toBe(statementNotes(reader.notes, statementId).toString())

    // B's network drops: B keeps typing and tagging, then reloads with the network still off.
    await untilShellCached(b.page)
    await b.context.setOffline(true)
    await b.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor()
    await areaB.press('End')
    await areaB.pressSequentially('Offline line.', { delay: 10 })
    await areaB.press('Escape')
    await b.page.keyboard.press('3')
    await expect.poll(() => question(b.page, 'ج').getAttribute('aria-pressed')).toBe('true')
    await areaA.press('End')
    await areaA.pressSequentially(' Online line.', { delay: 10 })
    await eventually(() => statementNotes(reader.notes, statementId).toString().includes('Online line.'), { message: 'A’s line at the server' })
    // y-indexeddb writes each update as it happens; wait for the last one before pulling the plug.
    await b.page.waitForFunction(() => new Promise<boolean>((resolve) => {
      const request = indexedDB.open(`rostrum:${location.pathname.split('/')[2]}:notes`)
      request.onsuccess = () => {
        const count = request.result.transaction('updates').objectStore('updates').count()
        count.onsuccess = () => { resolve(count.result > 0); request.result.close() }
      }
      request.onerror = () => resolve(false)
    }))

    await b.page.reload()
    await b.page.getByTestId('notes-workspace').waitFor()
    await expect.poll(() => notesOf(b.page)).toContain('Offline line.')
    expect(await question(b.page, 'ج').getAttribute('aria-pressed')).toBe('true')
    expect(await notesOf(b.page)).not.toContain('Online line.')
    await areaB.click()
    await areaB.press('End')
    await areaB.pressSequentially(' After reload.', { delay: 10 })

    // Back online: everything merges, nothing lost, on both pages and at the server.
    await b.context.setOffline(false)
    const merged = (text: string) => ['Alpha on mediation.', 'Beta on the PBC.', 'Offline line.', 'Online line.', 'After reload.'].every((part) => text.includes(part))
    await eventually(() => merged(statementNotes(reader.notes, statementId).toString()), { timeoutMs: RECONNECT_MS, message: 'the merged text at the server' })
    const final = statementNotes(reader.notes, statementId).toString()
    await expect.poll(() => notesOf(a.page), { timeout: RECONNECT_MS }).toBe(final)
    await expect.poll(() => notesOf(b.page), { timeout: RECONNECT_MS }).toBe(final)
    const tags = readTags(reader.notes).filter((tag) => tag.statementId === statementId)
    const questionIds = chair.state!.questions.map((item) => item.id)
    expect(tags.filter((tag) => tag.questionId === questionIds[0])).toHaveLength(2)
    expect(tags.filter((tag) => tag.questionId === questionIds[2])).toHaveLength(1)
    expect(tags.filter((tag) => tag.questionId === questionIds[1])).toHaveLength(0)
    await question(a.page, 'ج').getByTestId('agreement').filter({ hasText: '1 of 2 note-takers' }).waitFor({ timeout: RECONNECT_MS })
    await b.page.getByTestId('peer').first().waitFor({ timeout: RECONNECT_MS })

    // Both leave the notes (a sentence typed as the floor moves on keeps its statement open).
    await areaA.press('Escape')
    await areaB.press('Escape')
    // The floor moves on and both follow it. B goes back to the first statement with the arrow keys,
    // a review: when the floor moves again, A follows; B stays (still at work in the list), the
    // review naming the new speaker, until B goes back to the floor.
    await chairDoes('floor:end', {})
    await callNext()
    const second = chair.state!.statements[onFloor()]!.name
    for (const { page } of [a, b]) await page.getByTestId('focused-statement').filter({ hasText: second }).waitFor()
    await b.page.getByTestId('statement-browser').locator('[aria-selected="true"]').focus()
    await b.page.keyboard.press('ArrowDown')
    await b.page.getByTestId('focused-statement').filter({ hasText: speaker }).waitFor()
    await b.page.getByTestId('review-live').filter({ hasText: second }).waitFor()
    await chairDoes('floor:end', {})
    await callNext()
    const third = chair.state!.statements[onFloor()]!.name
    await a.page.getByTestId('focused-statement').filter({ hasText: third }).waitFor()
    await b.page.getByTestId('review-live').filter({ hasText: third }).waitFor()
    expect(await b.page.getByTestId('focused-statement').textContent()).toBe(speaker)
    await b.page.getByTestId('review-banner').getByRole('button').click()
    await b.page.getByTestId('focused-statement').filter({ hasText: third }).waitFor()
  }, 90_000)

  it('marks a highlight and looks calm in English and Arabic (screenshots)', async () => {
    const { page } = await open(withLanguage(links.notetaker, 'en'))
    const area = page.getByTestId('notes-text')
    await area.click()
    await area.press('End')
    await area.pressSequentially(' Proposes an annual joint meeting of the principal organs.', { delay: 5 })
    await page.evaluate(() => {
      const textarea = document.querySelector<HTMLTextAreaElement>('[data-testid="notes-text"]')!
      const start = textarea.value.indexOf('an annual joint meeting')
      textarea.setSelectionRange(start, start + 'an annual joint meeting'.length)
    })
    await page.keyboard.press('Alt+KeyP')
    await page.getByTestId('highlights').filter({ hasText: 'an annual joint meeting' }).waitFor()
    await eventually(() => [...reader.notes.getMap('highlights').values()].length === 1, { message: 'the highlight at the server' })
    await area.press('Escape')
    await page.keyboard.press('1')
    await page.keyboard.press('4')
    await question(page, 'د').getByTestId('agreement').filter({ hasText: '1 of' }).waitFor()
    await page.screenshot({ path: join(artifactsDir, 'notes-workspace-en.png'), fullPage: true })

    const arabic = await open(withLanguage(links.notetaker, 'ar'), 'ar')
    await arabic.page.getByTestId('peer').first().waitFor()
    await arabic.page.screenshot({ path: join(artifactsDir, 'notes-workspace-ar.png'), fullPage: true })
  }, 60_000)
})
