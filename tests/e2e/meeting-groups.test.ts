// Issue 14, item 9 on the chair console, in real Chromium: the chair keeps the meeting's groups in Meeting
// settings — a common group from the roster, its members edited, a member the roster does not list typed
// by name — and picks one when adding a group speaker (screenshots in English and Arabic).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import arChair from '../../client/i18n/ar/chair.json'
import enChair from '../../client/i18n/en/chair.json'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { rosterGroups } from '../../shared/roster/groups.ts'
import { rosterName } from '../../shared/roster/names.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { smallMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

const WAIT_MS = 15_000
const catalogues = { en: enChair, ar: arChair }

describe.skipIf(!browserAvailable())('the meeting\'s groups on the chair console, in a real browser', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1360, height: 1000 } })
  const clients: RostrumClient[] = []

  it.each(['en', 'ar'] as const)('a common group, edited and with a member by name, picked for a speaker (%s)', async (language) => {
    const t = catalogues[language]
    const nordic = rosterGroups().find((group) => group.id === 'nordic-countries')!.names[language]
    const meeting = await seedMeeting(server(), smallMeeting({ language }))
    const headless = await connect(server(), meeting.tokens.chair, clients)
    const chair = await open(withLanguage(meetingLinks(server().url, meeting).chair, language), language === 'ar' ? 'ar' : 'en-US')
    await chair.getByTestId('chair-console').waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('open-settings').click()
    const panel = chair.getByTestId('settings-groups')
    await panel.waitFor({ timeout: WAIT_MS })
    await chair.getByTestId('settings-delegations').waitFor({ timeout: WAIT_MS })
    // Delegations come before the groups, the questions and the segments.
    const order = await chair.getByTestId('meeting-settings').locator('section[data-testid^="settings-"]').evaluateAll((sections) => sections.map((section) => section.getAttribute('data-testid')))
    expect(order).toEqual(['settings-delegations', 'settings-groups', 'settings-questions', 'settings-segments'])

    await panel.getByTestId('group-preset').selectOption('nordic-countries')
    const add = panel.getByRole('form', { name: t.settings.groups.addHeading })
    expect(await add.getByRole('textbox', { name: t.settings.groups.name, exact: true }).inputValue()).toBe(nordic)
    const typed = add.getByRole('textbox', { name: t.settings.groups.members })
    expect(await typed.inputValue()).toBe('DNK, FIN, ISL, NOR, SWE')
    await typed.fill('DNK, FIN, ISL, NOR, SWE, Åland Islands')
    await add.getByRole('button', { name: t.settings.groups.add }).click()
    await panel.locator('[data-group-id]').waitFor({ timeout: WAIT_MS })
    await expect.poll(() => headless.state?.groups[0]?.members.at(-1), { timeout: WAIT_MS }).toEqual({ name: 'Åland Islands' })
    await panel.scrollIntoViewIfNeeded()
    await chair.screenshot({ path: join(artifactsDir, `chair-groups-${language}.png`) })
    await chair.getByTestId('meeting-settings').getByRole('button', { name: t.settings.close }).first().click()

    const form = chair.getByTestId('add-speaker')
    await form.locator('#chair-add-delegation').fill('NOR')
    await form.locator('#chair-add-delegation').dispatchEvent('input')
    await form.getByTestId('add-group').selectOption({ label: nordic })
    await chair.screenshot({ path: join(artifactsDir, `chair-add-group-speaker-${language}.png`) })
    await form.getByRole('button', { name: t.add.submit, exact: true }).click()
    await expect.poll(() => Object.values(headless.state?.speakers ?? {}).find((speaker) => speaker.onBehalfOf !== null)?.onBehalfOf, { timeout: WAIT_MS })
      .toEqual({ group: nordic, members: ['DNK', 'FIN', 'ISL', 'NOR', 'SWE', { name: 'Åland Islands' }] })
    const row = chair.locator('[data-speaker-id]').filter({ hasText: nordic })
    await row.waitFor({ timeout: WAIT_MS })

    // The editor shows the members as typed, and can take them from a group of the meeting again.
    await row.locator('[data-action="edit"]').click()
    const members = chair.getByTestId('editor-members')
    expect(await members.inputValue()).toBe('DNK, FIN, ISL, NOR, SWE, Åland Islands')
    await members.fill('')
    await chair.getByTestId('editor-from-group').selectOption({ label: nordic })
    expect(await members.inputValue()).toBe('DNK, FIN, ISL, NOR, SWE, Åland Islands')
    await chair.screenshot({ path: join(artifactsDir, `chair-edit-group-speaker-${language}.png`) })

    // Norway speaks for the group; the report lists the members by name, in the reader's language.
    const norway = Object.values(headless.state!.speakers).find((speaker) => speaker.onBehalfOf !== null)!
    for (const [type, payload] of [['meeting:open', {}], ['floor:give', { speakerId: norway.id }], ['floor:end', {}]] as const) {
      const ack = await headless.command(type, payload as never)
      if (!ack.ok) throw new Error(`${type} refused: ${ack.error.code}`)
    }
    const report = await open(withLanguage(meetingLinks(server().url, meeting).chair.replace('/chair#', '/report#'), language), language === 'ar' ? 'ar' : 'en-US')
    const group = report.getByTestId('record-group')
    await group.waitFor({ timeout: WAIT_MS })
    // Norway is the meeting's own delegation, named as the meeting (written in the reader's language) names it.
    const names = new Intl.ListFormat(language, { type: 'conjunction' }).format([
      ...['DNK', 'FIN', 'ISL'].map((code) => rosterName(code, language)!), 'Norway', rosterName('SWE', language)!, 'Åland Islands'])
    expect(await group.textContent()).toContain(names)
    await report.getByTestId('record').screenshot({ path: join(artifactsDir, `report-group-members-${language}.png`) })
    for (const client of clients.splice(0)) client.close()
  })
})
