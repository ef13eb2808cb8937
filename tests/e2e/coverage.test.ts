import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { MeetingLinks } from '../../shared/protocol/api.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { addHighlight, statementNotes, tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker, type GuidingQuestion, type StatementId } from '../../shared/domain/index.ts'
import { artifactsDir, browserAvailable, downloadedText, useBrowserSuite } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

const viewport = { width: 1360, height: 1000 }
const precis = { id: 'precis-1', name: 'Précis writer' }

/** `?lang=` goes before the fragment, which carries the token; `view` replaces the link's last part. */
function linkTo (link: string, language: string, view?: string): string {
  const [page = link, fragment = ''] = link.split('#')
  const path = view === undefined ? page : page.replace(/\/[a-z]+$/, `/${view}`)
  return `${path}?lang=${language}#${fragment}`
}

describe.skipIf(!browserAvailable())('coverage and the outcome digest in a real browser', () => {
  const suite = useBrowserSuite({ viewport })
  let chair: RostrumClient
  let notetaker: RostrumClient
  let links: MeetingLinks
  const clients: RostrumClient[] = []

  beforeAll(async () => {
    const server = suite.server()
    // The room sits all day, so the test runs as it would during a real sitting, whatever the hour.
    const meeting = await seedMeeting(server, { ...demoMeeting(), roomHours: [{ start: '00:00', end: '23:59' }] })
    links = meetingLinks(server.url, meeting)
    chair = await connect(server, meeting.tokens.chair, clients)
    notetaker = await connect(server, meeting.tokens.notetaker, clients)
  })

  afterAll(() => {
    for (const client of clients.splice(0)) client.close()
  })

  const open = (link: string, locale = 'en-US'): Promise<Page> => suite.open(link, locale, { acceptDownloads: true })

  async function chairDoes (type: Parameters<RostrumClient['command']>[0], payload: object): Promise<void> {
    const ack = await chair.command(type, payload as never)
    if (!ack.ok) throw new Error(`${type} refused: ${ack.error.code}`)
  }

  const callNext = () => chairDoes('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id, startTimer: true })
  const questions = (): readonly GuidingQuestion[] => chair.state!.questions
  const onFloor = (): StatementId => chair.state!.floor.statementId!

  it('shows "not yet addressed" in the chair console and follows a note-taker’s tag', async () => {
    await chairDoes('meeting:open', {})
    await callNext()
    const page = await open(linkTo(links.chair, 'en'))
    const panel = page.getByTestId('coverage-panel')
    await panel.waitFor()
    const signals = panel.getByTestId('coverage-signal')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="coverage-signal"]').length === 6)
    expect(await signals.allTextContents()).toEqual(Array(6).fill('Not yet addressed'))

    const [qa, , qc] = questions()
    const firstSignal = panel.locator(`li[data-question-id="${qa!.id}"] [data-testid="coverage-signal"]`)
    // How fast a tag travels is the benchmarks' to measure (npm run bench); here, that it arrives.
    tagStatement(notetaker.notes, onFloor(), qa!.id, precis, Date.now())
    await firstSignal.filter({ hasText: 'Addressed by the latest statement' }).waitFor()
    tagStatement(notetaker.notes, onFloor(), qc!.id, precis, Date.now())

    // The next speaker, untagged: (a) was last addressed one statement ago.
    await chairDoes('floor:end', {})
    await callNext()
    await firstSignal.filter({ hasText: 'Last addressed 1 statement ago' }).waitFor()
    expect(await signals.filter({ hasText: 'Not yet addressed' }).count()).toBe(4)
    await panel.screenshot({ path: join(artifactsDir, 'coverage-chair-panel-en.png') })
    await page.screenshot({ path: join(artifactsDir, 'coverage-chair-en.png'), fullPage: true })

    await page.getByTestId('language-switch').selectOption('ar')
    await panel.getByText('لم يُتناول بعد').first().waitFor()
    await panel.screenshot({ path: join(artifactsDir, 'coverage-chair-panel-ar.png') })
    await page.screenshot({ path: join(artifactsDir, 'coverage-chair-ar.png'), fullPage: true })

    // The report opens from the console in the same tab, with the chair's link kept there.
    await panel.getByRole('link', { name: 'تقرير التغطية والموجز' }).click()
    await page.getByTestId('report').waitFor()

    // A delegation sees the tags on the statement delivered.
    const delegation = await open(linkTo(links.delegations.MEX ?? links.public, 'en'))
    await delegation.getByTestId('statement-tags').filter({ hasText: `(${qa!.label})` }).filter({ hasText: `(${qc!.label})` }).waitFor()
  })

  it('shows the heat-map and the digest with notes and highlights on the report page, prints, and downloads the CSV', async () => {
    const [qa, qb] = questions()
    const speaking = onFloor()
    tagStatement(notetaker.notes, speaking, qb!.id, precis, Date.now())
    tagStatement(chair.notes, speaking, qb!.id, { id: 'secretariat', name: 'Secretariat' }, Date.now())
    statementNotes(notetaker.notes, speaking).insert(0, 'Proposes an annual meeting of the presidents of the principal organs.')
    addHighlight(notetaker.notes, speaking, { kind: 'proposal', text: 'an annual meeting of the presidents' }, precis, Date.now())
    await chairDoes('floor:end', {})

    const page = await open(linkTo(links.chair, 'en', 'report'))
    await page.getByTestId('report').waitFor()
    const heatMap = page.getByTestId('heat-map')
    await heatMap.locator(`tr[data-statement-id="${speaking}"]`).filter({ hasText: '2 of 2' }).waitFor()
    expect(await heatMap.getByRole('columnheader').count()).toBe(7)
    const digest = page.getByTestId('digest')
    const onB = digest.locator(`article[data-question-id="${qb!.id}"]`)
    await onB.getByTestId('digest-highlight').filter({ hasText: 'an annual meeting of the presidents' }).waitFor()
    await onB.getByTestId('digest-notes').filter({ hasText: 'Proposes an annual meeting' }).waitFor()
    expect(await digest.locator(`article[data-question-id="${qa!.id}"] li`).count()).toBe(1)
    expect(await page.getByTestId('record').locator('tbody tr').count()).toBe(2)
    expect(await page.getByTestId('question-figures').locator(`tr[data-question-id="${qb!.id}"]`).textContent()).toContain('Addressed by the latest statement')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Spreadsheet (CSV)' }).click()
    ])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    expect(download.suggestedFilename()).not.toBe('export.csv')
    const csv = await downloadedText(download)
    expect(csv.split('\n').length).toBeGreaterThan(2)

    await page.screenshot({ path: join(artifactsDir, 'coverage-report-en.png'), fullPage: true })
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('exports').isVisible()).toBe(false)
    await page.screenshot({ path: join(artifactsDir, 'coverage-report-print-en.png'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })

    await page.getByTestId('language-switch').selectOption('ar')
    await page.getByRole('heading', { name: 'موجز النتائج' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl')
    await page.screenshot({ path: join(artifactsDir, 'coverage-report-ar.png'), fullPage: true })
  })

  it('follows a tag made in the note-taker\'s page: the chair\'s signal and the delegation\'s view', async () => {
    await callNext()
    const speaker = chair.state!.statements[onFloor()]!.name
    const qd = questions()[3]!
    const notes = await open(linkTo(links.notetaker, 'en'))
    await notes.getByTestId('focused-statement').filter({ hasText: speaker }).waitFor()
    const chairPage = await open(linkTo(links.chair, 'en'))
    const signal = chairPage.getByTestId('coverage-panel').locator(`li[data-question-id="${qd.id}"] [data-testid="coverage-signal"]`)
    await signal.filter({ hasText: 'Not yet addressed' }).waitFor()

    await notes.keyboard.press('4')
    await expect.poll(() => notes.locator(`button[data-question="${qd.label}"]`).getAttribute('aria-pressed')).toBe('true')
    await signal.filter({ hasText: 'Addressed by the latest statement' }).waitFor()

    await chairDoes('floor:end', {})
    const delegation = await open(linkTo(links.delegations.MEX ?? links.public, 'en'))
    await delegation.getByTestId('statement-tags').filter({ hasText: `(${qd.label})` }).waitFor()
  })

  it('refuses the report politely to a delegation or public link', async () => {
    const page = await open(linkTo(links.public, 'en', 'report'))
    await page.getByTestId('report-refused').filter({ hasText: 'The report is for the chair and note-takers' }).waitFor()
    expect(await page.getByTestId('report').count()).toBe(0)
  })
})
