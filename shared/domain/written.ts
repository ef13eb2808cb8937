// Statements circulated in writing, read apart from those delivered on the floor.
import { speakersInOrder } from './order.ts'
import type { ControlState, Statement } from './types.ts'

export const isWritten = (statement: Statement): boolean => statement.kind === 'written'

/** The written statements in the order of circulation, and within one circulation in the list's order. */
export function writtenStatements (state: ControlState): Statement[] {
  const place = new Map(speakersInOrder(state).map((speaker, index) => [speaker.id as string, index]))
  const placeOf = (statement: Statement) => place.get(statement.speakerId ?? '') ?? Number.MAX_SAFE_INTEGER
  return Object.values(state.statements)
    .filter(isWritten)
    .sort((a, b) => a.startedAtMs - b.startedAtMs || placeOf(a) - placeOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
