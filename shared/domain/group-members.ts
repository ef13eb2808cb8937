// How a record names a group's members: a code by its delegation's or the roster's name, a member typed
// by hand as typed. Pure: the names are looked up by the caller, so this module carries no country tables.
import type { DelegationCode, GroupMember } from './types.ts'

export const isNamedMember = (member: GroupMember): member is { readonly name: string } => typeof member !== 'string'

/** The member's name: `nameOf(code)` for a code (the code itself when nobody knows it), else the name typed. */
export function memberName (member: GroupMember, nameOf: (code: DelegationCode) => string | null): string {
  return isNamedMember(member) ? member.name : (nameOf(member) ?? member)
}

/** The members that are codes, in order (the CSV's "Group members" column, the conformance of old clients). */
export function memberCodes (members: readonly GroupMember[]): DelegationCode[] {
  return members.filter((member): member is DelegationCode => !isNamedMember(member))
}
