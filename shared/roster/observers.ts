// Which codes the UN roster lists as observers (non-member States and organisations): the standing a
// delegation has when nothing on the list says otherwise (shared/domain/standing.ts).
import { EUROPEAN_UNION, OBSERVER_STATES } from './membership.ts'
import { OBSERVER_ORGANISATIONS } from './organisations.ts'

const OBSERVERS: ReadonlySet<string> = new Set([...OBSERVER_STATES, EUROPEAN_UNION, ...OBSERVER_ORGANISATIONS.map((entry) => entry.code)])

export function isRosterObserver (code: string): boolean {
  return OBSERVERS.has(code)
}
