// The meeting's own groups, kept for the chair to pick when a delegation speaks for one: the wizard's
// presets are a start, and a chair who learns on the morning that Finland speaks for the Nordic countries
// defines or corrects the group here, as a delegation is added after creation.
import type { CommandContext, GroupFields } from '../commands.ts'
import { unknownMemberCode } from '../participants.ts'
import type { ControlState, DelegationCode, GroupId, MeetingGroup } from '../types.ts'
import { fail, isRefusal, ok, unknownDelegation, type Handlers, type Refusal } from './result.ts'

/** Enough for every group a meeting could name; the list is written whole with each change. */
export const MAX_GROUPS = 50

function findGroup (state: ControlState, groupId: GroupId): MeetingGroup | Refusal {
  return state.groups.find((group) => group.id === groupId) ?? fail('GROUP_NOT_FOUND', 'There is no such group.')
}

/** Members by code must be the meeting's or the roster's, as for a group statement (participants.ts). */
function checkMembers (state: ControlState, members: GroupFields['members'] | undefined, ctx: CommandContext): Refusal | null {
  const code = unknownMemberCode(new Set(state.delegations.map((delegation) => delegation.code)), members ?? [], ctx.isRosterCode)
  return code === null ? null : unknownDelegation(code as DelegationCode)
}

export const groupHandlers: Handlers<'group:add' | 'group:update' | 'group:remove'> = {
  'group:add': (state, payload, ctx) => {
    if (state.groups.length >= MAX_GROUPS) return fail('LIMIT_REACHED', `A meeting has at most ${MAX_GROUPS} groups.`)
    const refusal = checkMembers(state, payload.members, ctx)
    if (refusal) return refusal
    const group: MeetingGroup = { id: ctx.newId('grp') as GroupId, name: payload.name, members: payload.members }
    return ok({ ...state, groups: [...state.groups, group] }, { groupId: group.id })
  },
  'group:update': (state, payload, ctx) => {
    const found = findGroup(state, payload.groupId)
    if (isRefusal(found)) return found
    const refusal = checkMembers(state, payload.changes.members, ctx)
    if (refusal) return refusal
    const group: MeetingGroup = { ...found, ...payload.changes }
    return ok({ ...state, groups: state.groups.map((each) => (each.id === group.id ? group : each)) })
  },
  'group:remove': (state, payload) => {
    const found = findGroup(state, payload.groupId)
    if (isRefusal(found)) return found
    return ok({ ...state, groups: state.groups.filter((group) => group.id !== found.id) })
  }
}
