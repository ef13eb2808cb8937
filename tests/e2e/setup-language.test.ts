// Issue 13 item 15: a meeting set up from an Arabic concept note in the English interface is an Arabic
// meeting; every reader then sees its template headings and country names in their own language.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { artifactsDir, browserAvailable, repoRoot, useBrowserSuite } from '../support/browser.ts'

/** `?lang=` before the fragment (which carries the token), on another view of the same link when asked. */
function linkTo (link: string, language: string, view?: string): string {
  const [page = link, fragment = ''] = link.split('#')
  const path = view === undefined ? page : page.replace(/\/[a-z]+$/, `/${view}`)
  return `${path}?lang=${language}#${fragment}`
}

describe.skipIf(!browserAvailable())('an Arabic concept note set up in the English interface', () => {
  const { server, open } = useBrowserSuite()

  it('makes an Arabic meeting whose headings and country names follow each reader', async () => {
    const page = await open(`${server().url}/setup?lang=en#token=${server().adminToken}`)
    const note = readFileSync(join(repoRoot, 'examples', 'concept-note-preventive-diplomacy.ar.txt'), 'utf8')
    await page.getByLabel('Concept note text').fill(note)
    await page.getByRole('button', { name: 'Read the concept note' }).click()
    await page.getByRole('heading', { name: 'Review and edit', level: 2 }).waitFor()
    // The note's language is the meeting's, shown and changeable.
    expect(await page.getByLabel('Language of the meeting').inputValue()).toBe('ar')
    // A Council note picks the Council's template; this test is about languages, so take the generic one.
    expect(await page.getByRole('radio', { name: /Security Council/ }).isChecked()).toBe(true)
    await page.getByRole('radio', { name: /^Open debate \(/ }).check()
    const others = page.getByRole('combobox', { name: /Speakers on the list/ })
    await others.fill('Egypt')
    await others.press('Enter')
    await page.getByTestId('others-chosen').getByText('Egypt').waitFor()
    await page.screenshot({ path: join(artifactsDir, 'setup-language-review-en.png'), fullPage: true })
    await page.getByRole('button', { name: 'Create the meeting' }).click()
    await page.getByRole('heading', { name: 'The meeting is created' }).waitFor({ timeout: 20_000 })
    const chairLink = await page.getByTestId('setup-link').first().getByRole('textbox').inputValue()

    const arabic = await open(linkTo(chairLink, 'ar', 'public'), 'ar')
    await arabic.getByText('المتكلمون', { exact: true }).first().waitFor({ timeout: 20_000 })
    await arabic.getByText('الإحاطات', { exact: true }).first().waitFor()
    await arabic.getByText('مصر', { exact: true }).first().waitFor()
    await arabic.screenshot({ path: join(artifactsDir, 'setup-language-public-ar.png'), fullPage: true })
    expect(await arabic.locator('main').innerText()).not.toContain('Egypt')

    const english = await open(linkTo(chairLink, 'en', 'public'), 'en-US')
    await english.getByText('Speakers', { exact: true }).first().waitFor({ timeout: 20_000 })
    await english.getByText('Briefings', { exact: true }).first().waitFor()
    await english.getByText('Egypt', { exact: true }).first().waitFor()
    await english.screenshot({ path: join(artifactsDir, 'setup-language-public-en.png'), fullPage: true })
  })
})
