// Who speaks for a delegation and in what capacity: "Mr. Teodor Meleşcanu, Minister for Foreign Affairs
// of Romania"; the President "in my capacity as the representative of Mexico". The list shows the
// delegation; the statement carries these, so the record says who spoke even after the list is edited.
import type { DelegationCode, Speaker, Statement } from './types.ts'

export type Capacity = Pick<Statement, 'person' | 'title' | 'nationalCapacity'>

/** The speaker's capacity as the statement copies it: only what is set, so old records stay unchanged. */
export function capacityOf (speaker: Pick<Speaker, 'person' | 'title' | 'nationalCapacity'>): Capacity {
  return {
    ...(speaker.person ? { person: speaker.person } : {}),
    ...(speaker.title ? { title: speaker.title } : {}),
    ...(speaker.nationalCapacity === true ? { nationalCapacity: true } : {})
  }
}

/** The statement with the speaker's capacity, replacing what it had (a correction may clear a field). */
export function withCapacity (statement: Statement, speaker: Pick<Speaker, 'person' | 'title' | 'nationalCapacity'>): Statement {
  const { person: _person, title: _title, nationalCapacity: _national, ...rest } = statement
  return { ...rest, ...capacityOf(speaker) }
}

/** "Mr. X, Minister for Foreign Affairs" — or whichever of the two is known; "" when neither. */
export function personAndTitle (entry: Capacity): string {
  return [entry.person, entry.title].filter((part): part is string => !!part).join(', ')
}

/**
 * Speaks last among the members: flagged as the President in national capacity, or the presiding
 * delegation's own entry (meetings from before the flag, or a presidency set after the list was made).
 */
export function speaksLastAmongMembers (speaker: Pick<Speaker, 'delegation' | 'nationalCapacity'>, presidency: DelegationCode | null): boolean {
  return speaker.nationalCapacity === true || (presidency !== null && speaker.delegation === presidency)
}
