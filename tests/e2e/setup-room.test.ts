// Setting up for a real chamber: the page says when no phone in the room can open the links, a Council
// note picks the Council template and its presidency, the roster search never guesses, and the draw is
// run from the console's list, where the wizard says, with the presidency last among the members.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { artifactsDir as artifacts, browserAvailable, repoRoot, useBrowserSuite } from '../support/browser.ts'

// The Council of 2021 as typed by someone in a hurry: short and common names.
const COUNCIL_PASTE = ['China', 'Estonia', 'France', 'UK', 'India', 'Ireland', 'Kenya', 'Mexico', 'Niger', 'Norway',
  'Russia', 'Tunisia', 'USA', 'Saint Vincent and the Grenadines', 'Vietnam'].join('\n')

const example = (language: 'en' | 'ar') => readFileSync(join(repoRoot, 'examples', `concept-note-preventive-diplomacy.${language}.txt`), 'utf8')
/** A chip on a picker's list: the name, then the code. */
const chip = (page: Page, testId: string, name: string) =>
  page.getByTestId(testId).getByText(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+[A-Z]+$`))
const values = (page: Page, testId: string) => page.getByTestId(testId).getByRole('textbox')
  .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))

describe.skipIf(!browserAvailable())('setting up for the room', () => {
  const { server, open } = useBrowserSuite()

  it('in English: the loopback warning, the Council note, a search that never guesses, and the draw from the console', async () => {
    const page = await open(`${server().url}/setup?lang=en#token=${server().adminToken}`)
    // The test server listens on 127.0.0.1 only: the page says so and what to run.
    const warning = page.getByTestId('reach-warning')
    await warning.waitFor({ timeout: 20_000 })
    expect(await warning.getByRole('heading').innerText()).toBe('Only this computer can open these links')
    expect(await warning.innerText()).toContain('HOST=0.0.0.0 npm start')
    expect(await warning.getAttribute('role')).toBe('alert')

    await page.getByLabel('Concept note text').fill(example('en'))
    await page.screenshot({ path: join(artifacts, 'setup-room-1-note-en.png'), fullPage: true })
    await page.getByRole('button', { name: 'Read the concept note' }).click()
    await page.getByRole('heading', { name: 'Review and edit', level: 2 }).waitFor({ timeout: 20_000 })

    // Four briefers and nothing else; the Council template, chosen by the note.
    await expect.poll(() => values(page, 'setup-briefers'), { timeout: 10_000 }).toEqual([
      'President of the General Assembly', 'President of the Economic and Social Council', 'President of the International Court of Justice', 'Secretary-General'
    ])
    expect(await page.getByRole('radio', { name: /Security Council open debate/ }).isChecked()).toBe(true)

    const council = page.getByRole('group', { name: /Council members/ })
    await council.getByText('Or paste a list').click()
    await council.getByRole('textbox', { name: /Or paste a list/ }).fill(COUNCIL_PASTE)
    await council.getByRole('button', { name: 'Add the pasted list' }).click()
    await expect.poll(() => page.getByTestId('council-chosen').getByRole('listitem').count(), { timeout: 10_000 }).toBe(15)
    // Mexico's letter: Mexico presides.
    expect(await page.getByTestId('setup-presidency').inputValue()).toBe('MEX')

    // "Korea" names two States: Enter adds neither and says how to choose.
    const others = page.getByRole('combobox', { name: /Other Member States and observers/ })
    await others.fill('Korea')
    await others.press('Enter')
    await page.getByTestId('others-ambiguous').waitFor({ timeout: 10_000 })
    expect((await page.getByRole('listbox').getByRole('option').allInnerTexts()).sort()).toEqual([
      "Democratic People's Republic of Korea PRK", 'Republic of Korea KOR'
    ])
    expect(await page.getByTestId('others-chosen').count()).toBe(0)
    await page.screenshot({ path: join(artifacts, 'setup-room-2-search-en.png'), fullPage: true })
    // Short names and organisations find their entry; Enter adds it.
    for (const [query, name] of [['North Korea', "Democratic People's Republic of Korea"], ['Turkey', 'Türkiye'], ['African Union', 'African Union'], ['ECOWAS', 'Economic Community of West African States']]) {
      await others.fill(query!)
      await others.press('Enter')
      await chip(page, 'others-chosen', name!).waitFor({ timeout: 10_000 })
    }
    // Arrow down, then Enter: the option chosen is added ("South Korea" lists the Republic of Korea first).
    await others.fill('Korea')
    const first = (await page.getByRole('listbox').getByRole('option').first().innerText()).replace(/ [A-Z]{3}$/, '')
    await others.press('ArrowDown')
    await others.press('Enter')
    await chip(page, 'others-chosen', first).waitFor({ timeout: 10_000 })
    expect(first).toBe('Republic of Korea')
    await page.getByTestId('setup-delegation-count').filter({ hasText: '20' }).waitFor({ timeout: 10_000 })

    // Kenya speaks for the ten elected members, a common group from the roster: its members get no link.
    await page.getByRole('button', { name: 'Add a group statement' }).click()
    const group = page.getByRole('group', { name: 'Group statement 1' })
    const speaker = group.getByRole('combobox', { name: /Speaker/ })
    await speaker.fill('KEN')
    await speaker.press('Enter')
    await group.getByLabel('A common group').selectOption({ label: 'ten elected members of the Security Council (2021)' })
    const groupMembers = group.getByRole('group', { name: 'Members of the group' }).getByRole('listitem')
    await expect.poll(() => groupMembers.count(), { timeout: 10_000 }).toBe(10)
    await page.getByTestId('setup-delegation-count').filter({ hasText: '20' }).waitFor({ timeout: 10_000 })
    await group.screenshot({ path: join(artifacts, 'setup-room-2-group-en.png') })

    await page.getByRole('button', { name: 'Create the meeting' }).click()
    await page.getByRole('heading', { name: 'The meeting is created' }).waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByTestId('setup-qr').count(), { timeout: 20_000 }).toBe(24)
    expect(await page.getByTestId('reach-warning').isVisible()).toBe(true)
    await page.screenshot({ path: join(artifacts, 'setup-room-3-links-en.png'), fullPage: true })

    // The chair's console: "Run the draw" above the members, and Mexico last after it.
    const chairLink = await page.getByTestId('setup-link').first().getByRole('textbox').inputValue()
    const [base = chairLink, fragment = ''] = chairLink.split('#')
    const chair = await open(`${base}?lang=en#${fragment}`)
    const draw = chair.getByRole('button', { name: 'Run the draw' })
    await draw.waitFor({ timeout: 20_000 })
    await chair.screenshot({ path: join(artifacts, 'setup-room-4-chair-draw-en.png'), fullPage: true })
    await draw.click()
    await chair.getByTestId('list-draw-seed').waitFor({ timeout: 20_000 })
    expect(await draw.count()).toBe(0)
    // Focus stays where the next key is useful: on the seed just drawn, not the page.
    expect(await chair.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('list-draw-seed')
    const members = chair.locator('ol[data-segment-id]').nth(1).locator('.name')
    await expect.poll(() => members.count(), { timeout: 10_000 }).toBe(15)
    expect((await members.allInnerTexts()).at(-1)).toBe('Mexico')
    await chair.screenshot({ path: join(artifacts, 'setup-room-4-chair-drawn-en.png'), fullPage: true })

    // The presidency is the chair's to correct in Meeting settings.
    await chair.getByTestId('open-settings').click()
    const presidency = chair.getByTestId('meeting-settings').getByTestId('settings-presidency')
    await presidency.waitFor({ timeout: 20_000 })
    expect(await presidency.inputValue()).toBe('MEX')
    await presidency.scrollIntoViewIfNeeded()
    await chair.screenshot({ path: join(artifacts, 'setup-room-5-chair-settings-en.png') })
  })

  it('in Arabic: the same warning and search, right to left', async () => {
    const page = await open(`${server().url}/setup?lang=ar#token=${server().adminToken}`, 'ar')
    const warning = page.getByTestId('reach-warning')
    await warning.waitFor({ timeout: 20_000 })
    expect(await warning.getByRole('heading').innerText()).toBe('لا يفتح هذه الروابط إلا هذا الحاسوب')
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl')
    await page.getByLabel('نص المذكرة المفاهيمية').fill(example('ar'))
    await page.screenshot({ path: join(artifacts, 'setup-room-1-note-ar.png'), fullPage: true })
    await page.getByRole('button', { name: 'قراءة المذكرة المفاهيمية' }).click()
    await page.getByRole('heading', { name: 'المراجعة والتعديل', level: 2 }).waitFor({ timeout: 20_000 })
    expect(await page.getByRole('radio', { name: /مناقشة مفتوحة لمجلس الأمن/ }).isChecked()).toBe(true)

    const council = page.getByRole('group', { name: /أعضاء المجلس/ })
    await council.getByText('أو الصق قائمة').click()
    await council.getByRole('textbox', { name: /أو الصق قائمة/ }).fill(COUNCIL_PASTE)
    await council.getByRole('button', { name: 'إضافة القائمة الملصقة' }).click()
    await expect.poll(() => page.getByTestId('council-chosen').getByRole('listitem').count(), { timeout: 10_000 }).toBe(15)
    expect(await page.getByTestId('setup-presidency').inputValue()).toBe('MEX')

    const others = page.getByRole('combobox', { name: /الدول الأعضاء الأخرى والمراقبون/ })
    await others.fill('كوريا')
    await others.press('Enter')
    await page.getByTestId('others-ambiguous').waitFor({ timeout: 10_000 })
    await page.screenshot({ path: join(artifacts, 'setup-room-2-search-ar.png'), fullPage: true })
    await others.fill('جامعة الدول العربية')
    await others.press('Enter')
    await page.getByTestId('others-chosen').getByText('جامعة الدول العربية').waitFor({ timeout: 10_000 })

    await page.getByRole('button', { name: 'إنشاء الجلسة' }).click()
    await page.getByRole('heading', { name: 'أُنشئت الجلسة' }).waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByTestId('setup-qr').count(), { timeout: 20_000 }).toBe(4 + 16)
    expect(await page.getByTestId('reach-warning').isVisible()).toBe(true)
    await page.screenshot({ path: join(artifacts, 'setup-room-3-links-ar.png'), fullPage: true })

    const chairLink = await page.getByTestId('setup-link').first().getByRole('textbox').inputValue()
    const [base = chairLink, fragment = ''] = chairLink.split('#')
    const chair = await open(`${base}?lang=ar#${fragment}`, 'ar')
    await chair.getByRole('button', { name: 'إجراء القرعة' }).click({ timeout: 20_000 })
    await chair.getByTestId('list-draw-seed').waitFor({ timeout: 20_000 })
    const members = chair.locator('ol[data-segment-id]').nth(1).locator('.name')
    await expect.poll(() => members.count(), { timeout: 10_000 }).toBe(15)
    expect((await members.allInnerTexts()).at(-1)).toBe('المكسيك')
    await chair.screenshot({ path: join(artifacts, 'setup-room-4-chair-drawn-ar.png'), fullPage: true })
    await chair.getByTestId('open-settings').click()
    const presidency = chair.getByTestId('meeting-settings').getByTestId('settings-presidency')
    await presidency.waitFor({ timeout: 20_000 })
    expect(await presidency.inputValue()).toBe('MEX')
    await presidency.scrollIntoViewIfNeeded()
    await chair.screenshot({ path: join(artifacts, 'setup-room-5-chair-settings-ar.png') })
  })
})
