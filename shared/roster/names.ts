// One question asked of the roster from every view and export: "what is delegation CODE called in
// language X?". Kept apart from the roster's search so both can change without touching each other.
import { unRoster, UN_LANGUAGES, type UnLanguage } from './roster.ts'

let byCode: ReadonlyMap<string, Readonly<Record<UnLanguage, string>>> | null = null

const isUnLanguage = (language: string): language is UnLanguage => (UN_LANGUAGES as readonly string[]).includes(language)

/** The roster's name for `code` in `language` (a BCP 47 tag; its primary subtag is used), or null. */
export function rosterName (code: string, language: string): string | null {
  byCode ??= new Map(unRoster().map((entry) => [entry.code, entry.names]))
  const tag = language.split('-')[0]!.toLowerCase()
  if (!isUnLanguage(tag)) return null
  return byCode.get(code)?.[tag] ?? null
}
