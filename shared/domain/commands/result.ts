// Small helpers every handler shares. Updates copy only the path to the changed entity, so unchanged
// collections and entities keep their identity: the document layer writes what changed by reference.
import type { CommandContext, CommandPayloads, CommandResult, CommandType, DomainErrorCode } from '../commands.ts'
import type {
  ControlState,
  DelegationCode,
  InscriptionRequest,
  Segment,
  Speaker,
  SpeakerId,
  Statement
} from '../types.ts'
import { entityById } from '../lookup.ts'

export type Handler<T extends CommandType> = (
  state: ControlState,
  payload: CommandPayloads[T],
  ctx: CommandContext
) => CommandResult<T>

export type Handlers<T extends CommandType> = { readonly [K in T]: Handler<K> }

export type Refusal = Extract<CommandResult, { ok: false }>

/** Accepted: the new state, and what the command reports (its type is the command's, in `CommandResults`). */
export function ok<D extends object = Readonly<Record<string, never>>> (state: ControlState, data: D = {} as D): { readonly ok: true; readonly state: ControlState; readonly data: D } {
  return { ok: true, state, data }
}

export function fail (code: DomainErrorCode, message: string): Refusal {
  return { ok: false, error: { code, message } }
}

export function withSpeaker (state: ControlState, speaker: Speaker): ControlState {
  return { ...state, speakers: { ...state.speakers, [speaker.id]: speaker } }
}

export function withSegment (state: ControlState, segment: Segment): ControlState {
  return { ...state, segments: { ...state.segments, [segment.id]: segment } }
}

export function withStatement (state: ControlState, statement: Statement): ControlState {
  return { ...state, statements: { ...state.statements, [statement.id]: statement } }
}

export function withRequest (state: ControlState, request: InscriptionRequest): ControlState {
  return { ...state, requests: { ...state.requests, [request.id]: request } }
}

export function isKnownDelegation (state: ControlState, code: DelegationCode): boolean {
  return state.delegations.some((delegation) => delegation.code === code)
}

export function unknownDelegation (code: DelegationCode): Refusal {
  return fail('UNKNOWN_DELEGATION', `No delegation with the code "${code}" takes part in this meeting.`)
}

export function findSpeaker (state: ControlState, speakerId: SpeakerId): Speaker | Refusal {
  return entityById(state.speakers, speakerId) ?? fail('SPEAKER_NOT_FOUND', 'There is no such speaker on the list.')
}

export function isRefusal (value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'ok' in value && value.ok === false
}

/**
 * `entity` with the listed fields taken from `changes` where they differ (deep, for arrays such as room
 * hours); the same object when nothing differs, so the document layer has nothing to write.
 */
export function withChanges<T extends object, K extends keyof T> (entity: T, changes: Partial<Pick<T, K>>, fields: readonly K[]): T {
  const changed = fields.filter((field) => {
    const value = changes[field]
    return value !== undefined && JSON.stringify(value) !== JSON.stringify(entity[field])
  })
  if (changed.length === 0) return entity
  const updated = { ...entity }
  for (const field of changed) updated[field] = changes[field] as T[K]
  return updated
}
