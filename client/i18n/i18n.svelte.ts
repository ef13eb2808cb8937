import i18next, { type i18n as I18next } from 'i18next'
import { catalogues, type en } from './catalogues.ts'
import { LANGUAGES, type Language } from './language.ts'

/** i18next's plural suffixes (CLDR categories); callers name the base key and pass `count`. */
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other'
type BaseKey<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K

/** "clock.remaining" for every leaf of the English catalogue: a typo in a key fails the typecheck. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${BaseKey<K>}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]
export type MessageKey = Leaves<typeof en>

export interface I18nOptions {
  /** Receives `lang` and `dir`, normally `document.documentElement`. */
  readonly root?: { lang: string; dir: string }
  readonly onChange?: (language: Language) => void
}

/**
 * i18next behind a rune: `t()` reads the current language, so anything rendered through it
 * re-renders when the language changes.
 */
export class I18n {
  readonly #i18next: I18next
  readonly #options: I18nOptions
  #language = $state<Language>('en')
  /** Building a formatter costs far more than using one; a list of ETAs asks for dozens per render. */
  readonly #timeFormatters = new Map<string, Intl.DateTimeFormat>()

  constructor (language: Language, options: I18nOptions = {}) {
    this.#options = options
    this.#i18next = i18next.createInstance()
    // The catalogues are bundled, so with initAsync off initialisation completes before this returns.
    void this.#i18next.init({
      lng: language,
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      resources: Object.fromEntries(LANGUAGES.map((lng) => [lng, { translation: catalogues[lng] }])),
      initAsync: false,
      // Svelte escapes every interpolated string itself.
      interpolation: { escapeValue: false }
    })
    this.#apply(language)
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

  setLanguage (language: Language): void {
    if (language === this.#language) return
    void this.#i18next.changeLanguage(language)
    this.#apply(language)
    this.#options.onChange?.(language)
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
