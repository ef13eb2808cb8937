// Who may be named on the list: a speaker's delegation must be among the meeting's delegations, since
// links, requests and records hang on that code. A group's members need no link: New Zealand speaking for
// 22 former elected members names States that are not at the table, so a member may be any code the UN
// roster knows as well, or a name typed by hand for a State or entity the roster does not list (a name is
// never mistaken for a code: it is an object, `{ name }`). One rule for every way in — the meeting
// description, the chair's `speaker:add`, `speaker:update` and `group:add`/`group:update`, and a
// delegation's `request:create` — so no path lets an unknown code onto the list.

export interface NamedDelegations {
  readonly delegation?: string | null
  readonly onBehalfOf?: { readonly members: readonly (string | { readonly name: string })[] } | null
}

/** Whether the UN roster knows a code (shared/roster/codes.ts): injected, the domain has no country tables. */
export type RosterLookup = (code: string) => boolean

/**
 * The first code `fields` names that is not allowed: its delegation when not among `known`, then a
 * group member that is neither among `known` nor on the roster; null when every code is allowed.
 */
export function unknownDelegationCode (
  known: readonly { readonly code: string }[],
  fields: NamedDelegations,
  isRosterCode: RosterLookup = () => false
): string | null {
  const codes = new Set(known.map((delegation) => delegation.code))
  if (fields.delegation != null && !codes.has(fields.delegation)) return fields.delegation
  return unknownMemberCode(codes, fields.onBehalfOf?.members ?? [], isRosterCode)
}

/** The first member code neither among `codes` nor on the roster; members given by name are not codes. */
export function unknownMemberCode (
  codes: ReadonlySet<string>,
  members: readonly (string | { readonly name: string })[],
  isRosterCode: RosterLookup = () => false
): string | null {
  for (const member of members) {
    if (typeof member === 'string' && !codes.has(member) && !isRosterCode(member)) return member
  }
  return null
}
