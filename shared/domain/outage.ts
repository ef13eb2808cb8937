// A statement the server's outage ran through. The speaker went on talking while the server was down, so
// the time counts (a running clock keeps running across a restart: it is instants, not a ticking value);
// but the record must say the statement crossed an outage, since nobody could see or stop the clock then.
import type { ControlState, ServerOutage, Statement, StatementId } from './types.ts'
import { entityById } from './lookup.ts'

/**
 * `state` with the outage the server came back from marked on the statements on the floor: the one
 * speaking and the one a point of order interrupted, if they began before the server came back.
 * `lastAliveAtMs` is the server's last sign of life before it stopped (null when unknown: the outage is
 * then dated from the statement's start). Marking twice for the same comeback changes nothing.
 */
export function withOutageMarked (state: ControlState, lastAliveAtMs: number | null, backAtMs: number): ControlState {
  const ids = [state.floor.statementId, state.floor.interrupted?.statementId ?? null]
  let next = state
  for (const id of ids) {
    const statement = id === null ? undefined : entityById(next.statements, id)
    if (statement === undefined || statement.endedAtMs !== null || statement.startedAtMs >= backAtMs) continue
    if (statement.outages?.some((outage) => outage.toMs === backAtMs)) continue
    const outage: ServerOutage = { fromMs: Math.min(backAtMs, Math.max(lastAliveAtMs ?? statement.startedAtMs, statement.startedAtMs)), toMs: backAtMs }
    const marked: Statement = { ...statement, outages: [...(statement.outages ?? []), outage] }
    next = { ...next, statements: { ...next.statements, [id as StatementId]: marked } }
  }
  return next
}
