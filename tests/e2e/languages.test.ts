import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import arChair from '../../client/i18n/ar/chair.json'
import ar from '../../client/i18n/ar/index.ts'
import enChair from '../../client/i18n/en/chair.json'
import en from '../../client/i18n/en/index.ts'
import esChair from '../../client/i18n/es/chair.json'
import es from '../../client/i18n/es/index.ts'
import frChair from '../../client/i18n/fr/chair.json'
import fr from '../../client/i18n/fr/index.ts'
import ruChair from '../../client/i18n/ru/chair.json'
import ru from '../../client/i18n/ru/index.ts'
import zhChair from '../../client/i18n/zh/chair.json'
import zh from '../../client/i18n/zh/index.ts'
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../client/i18n/language.ts'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import { artifactsDir as artifacts, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { seedMeeting } from '../support/server.ts'

const catalogues = {
  ar: { ...ar, chair: arChair },
  zh: { ...zh, chair: zhChair },
  en: { ...en, chair: enChair },
  fr: { ...fr, chair: frChair },
  ru: { ...ru, chair: ruChair },
  es: { ...es, chair: esChair }
}

describe.skipIf(!browserAvailable())('the six UN languages in a real browser', () => {
  const { server, open } = useBrowserSuite()
  let links: ReturnType<typeof meetingLinks>
  beforeAll(async () => { links = meetingLinks(server().url, await seedMeeting(server(), demoMeeting())) })

  const htmlLangDir = (page: Page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])

  it.each(LANGUAGES)('the public view in %s: lang, dir and a translated label', async (language: Language) => {
    const page = await open(withLanguage(links.public, language), 'en-US')
    await page.getByText(catalogues[language].list.heading, { exact: true }).first().waitFor()
    expect(await htmlLangDir(page)).toEqual([language, language === 'ar' ? 'rtl' : 'ltr'])
    expect(await page.getByTestId('language-switch').inputValue()).toBe(language)
  })

  it('follows the browser language, and remembers a choice made in the switch', async () => {
    const page = await open(links.public, 'fr-CA')
    await page.getByText(catalogues.fr.list.heading, { exact: true }).first().waitFor()
    expect(await htmlLangDir(page)).toEqual(['fr', 'ltr'])

    const names = await page.getByTestId('language-switch').locator('option').allTextContents()
    expect(names).toEqual(LANGUAGES.map((language) => LANGUAGE_NAMES[language]))
    // Keyboard: focus the select and step down from Français to Русский.
    await page.getByTestId('language-switch').focus()
    await page.keyboard.press('ArrowDown')
    await page.getByText(catalogues.ru.list.heading, { exact: true }).first().waitFor()
    expect(await htmlLangDir(page)).toEqual(['ru', 'ltr'])

    await page.reload()
    await page.getByText(catalogues.ru.list.heading, { exact: true }).first().waitFor()
    expect(await htmlLangDir(page)).toEqual(['ru', 'ltr'])
  })

  it('renders Chinese with CJK glyphs, not empty boxes', async () => {
    const page = await open(withLanguage(links.public, 'zh'), 'zh-CN')
    const heading = page.getByText(catalogues.zh.list.heading, { exact: true }).first()
    await heading.waitFor()
    // Without a CJK font every character is drawn as the same .notdef box; real glyphs measure otherwise.
    const widths = await page.evaluate((text) => {
      const context = document.createElement('canvas').getContext('2d')
      if (context === null) return null
      context.font = getComputedStyle(document.body).font
      return { text: context.measureText(text).width, boxes: context.measureText('\u{10FFFF}'.repeat([...text].length)).width }
    }, catalogues.zh.list.heading)
    expect(widths?.text).toBeGreaterThan(0)
    expect(widths?.text).not.toBe(widths?.boxes)
    const box = await heading.boundingBox()
    expect(box?.width).toBeGreaterThan(0)
    await page.screenshot({ path: join(artifacts, 'public-zh.png'), fullPage: true })
  })

  it.each(['zh', 'fr', 'ru', 'es'] as const)('the chair console in %s (screenshot for a person to look at)', async (language) => {
    const chair = await open(withLanguage(links.chair, language), 'en-US')
    await chair.getByRole('button', { name: catalogues[language].chair.next }).waitFor()
    expect(await htmlLangDir(chair)).toEqual([language, 'ltr'])
    await chair.screenshot({ path: join(artifacts, `chair-${language}.png`), fullPage: true })
  })
})
