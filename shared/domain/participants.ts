// Who may be named on the list: a speaker's delegation must be among the meeting's delegations, since
// links, requests and records hang on that code. A group's members need no link: New Zealand speaking for
// 22 former elected members names States that are not at the table, so a member may be any code the UN
// roster knows as well. One rule for every way in — the meeting description, the chair's `speaker:add`
// and `speaker:update`, and a delegation's `request:create` — so no path lets an unknown code onto the list.

export interface NamedDelegations {
  readonly delegation?: string | null
  readonly onBehalfOf?: { readonly members: readonly string[] } | null
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
  return fields.onBehalfOf?.members.find((code) => !codes.has(code) && !isRosterCode(code)) ?? null
}
