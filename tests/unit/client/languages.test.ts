import { describe, expect, it } from 'vitest'
import { loadWholeCatalogue } from '../../../client/i18n/catalogues.ts'
import enCommon from '../../../client/i18n/en/common.json'
import { I18n } from '../../../client/i18n/i18n.svelte.ts'
import { LANGUAGE_NAMES, LANGUAGES, pickLanguage, supportedLanguage } from '../../../client/i18n/language.ts'
import { EXPORT_LOCALES } from '../../../server/exports/report.ts'

type Catalogue = { readonly [key: string]: string | Catalogue }

/** Every leaf as "area.path" → text. */
function leaves (catalogue: Catalogue, prefix = ''): Map<string, string> {
  const found = new Map<string, string>()
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value)
    else for (const [path, text] of leaves(value, `${prefix}${key}.`)) found.set(path, text)
  }
  return found
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/

function placeholders (text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1] ?? '').sort()
}

/**
 * What a translation owes the English catalogue: each plain key with the same placeholders, and for
 * each key English pluralises, one variant per plural category of the language (`count` may be spelt out).
 */
function problems (english: Catalogue, translation: Catalogue, language: string): string[] {
  const source = leaves(english)
  const target = leaves(translation)
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories
  const found: string[] = []
  const pluralBases = new Set([...source.keys()].filter((key) => PLURAL_SUFFIX.test(key)).map((key) => key.replace(PLURAL_SUFFIX, '')))

  for (const base of pluralBases) {
    const wanted = placeholders(source.get(`${base}_other`) ?? '')
    for (const category of categories) {
      const text = target.get(`${base}_${category}`)
      if (text === undefined) { found.push(`${base}_${category}: missing`); continue }
      const got = placeholders(text)
      const fits = got.every((name) => wanted.includes(name)) && wanted.every((name) => name === 'count' || got.includes(name))
      if (!fits) found.push(`${base}_${category}: placeholders ${got.join(',')} instead of ${wanted.join(',')}`)
    }
  }
  for (const [key, text] of source) {
    if (PLURAL_SUFFIX.test(key)) continue
    const translated = target.get(key)
    if (translated === undefined) found.push(`${key}: missing`)
    else if (translated.trim() === '') found.push(`${key}: empty`)
    else if (placeholders(translated).join() !== placeholders(text).join()) found.push(`${key}: placeholders ${placeholders(translated).join(',')} instead of ${placeholders(text).join(',')}`)
  }
  for (const key of target.keys()) {
    const known = source.has(key) || (PLURAL_SUFFIX.test(key) && pluralBases.has(key.replace(PLURAL_SUFFIX, '')))
    if (!known) found.push(`${key}: not in English`)
  }
  return found
}

/** Common's keys are the top level of a catalogue; every other key names an area (chair, notes, …). */
function areas (catalogue: Catalogue): Map<string, Catalogue> {
  const common = Object.fromEntries(Object.entries(catalogue).filter(([key]) => key in enCommon))
  const others = Object.entries(catalogue).filter(([key]) => !(key in enCommon))
  return new Map([['common', common], ...others.map(([key, value]): [string, Catalogue] => [key, typeof value === 'string' ? {} : value])])
}

/** Every language's catalogue, each fetched the way the app fetches it. */
const catalogues = Object.fromEntries(await Promise.all(LANGUAGES.map(async (language) => [language, await loadWholeCatalogue(language)] as const)))

describe('the six languages', () => {
  it('are the UN official languages, each named in itself', () => {
    expect([...LANGUAGES].sort()).toEqual(['ar', 'en', 'es', 'fr', 'ru', 'zh'])
    expect(Object.keys(catalogues).sort()).toEqual([...LANGUAGES].sort())
    expect(LANGUAGE_NAMES).toEqual({ ar: 'العربية', zh: '中文', en: 'English', fr: 'Français', ru: 'Русский', es: 'Español' })
  })

  const english = areas(catalogues.en as Catalogue)
  describe.each(LANGUAGES.filter((language) => language !== 'en'))('%s', (language) => {
    it.each([...english.keys()])('has every English key of the %s area, placeholders and plural forms', (area) => {
      const translated = areas(catalogues[language] as Catalogue).get(area) ?? {}
      expect(problems(english.get(area) ?? {}, translated, language)).toEqual([])
    })

    it('has every export label', () => {
      expect(problems(EXPORT_LOCALES.en, EXPORT_LOCALES[language], language)).toEqual([])
    })
  })

  it('English itself has both English plural forms wherever it pluralises', () => {
    expect(problems(catalogues.en as Catalogue, catalogues.en as Catalogue, 'en')).toEqual([])
    expect(problems(EXPORT_LOCALES.en, EXPORT_LOCALES.en, 'en')).toEqual([])
  })

  it('the problem finder catches a missing key, a changed placeholder and a missing plural form', () => {
    const english: Catalogue = { a: 'Hello {{name}}', b: { c_one: '{{count}} item', c_other: '{{count}} items' } }
    expect(problems(english, { a: 'Bonjour', b: { c_one: '{{count}} élément', c_other: '{{count}} éléments' } }, 'fr'))
      .toEqual(['b.c_many: missing', 'a: placeholders  instead of name'])
    expect(problems(english, { b: { c_one: 'x', c_few: 'y', c_many: 'z', c_other: '{{count}}' } }, 'ru')).toEqual(['a: missing'])
  })
})

