// Whether a delegation may leave the meeting: asked by delegation:remove and by the chair's console,
// which offers Remove only where it would be accepted.
import type { ControlState, DelegationCode, GroupMember } from './types.ts'

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
  const inGroup = (members: readonly GroupMember[] | undefined) => members?.includes(code) === true
  if (Object.values(state.speakers).some((speaker) => inGroup(speaker.onBehalfOf?.members)) ||
    Object.values(state.requests).some((request) => inGroup(request.onBehalfOf?.members))) {
    return 'a group statement names it among its members'
  }
  if (state.meeting.presidency === code) return 'it holds the presidency'
  return null
}
