// A meeting's own texts (title, names, segments, questions, notes) keep their own direction whatever
// the interface language: an Arabic title on an English page reads from its first word.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { addHighlight, statementNotes, tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker, type CommandPayloads, type CommandType } from '../../shared/domain/index.ts'
import { artifactsDir, browserAvailable, useBrowserSuite } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

const WIDE = { width: 1440, height: 900 }
/** Delegations and note-takers follow on their phones, where long titles and names wrap. */
const PHONE = { width: 390, height: 844 }

/** `?lang=` before the fragment (which carries the token); `view` replaces the link's last part. */
function linkTo (link: string, language: string, view?: string): string {
  const [page = link, fragment = ''] = link.split('#')
  const path = view === undefined ? page : page.replace(/\/[a-z]+$/, `/${view}`)
  return `${path}?lang=${language}#${fragment}`
}

/**
 * Every box on the page whose whole text is a right-to-left text that the box cuts (ellipsis, clipping,
 * a clamp to some lines) or wraps, while the box itself runs left to right: there the text is cut
 * from its start, or its lines are aligned and ragged on the wrong side. A one-line name in a list row
 * may keep the interface's alignment: its own isolation is enough there.
 */
function misdirectedBoxes (page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const firstStrongIsRtl = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}]/u
    const found = new Set<string>()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? ''
      if (!firstStrongIsRtl.test(text)) continue
      // The box the text is laid out in: inline elements only pass their text on.
      let box = node.parentElement
      while (box !== null && box.parentElement !== null && getComputedStyle(box).display === 'inline') box = box.parentElement
      if (box === null || box.textContent?.trim() !== text) continue
      const rect = box.getBoundingClientRect()
      if (rect.width <= 1 || rect.height <= 1) continue
      const style = getComputedStyle(box)
      const range = document.createRange()
      range.selectNodeContents(node)
      const lineTops = new Set([...range.getClientRects()].map((line) => Math.round(line.top)))
      const cuts = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none'
      if ((cuts || lineTops.size > 1) && style.direction !== 'rtl') {
        found.add(`<${box.tagName.toLowerCase()} class="${box.className}">${text.slice(0, 30)}`)
      }
    }
    return [...found]
  })
}

/** Whether the title's first word is drawn inside the title's visible box. */
function firstWordVisible (page: Page): Promise<boolean> {
  return page.getByTestId('meeting-title').evaluate((title) => {
    const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT)
    const node = walker.nextNode()
    const text = node?.textContent ?? ''
    const start = text.search(/\S/)
    const end = text.indexOf(' ', start)
    if (node === null || start < 0 || end < 0) return false
    const range = document.createRange()
    range.setStart(node, start)
    range.setEnd(node, end)
    const word = range.getBoundingClientRect()
    const box = title.getBoundingClientRect()
    return word.width > 0 && word.left >= box.left - 1 && word.right <= box.right + 1
  })
}

