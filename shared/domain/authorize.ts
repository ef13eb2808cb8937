// Who may send what. Checked before any rule of the floor, so a refusal never reveals more than the
// actor may see (beyond whether an id exists).
import type { Command, CommandType, DomainError } from './commands.ts'
import type { Actor, ControlState } from './types.ts'
import { entityById } from './lookup.ts'

/** The only commands a delegation's link may send; each is further limited to its own entries. */
const DELEGATION_COMMANDS: ReadonlySet<CommandType> = new Set(['request:create', 'request:withdraw', 'speaker:withdraw'])

function forbidden (actor: Actor, command: Command): DomainError {
  return { code: 'FORBIDDEN', message: `A ${actor.role} may not send ${command.type}.` }
}

function notYours (what: string): DomainError {
  return { code: 'NOT_YOUR_DELEGATION', message: `This ${what} belongs to another delegation.` }
}

export function authorize (actor: Actor, command: Command, state: ControlState): DomainError | null {
  if (actor.role === 'chair') return null
  if (actor.role !== 'delegation' || !DELEGATION_COMMANDS.has(command.type)) return forbidden(actor, command)
  // A delegation link without a delegation is a misissued token: it speaks for no one.
  if (actor.delegation === null) return forbidden(actor, command)
  switch (command.type) {
    case 'request:create':
      return command.payload.delegation === actor.delegation ? null : notYours('request')
    case 'request:withdraw': {
      const request = entityById(state.requests, command.payload.requestId)
      if (!request) return { code: 'REQUEST_NOT_FOUND', message: 'There is no such request.' }
      return request.delegation === actor.delegation ? null : notYours('request')
    }
    case 'speaker:withdraw': {
      const speaker = entityById(state.speakers, command.payload.speakerId)
      if (!speaker) return { code: 'SPEAKER_NOT_FOUND', message: 'There is no such speaker on the list.' }
      return speaker.delegation === actor.delegation ? null : notYours('entry on the list')
    }
    default:
      return forbidden(actor, command)
  }
}
