// Every code the UN roster knows (Member States, observer States, the European Union and the observer
// organisations), without the name tables: the meeting description's schema and the domain's rule for
// group members (shared/domain/participants.ts) ask only whether a code exists, and the schema reaches
// the browser.
import { EUROPEAN_UNION, MEMBER_STATES, OBSERVER_STATES } from './membership.ts'
import { OBSERVER_ORGANISATIONS } from './organisations.ts'

const CODES: ReadonlySet<string> = new Set([
  ...MEMBER_STATES, ...OBSERVER_STATES, EUROPEAN_UNION, ...OBSERVER_ORGANISATIONS.map((entry) => entry.code)
])

export function isRosterCode (code: string): boolean {
  return CODES.has(code)
}
