// Delegations that join or leave after the meeting was created: a State that inscribes on the morning
// of the debate. The server issues (or revokes) the delegation's link in the same transaction.
import type { ControlState, DelegationCode } from '../types.ts'
import { fail, isKnownDelegation, ok, unknownDelegation, type Handlers } from './result.ts'

/** As many as a meeting description may list (see meetingDescriptionSchema). */
export const MAX_DELEGATIONS = 400

/**
 * What in the meeting still names the delegation, or null when nothing does. A delegation that is, or
 * was, on the list or on record stays: the record must keep saying who it was. Declined and withdrawn
 * requests are no such trace (nothing came of them); a pending one is, so the chair decides it first.
 */
export function delegationInUse (state: ControlState, code: DelegationCode): string | null {
  if (Object.values(state.speakers).some((speaker) => speaker.delegation === code)) return 'it has an entry on the list'
  if (Object.values(state.statements).some((statement) => statement.delegation === code)) return 'it has a statement on record'
  if (Object.values(state.requests).some((request) => request.delegation === code && (request.status === 'pending' || request.status === 'accepted'))) {
    return 'it has a pending or accepted request'
  }
  const inGroup = (members: readonly DelegationCode[] | undefined) => members?.includes(code) === true
  if (Object.values(state.speakers).some((speaker) => inGroup(speaker.onBehalfOf?.members)) ||
    Object.values(state.requests).some((request) => inGroup(request.onBehalfOf?.members))) {
    return 'a group statement names it among its members'
  }
  if (state.meeting.presidency === code) return 'it holds the presidency'
  return null
}

export const delegationHandlers: Handlers<'delegation:add' | 'delegation:remove'> = {
  'delegation:add': (state, payload) => {
    if (isKnownDelegation(state, payload.code)) {
      return fail('DELEGATION_CODE_TAKEN', `A delegation with the code "${payload.code}" already takes part in this meeting.`)
    }
    if (state.delegations.length >= MAX_DELEGATIONS) return fail('LIMIT_REACHED', `A meeting has at most ${MAX_DELEGATIONS} delegations.`)
    const delegation = { code: payload.code, name: payload.name }
    return ok({ ...state, delegations: [...state.delegations, delegation] }, { delegation })
  },
  'delegation:remove': (state, payload) => {
    if (!isKnownDelegation(state, payload.code)) return unknownDelegation(payload.code)
    const trace = delegationInUse(state, payload.code)
    if (trace !== null) return fail('DELEGATION_IN_USE', `${payload.code} cannot be removed: ${trace}.`)
    return ok({ ...state, delegations: state.delegations.filter((delegation) => delegation.code !== payload.code) })
  }
}
