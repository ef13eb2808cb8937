// One catalogue file per area of the app and language: client/i18n/<language>/<area>.json. Keys are
// the area then the path: "chair.callNext"; common's keys sit at the top level.
//
// A page fetches only the messages it shows: English's core (common, delegation, notes, screen) is
// bundled as the fallback and the source of the key types; another language's core is its own chunk,
// fetched when a reader picks it; and the large areas only their views use (chair, report, setup) are
// fetched with those views, in the reader's language.
import en from './en/index.ts'
import type enChair from './en/chair.json'
import type enReport from './en/report.json'
import type enSetup from './en/setup.json'
import type { Language } from './language.ts'

export { en }

/** Every English message, the shape every language's messages must have. */
export type EnglishCatalogue = typeof en & { chair: typeof enChair; report: typeof enReport; setup: typeof enSetup }

/** A catalogue's shape: nested areas down to message strings. */
export interface CatalogueTree {
  readonly [key: string]: string | CatalogueTree
}

/** The areas fetched with the views that use them. */
export const LAZY_AREAS = ['chair', 'report', 'setup'] as const
export type LazyArea = (typeof LAZY_AREAS)[number]

const cores: Readonly<Record<Exclude<Language, 'en'>, () => Promise<{ default: CatalogueTree }>>> = {
  ar: () => import('./ar/index.ts'),
  zh: () => import('./zh/index.ts'),
  fr: () => import('./fr/index.ts'),
  ru: () => import('./ru/index.ts'),
  es: () => import('./es/index.ts')
}

const areas = import.meta.glob<{ default: CatalogueTree }>('./*/{chair,report,setup}.json')

/** The messages every page needs, in `language`. */
export async function loadCatalogue (language: Language): Promise<CatalogueTree> {
  return language === 'en' ? en : (await cores[language]()).default
}

/** One of the views' areas, in `language`. */
export async function loadArea (language: Language, area: LazyArea): Promise<CatalogueTree> {
  const load = areas[`./${language}/${area}.json`]
  if (load === undefined) throw new Error(`no ${area} messages for ${language}`)
  return (await load()).default
}

/** Everything in `language`, core and every area (for checks across languages). */
export async function loadWholeCatalogue (language: Language): Promise<CatalogueTree> {
  const loaded = await Promise.all(LAZY_AREAS.map(async (area) => [area, await loadArea(language, area)] as const))
  return { ...(await loadCatalogue(language)), ...Object.fromEntries(loaded) }
}
