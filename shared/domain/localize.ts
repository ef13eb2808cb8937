// The meeting as one reader sees it: names that came from the UN roster and template segment headings in
// the reader's language; everything the meeting wrote itself (title, questions, names typed by hand) as
// written. Pure: the roster's names are passed in, so this module carries no country tables.
import { segmentHeading } from './segment-headings.ts'
import type { ControlState, Delegation, DelegationCode, Segment, Speaker, Statement } from './types.ts'

/** A roster name for a delegation code in a language; null when the roster does not know the code. */
export type RosterNameLookup = (code: string, language: string) => string | null

/** The primary language tag: "fr-CA" → "fr". */
const primary = (language: string): string => language.split('-')[0]!.toLowerCase()

/**
 * `state` for a reader of `language`. A delegation whose code is on the roster shows the roster's name; a
 * speaker or statement does too when its name is its delegation's name as the meeting wrote it (or the
 * roster's in any language), which is how the setup wizard and the demo name them. In the meeting's own
 * language delegations keep the names the meeting's list gives them (it may use official long forms). Returns
 * `state` itself when nothing changes, and reuses every unchanged entity, so views can compare by reference.
 */
export function localizeState (state: ControlState, language: string, rosterName: RosterNameLookup): ControlState {
  const reader = primary(language)
  const sameLanguage = reader === primary(state.meeting.language)
  const written = new Map(state.delegations.map((delegation) => [delegation.code, delegation.name]))
  const isDelegationName = (code: DelegationCode, name: string): boolean => {
    const trimmed = name.trim()
    if (written.get(code)?.trim() === trimmed) return true
    return ['ar', 'zh', 'en', 'fr', 'ru', 'es'].some((other) => rosterName(code, other) === trimmed)
  }
  const translated = (code: DelegationCode | null, name: string): string => {
    if (code === null || !isDelegationName(code, name)) return name
    // A chair reading in another language may have added the State under its name there.
    if (sameLanguage) return written.get(code) ?? rosterName(code, reader) ?? name
    return rosterName(code, reader) ?? name
  }
  const named = <T extends Speaker | Statement>(entity: T): T => {
    const name = translated(entity.delegation, entity.name)
    return name === entity.name ? entity : { ...entity, name }
  }
  const heading = (segment: Segment): Segment => {
    const name = segment.nameKey === undefined || segment.nameKey === null ? null : segmentHeading(segment.nameKey, reader)
    return name === null || name === segment.name ? segment : { ...segment, name }
  }
  const delegations = mapList(state.delegations, (delegation): Delegation => {
    const name = sameLanguage ? delegation.name : (rosterName(delegation.code, reader) ?? delegation.name)
    return name === delegation.name ? delegation : { ...delegation, name }
  })
  const segments = mapRecord(state.segments, heading)
  const speakers = mapRecord(state.speakers, named)
  const statements = mapRecord(state.statements, named)
  if (delegations === state.delegations && segments === state.segments && speakers === state.speakers && statements === state.statements) return state
  return { ...state, delegations, segments, speakers, statements }
}

/** `list` with `change` applied, or `list` itself when `change` returned every item unchanged. */
function mapList<T> (list: readonly T[], change: (item: T) => T): readonly T[] {
  const changed = list.map(change)
  return changed.every((item, index) => item === list[index]) ? list : changed
}

function mapRecord<T> (record: Readonly<Record<string, T>>, change: (item: T) => T): Readonly<Record<string, T>> {
  let result: Record<string, T> | null = null
  for (const [id, item] of Object.entries(record)) {
    const next = change(item)
    if (next === item) continue
    result ??= { ...record }
    result[id] = next
  }
  return result ?? record
}
