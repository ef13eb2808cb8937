// How much of the control document delegations may fill with requests. Every link reads that document
// whole on joining, so a delegation's request loop must not be able to grow what every screen downloads.
// The chair is never held back by these: the floor has to keep moving whatever a delegation did.
import type { CommandContext, CommandPayloads } from './commands.ts'
import { fail, type Refusal } from './commands/result.ts'
import type { ControlState } from './types.ts'

const HOUR_MS = 60 * 60 * 1000

/** A delegation asks to speak once and replies a few times an hour; ten leaves room for slips and withdrawals. */
export const REQUESTS_PER_DELEGATION_PER_HOUR = 10
/** Over a whole meeting (days, for the longest open debates): five times what an active delegation needs. */
export const REQUESTS_PER_DELEGATION_PER_MEETING = 50
/** Requests kept in one meeting, all delegations together; a request is a few hundred bytes of the document. */
export const MAX_REQUESTS_PER_MEETING = 1000
/**
 * What a joining screen downloads of the control document, past which only the chair may grow it. A
 * whole open debate's list and record is about 250 kB; eight times that is still a second on room Wi-Fi.
 */
export const CONTROL_DOCUMENT_BUDGET_BYTES = 2 * 1024 * 1024

/** The refusal a delegation's new request meets once a budget is spent, or null when it may go ahead. */
export function requestBudgetRefusal (
  state: ControlState,
  payload: CommandPayloads['request:create'],
  ctx: CommandContext
): Refusal | null {
  if (ctx.actor.role === 'chair') return null
  const requests = Object.values(state.requests)
  if (requests.length >= MAX_REQUESTS_PER_MEETING) {
    return fail('CONTROL_BUDGET_REACHED', `The meeting holds ${MAX_REQUESTS_PER_MEETING} requests, its most; ask the chair in the room.`)
  }
  const bytes = ctx.controlBytes?.() ?? 0
  if (bytes >= CONTROL_DOCUMENT_BUDGET_BYTES) {
    return fail('CONTROL_BUDGET_REACHED', 'The meeting\'s shared state is at its size budget; ask the chair in the room.')
  }
  const own = requests.filter((request) => request.delegation === payload.delegation)
  if (own.length >= REQUESTS_PER_DELEGATION_PER_MEETING) {
    return fail('REQUEST_QUOTA_REACHED', `A delegation may make ${REQUESTS_PER_DELEGATION_PER_MEETING} requests in a meeting; ask the chair in the room.`)
  }
  const lastHour = own.filter((request) => request.createdAtMs > ctx.nowMs - HOUR_MS)
  if (lastHour.length >= REQUESTS_PER_DELEGATION_PER_HOUR) {
    return fail('REQUEST_QUOTA_REACHED', `A delegation may make ${REQUESTS_PER_DELEGATION_PER_HOUR} requests an hour; try again later.`)
  }
  return null
}