describe.skipIf(!browserAvailable())('a meeting\'s own texts keep their direction in every interface language', () => {
  const suite = useBrowserSuite({ viewport: WIDE })

  async function command<T extends CommandType> (client: RostrumClient, type: T, payload: CommandPayloads[T]): Promise<void> {
    expect(await client.command(type, payload), type).toMatchObject({ ok: true })
  }

  it('an Arabic meeting on English pages: every view, its title from the first word', async () => {
    const server = suite.server()
    const clients: RostrumClient[] = []
    // The room sits all day, so the pages look as during a sitting whatever the hour.
    const created = await seedMeeting(server, { ...demoMeeting(), roomHours: [{ start: '00:00', end: '23:59' }] })
    const links = meetingLinks(server.url, created)
    try {
      const chair = await connect(server, created.tokens.chair, clients)
      const notetaker = await connect(server, created.tokens.notetaker, clients)
      await command(chair, 'meeting:open', {})
      const call = () => command(chair, 'floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
      await call()
      const first = chair.state!.floor.statementId!
      const author = { id: 'precis-1', name: 'كاتب المحضر' }
      tagStatement(notetaker.notes, first, chair.state!.questions[0]!.id, author, Date.now())
      statementNotes(notetaker.notes, first).insert(0, 'اقترح عقد اجتماع سنوي لرؤساء الأجهزة الرئيسية.')
      addHighlight(notetaker.notes, first, { kind: 'proposal', text: 'اجتماع سنوي لرؤساء الأجهزة الرئيسية' }, author, Date.now())
      await call()

      const delegation = Object.values(links.delegations)[0]!
      const views: [string, string, typeof WIDE][] = [
        ['screen', linkTo(links.screen, 'en'), WIDE],
        ['chair', linkTo(links.chair, 'en'), WIDE],
        ['notes', linkTo(links.notetaker, 'en'), WIDE],
        ['public', linkTo(links.public, 'en'), WIDE],
        ['report', linkTo(links.chair, 'en', 'report'), WIDE],
        ['notes-phone', linkTo(links.notetaker, 'en'), PHONE],
        ['public-phone', linkTo(links.public, 'en'), PHONE],
        ['delegation-phone', linkTo(delegation, 'en'), PHONE]
      ]
      const problems: Record<string, string[]> = {}
      for (const [name, link, viewport] of views) {
        const page = await suite.open(link, 'en-US', { viewport })
        await page.getByTestId('meeting-title').filter({ hasText: 'السلام' }).first().waitFor({ timeout: 20_000 })
        if (name === 'report') await page.getByTestId('record').locator('tbody tr').first().waitFor({ timeout: 20_000 })
        else await page.getByText(chair.state!.statements[chair.state!.floor.statementId!]!.name).first().waitFor({ timeout: 20_000 })
        const titleCut = (await firstWordVisible(page)) ? [] : ['the title lost its first word']
        problems[name] = [...titleCut, ...(await misdirectedBoxes(page))]
        await page.screenshot({ path: join(artifactsDir, `direction-${name}-en.png`), fullPage: viewport === PHONE })
        // One page at a time: eight live pages at once slow a busy machine's every view.
        await page.context().close()
      }
      expect(problems).toEqual(Object.fromEntries(views.map(([name]) => [name, []])))
    } finally {
      for (const client of clients) client.close()
    }
  }, 8 * 20_000)

  it('the room\'s sittings read first to last in the reading order: on the right first in Arabic', async () => {
    const server = suite.server()
    const created = await seedMeeting(server, demoMeeting())
    const links = meetingLinks(server.url, created)
    for (const [language, firstOnTheRight] of [['ar', true], ['en', false]] as const) {
      const page = await suite.open(linkTo(links.chair, language), language)
      const sittings = page.getByTestId('room-hours').locator('[data-sitting]')
      await sittings.first().waitFor({ timeout: 20_000 })
      expect(await sittings.allTextContents()).toEqual(['10:00–13:00', '15:00–18:00'])
      const [first, second] = await Promise.all([sittings.nth(0).boundingBox(), sittings.nth(1).boundingBox()])
      expect(first!.x > second!.x, `${language}: the first sitting on the right`).toBe(firstOnTheRight)
      await page.getByTestId('projection').screenshot({ path: join(artifactsDir, `room-hours-${language}.png`) })
    }
  })

  it('the other way round: a long English title on the Arabic screen keeps its first word too', async () => {
    const server = suite.server()
    const title = 'Maintenance of international peace and security: peace and security through preventive diplomacy, a common objective to all the principal organs of the United Nations'
    const created = await seedMeeting(server, { ...demoMeeting(), title, language: 'en' })
    const page = await suite.open(linkTo(meetingLinks(server.url, created).screen, 'ar'), 'ar')
    await page.getByTestId('meeting-title').filter({ hasText: 'Maintenance' }).waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('meeting-title').evaluate((h) => getComputedStyle(h).direction)).toBe('ltr')
    expect(await firstWordVisible(page)).toBe(true)
    await page.screenshot({ path: join(artifactsDir, 'direction-screen-ar-english-title.png') })
  })
})
