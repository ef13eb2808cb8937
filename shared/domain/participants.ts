// Who may be named on the list: a speaker's delegation and the members of the group it speaks for must
// be among the meeting's delegations, since links, requests and records hang on those codes. One rule
// for every way in — the meeting description, the chair's `speaker:add` and `speaker:update`, and a
// delegation's `request:create` — so no path lets an unknown code onto the list.

export interface NamedDelegations {
  readonly delegation?: string | null
  readonly onBehalfOf?: { readonly members: readonly string[] } | null
}

/**
 * The first code `fields` names (its delegation, then its group's members) that is not among `known`;
 * null when every code is known.
 */
export function unknownDelegationCode (known: readonly { readonly code: string }[], fields: NamedDelegations): string | null {
  const codes = new Set(known.map((delegation) => delegation.code))
  const named = [fields.delegation, ...(fields.onBehalfOf?.members ?? [])]
  return named.find((code): code is string => code != null && !codes.has(code)) ?? null
}
