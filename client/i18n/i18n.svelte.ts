import i18next, { type i18n as I18next } from 'i18next'
import { en, loadArea, loadCatalogue, type EnglishCatalogue, type LazyArea } from './catalogues.ts'
import { LANGUAGES, type Language } from './language.ts'

/** i18next's plural suffixes (CLDR categories); callers name the base key and pass `count`. */
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other'
type BaseKey<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K

/** "clock.remaining" for every leaf of the English catalogue: a typo in a key fails the typecheck. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${BaseKey<K>}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]
export type MessageKey = Leaves<EnglishCatalogue>

export interface I18nOptions {
  /** Receives `lang` and `dir`, normally `document.documentElement`. */
  readonly root?: { lang: string; dir: string }
  readonly onChange?: (language: Language) => void
}

/**
 * i18next behind a rune: `t()` reads the current language, so anything rendered through it
 * re-renders when the language changes. Start one with `I18n.create`, which fetches the
 * language's catalogue first, so the first render is already in the reader's language.
 */
export class I18n {
  readonly #i18next: I18next
  readonly #options: I18nOptions
  #language = $state<Language>('en')
  /** The latest language asked for; a slower earlier request must not win over it. */
  #requested: Language = 'en'
  /** Areas the views shown so far need, kept loaded in whichever language is picked next. */
  readonly #areas = new Set<LazyArea>()
  /** "language/area" pairs already added to i18next. */
  readonly #loadedAreas = new Set<string>()
  /** Building a formatter costs far more than using one; a list of ETAs asks for dozens per render. */
  readonly #timeFormatters = new Map<string, Intl.DateTimeFormat>()

  /** English at once; other languages through `create` or `setLanguage`. */
  constructor (options: I18nOptions = {}) {
    this.#options = options
    this.#i18next = i18next.createInstance()
    // English is bundled, so with initAsync off initialisation completes before this returns.
    void this.#i18next.init({
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      resources: { en: { translation: en } },
      initAsync: false,
      // Svelte escapes every interpolated string itself.
      interpolation: { escapeValue: false }
    })
    this.#apply('en')
  }

  /** An instance showing `language`, its catalogue loaded (English if it cannot be fetched). */
  static async create (language: Language, options: I18nOptions = {}): Promise<I18n> {
    const i18n = new I18n(options)
    await i18n.#switchTo(language)
    return i18n
  }

  get language (): Language {
    return this.#language
  }

  get dir (): 'ltr' | 'rtl' {
    return this.#i18next.dir(this.#language)
  }

  /** Bound, so it can be passed around as a plain function. */
  readonly t = (key: MessageKey, values?: Record<string, string | number>): string => {
    // Read the rune first: it is what ties a caller's rendering to the language.
    return this.#i18next.t(key, { ...values, lng: this.#language })
  }

  /** Fetches the areas a view needs, in the current language; resolves when they can be shown. */
  async useAreas (areas: readonly LazyArea[]): Promise<void> {
    for (const area of areas) this.#areas.add(area)
    await this.#loadAreas(this.#language, areas)
  }

  /** A reader's choice: switches once the catalogue is here, and tells `onChange`. */
  async setLanguage (language: Language): Promise<void> {
    if (language === this.#language && language === this.#requested) return
    if (await this.#switchTo(language)) this.#options.onChange?.(language)
  }

  async #switchTo (language: Language): Promise<boolean> {
    this.#requested = language
    try {
      if (!this.#i18next.hasResourceBundle(language, 'translation')) {
        this.#i18next.addResourceBundle(language, 'translation', await loadCatalogue(language), true, true)
      }
      await this.#loadAreas(language, [...this.#areas])
    } catch {
      // Offline before this language was ever fetched: keep the current one.
      return false
    }
    if (this.#requested !== language) return false
    await this.#i18next.changeLanguage(language)
    this.#apply(language)
    return true
  }

  async #loadAreas (language: Language, areas: readonly LazyArea[]): Promise<void> {
    await Promise.all(areas.map(async (area) => {
      const key = `${language}/${area}`
      if (this.#loadedAreas.has(key)) return
      this.#i18next.addResourceBundle(language, 'translation', { [area]: await loadArea(language, area) }, true, true)
      this.#loadedAreas.add(key)
    }))
  }

  /** A time of day in the meeting's zone, with Latin digits as UN documents print them in every language. */
  formatTime (epochMs: number, timeZone: string): string {
    const key = `${this.#language}|${timeZone}`
    let formatter = this.#timeFormatters.get(key)
    if (formatter === undefined) {
      formatter = new Intl.DateTimeFormat(`${this.#language}-u-nu-latn`, { hour: '2-digit', minute: '2-digit', timeZone })
      this.#timeFormatters.set(key, formatter)
    }
    return formatter.format(epochMs)
  }

  #apply (language: Language): void {
    this.#language = language
    if (this.#options.root) {
      this.#options.root.lang = language
      this.#options.root.dir = this.#i18next.dir(language)
    }
  }
}
