/** The six official languages of the United Nations, in the UN's order. */
export const LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'en'

/** Each language in its own name, as a reader of it looks for it in a list. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  ar: 'العربية',
  zh: '中文',
  en: 'English',
  fr: 'Français',
  ru: 'Русский',
  es: 'Español'
}

const STORAGE_KEY = 'rostrum.lang'

export function isLanguage (value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** "ar-EG" → "ar", "zh-Hans-CN" → "zh"; null for a language we have no translation for. */
export function supportedLanguage (tag: string | null | undefined): Language | null {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0]
  return isLanguage(base) ? base : null
}

/** An explicit `?lang=` wins, then the last choice on this device, then the browser's preferences. */
export function pickLanguage (sources: {
  readonly query: string | null
  readonly stored: string | null
  readonly preferred: readonly string[]
}): Language {
  return supportedLanguage(sources.query) ??
    supportedLanguage(sources.stored) ??
    sources.preferred.map(supportedLanguage).find((language) => language !== null) ??
    DEFAULT_LANGUAGE
}

// Storage can be blocked (private mode, policies); the language then simply is not remembered.
export function readRememberedLanguage (storage: Pick<Storage, 'getItem'>): string | null {
  try {
    return storage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export function rememberLanguage (storage: Pick<Storage, 'setItem'>, language: Language): void {
  try {
    storage.setItem(STORAGE_KEY, language)
  } catch {
    // Not remembered; the choice still holds for this page.
  }
}
