// The roster a list is built from, with names in the six official languages of the United Nations.
// Country names come from i18n-iso-countries; where UN usage differs in English it is set here.
import countries from 'i18n-iso-countries'
import ar from 'i18n-iso-countries/langs/ar.json' with { type: 'json' }
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' }
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' }
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' }
import ru from 'i18n-iso-countries/langs/ru.json' with { type: 'json' }
import zh from 'i18n-iso-countries/langs/zh.json' with { type: 'json' }
import { EUROPEAN_UNION, MEMBER_STATES, OBSERVER_STATES } from './membership.ts'
import { OBSERVER_ORGANISATIONS } from './organisations.ts'

for (const locale of [ar, en, es, fr, ru, zh]) countries.registerLocale(locale)

export const UN_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const
export type UnLanguage = (typeof UN_LANGUAGES)[number]

export type RosterStatus = 'member' | 'observer-state' | 'observer-organisation'

export interface RosterEntry {
  readonly code: string
  readonly status: RosterStatus
  readonly names: Readonly<Record<UnLanguage, string>>
}

/** UN names in English where the common name the library gives differs. */
const UN_ENGLISH: Readonly<Record<string, string>> = {
  BOL: 'Bolivia (Plurinational State of)',
  CHN: 'China',
  CIV: "Côte d'Ivoire",
  CZE: 'Czechia',
  FSM: 'Micronesia (Federated States of)',
  GBR: 'United Kingdom of Great Britain and Northern Ireland',
  IRN: 'Iran (Islamic Republic of)',
  KOR: 'Republic of Korea',
  LAO: "Lao People's Democratic Republic",
  MDA: 'Republic of Moldova',
  MKD: 'North Macedonia',
  PRK: "Democratic People's Republic of Korea",
  RUS: 'Russian Federation',
  SYR: 'Syrian Arab Republic',
  TZA: 'United Republic of Tanzania',
  VAT: 'Holy See',
  VEN: 'Venezuela (Bolivarian Republic of)',
  VNM: 'Viet Nam'
}

const EU_NAMES: Readonly<Record<UnLanguage, string>> = {
  ar: 'الاتحاد الأوروبي', zh: '欧洲联盟', en: 'European Union', fr: 'Union européenne', ru: 'Европейский союз', es: 'Unión Europea'
}

function namesOf (code: string): Record<UnLanguage, string> {
  const names = Object.fromEntries(UN_LANGUAGES.map((language) => [language, countries.getName(code, language) ?? code])) as Record<UnLanguage, string>
  return { ...names, en: UN_ENGLISH[code] ?? names.en }
}

/** Member States, then observer States, then the European Union and the other observer organisations. */
export function unRoster (): RosterEntry[] {
  return [
    ...MEMBER_STATES.map((code) => ({ code, status: 'member' as const, names: namesOf(code) })),
    ...OBSERVER_STATES.map((code) => ({ code, status: 'observer-state' as const, names: namesOf(code) })),
    { code: EUROPEAN_UNION, status: 'observer-organisation', names: EU_NAMES },
    ...OBSERVER_ORGANISATIONS
  ]
}

export { entryForEnter, searchRoster } from './search.ts'
