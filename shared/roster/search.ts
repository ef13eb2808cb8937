// Finding a delegation by what a person types: its code, its name in any of the six languages, or a
// short or former name. Folded, so "cote d'ivoire" finds "Côte d'Ivoire" and "turkiye" finds Türkiye.
import { ALIASES } from './aliases.ts'
import type { RosterEntry } from './roster.ts'

/** Case, accents, Arabic hamza seats and tā' marbūṭa folded, so "cote d'ivoire" finds "Côte d'Ivoire". */
export function foldName (text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا').replace(/ة/g, 'ه').replace(/ى/g, 'ي')
    .replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().toLocaleLowerCase()
}

/** Every name an entry answers to: its six names, then its aliases. */
export function searchableNames (entry: RosterEntry): string[] {
  return [...Object.values(entry.names), ...(ALIASES[entry.code] ?? [])]
}

/** 0 code or a whole name, 1 a name's start, 2 a word's start, 3 anywhere in a name; null no match. */
function rank (entry: RosterEntry, needle: string): number | null {
  if (entry.code.toLocaleLowerCase() === needle) return 0
  const names = searchableNames(entry).map(foldName)
  if (names.some((name) => name === needle)) return 0
  if (names.some((name) => name.startsWith(needle))) return 1
  if (names.some((name) => name.split(/[\s(),'’-]+/u).some((word) => word.startsWith(needle)))) return 2
  if (names.some((name) => name.includes(needle))) return 3
  return null
}

/** Finds entries by code or by name (or alias) in any of the six languages, best first, for autocomplete. */
export function searchRoster (roster: readonly RosterEntry[], query: string, limit = 10): RosterEntry[] {
  const needle = foldName(query)
  if (needle === '') return []
  return roster
    .map((entry) => ({ entry, rank: rank(entry, needle) }))
    .filter((hit): hit is { entry: RosterEntry; rank: number } => hit.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.entry.names.en.localeCompare(b.entry.names.en))
    .slice(0, limit)
    .map((hit) => hit.entry)
}

/**
 * What Enter adds when nothing was chosen with the arrow keys: the only match, or the only entry the
 * query names exactly ("UK" beside "Ukraine", "Niger" beside "Nigeria"); never a guess among several
 * ("Korea" names two States, "Congo" two).
 */
export function entryForEnter (roster: readonly RosterEntry[], query: string): RosterEntry | null {
  const needle = foldName(query)
  if (needle === '') return null
  const hits = roster.filter((entry) => rank(entry, needle) !== null)
  if (hits.length === 1) return hits[0] ?? null
  const exact = hits.filter((entry) => rank(entry, needle) === 0)
  return exact.length === 1 ? exact[0] ?? null : null
}
