// Delegations that join or leave after the meeting was created: a State that inscribes on the morning
// of the debate. The server issues (or revokes) the delegation's link in the same transaction.
import { delegationInUse } from '../delegation-use.ts'
import { fail, isKnownDelegation, ok, unknownDelegation, type Handlers } from './result.ts'

/** As many as a meeting description may list (see meetingDescriptionSchema). */
export const MAX_DELEGATIONS = 400

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
