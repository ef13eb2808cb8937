// Questions about the floor that views and command handlers both ask.
import type { ControlState, Statement } from './types.ts'
import { entityById } from './lookup.ts'

/** The statement being delivered, or null when the floor is empty. */
export function floorStatement (state: ControlState): Statement | null {
  const id = state.floor.statementId
  return id === null ? null : (entityById(state.statements, id) ?? null)
}

export function isPointOfOrderOpen (state: ControlState): boolean {
  return floorStatement(state)?.kind === 'point-of-order'
}