describe('plurals through i18next', () => {
  it.each([
    ['ru', 1, '1 вопрос отмечен'],
    ['ru', 3, '3 вопроса отмечено'],
    ['ru', 5, '5 вопросов отмечено'],
    ['ru', 21, '21 вопрос отмечен'],
    ['ar', 2, 'سؤالان موسومان'],
    ['ar', 11, '11 سؤالًا موسومًا'],
    ['fr', 1, '1 question étiquetée'],
    ['fr', 2, '2 questions étiquetées'],
    ['zh', 7, '已标记 7 个问题'],
    ['es', 1, '1 pregunta etiquetada'],
    ['en', 1, '1 question tagged']
  ] as const)('%s, %i', async (language, count, expected) => {
    expect((await I18n.create(language)).t('notes.workspace.tagCount', { count })).toBe(expected)
  })

  it("switches language and direction, telling onChange only of a reader's choice", async () => {
    const root = { lang: '', dir: '' }
    const chosen: string[] = []
    const i18n = await I18n.create('zh', { root, onChange: (language) => chosen.push(language) })
    expect([root.lang, root.dir, i18n.t('statementKind.right-of-reply')]).toEqual(['zh', 'ltr', '答辩权'])
    await i18n.setLanguage('ar')
    expect([root.lang, root.dir]).toEqual(['ar', 'rtl'])
    await i18n.setLanguage('ru')
    expect([root.lang, root.dir, i18n.t('statementKind.right-of-reply')]).toEqual(['ru', 'ltr', 'Право на ответ'])
    expect(chosen).toEqual(['ar', 'ru'])
  })

  it('when a reader picks two languages quickly, the last pick wins', async () => {
    const i18n = await I18n.create('en')
    const first = i18n.setLanguage('fr')
    const second = i18n.setLanguage('es')
    await Promise.all([first, second])
    expect(i18n.language).toBe('es')
  })

  it("fetches a view's area in the reader's language, and keeps it through a change of language", async () => {
    const i18n = await I18n.create('ar')
    expect(i18n.t('chair.settings.button')).toBe('chair.settings.button')
    await i18n.useAreas(['chair'])
    const arabic = i18n.t('chair.settings.button')
    expect(arabic).not.toBe('chair.settings.button')
    await i18n.setLanguage('fr')
    const french = i18n.t('chair.settings.button')
    expect([french === arabic, french === 'chair.settings.button']).toEqual([false, false])
  })

  it('starts in English without fetching anything', () => {
    expect(new I18n().t('statementKind.right-of-reply')).toBe('Right of reply')
  })
})

describe('choosing a language', () => {
  it.each([
    ['zh-CN', 'zh'], ['zh-Hans-CN', 'zh'], ['zh_TW', 'zh'], ['fr-CA', 'fr'], ['ru-RU', 'ru'], ['es-419', 'es'], ['ar-EG', 'ar'], ['de-DE', null]
  ])('%s → %s', (tag, expected) => {
    expect(supportedLanguage(tag)).toBe(expected)
  })

  it('takes the first supported browser preference', () => {
    expect(pickLanguage({ query: null, stored: null, preferred: ['de-DE', 'es-MX', 'en'] })).toBe('es')
    expect(pickLanguage({ query: null, stored: 'ru', preferred: ['es-MX'] })).toBe('ru')
    expect(pickLanguage({ query: 'zh', stored: 'ru', preferred: ['es-MX'] })).toBe('zh')
  })
})
