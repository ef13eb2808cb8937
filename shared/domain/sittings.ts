// The meeting's own times, the frame of the verbatim record: "The meeting was called to order at
// 10.06 a.m." … "suspended at 1.22 p.m. and resumed at 3.01 p.m." … "The meeting rose at 6.05 p.m.".
// Each status command appends its moment, by the server's clock, so the record need not be rebuilt
// from the audit log.
import type { Outcome } from './commands.ts'
import type { ControlState, SittingEvent } from './types.ts'

/** The state with `kind` recorded at `atMs`; older documents without the list start one. */
export function withSittingEvent (state: ControlState, kind: SittingEvent['kind'], atMs: number): ControlState {
  return { ...state, sittings: [...(state.sittings ?? []), { kind, atMs }] }
}

/** An accepted status change, with its moment recorded; a refusal as it was. */
export function recordingSitting<D> (result: Outcome<D>, kind: SittingEvent['kind'], atMs: number): Outcome<D> {
  return result.ok ? { ...result, state: withSittingEvent(result.state, kind, atMs) } : result
}

/** One suspension and its resumption (null while the meeting is still suspended). */
export interface Suspension {
  readonly suspendedAtMs: number
  readonly resumedAtMs: number | null
}

/** The meeting's times as the record's frame needs them. */
export interface SittingFrame {
  readonly calledToOrderAtMs: number | null
  readonly suspensions: readonly Suspension[]
  readonly roseAtMs: number | null
}

export function sittingFrame (sittings: readonly SittingEvent[] | undefined): SittingFrame {
  let calledToOrderAtMs: number | null = null
  let roseAtMs: number | null = null
  const suspensions: Suspension[] = []
  for (const event of sittings ?? []) {
    if (event.kind === 'called-to-order') calledToOrderAtMs ??= event.atMs
    else if (event.kind === 'rose') roseAtMs = event.atMs
    else if (event.kind === 'suspended') suspensions.push({ suspendedAtMs: event.atMs, resumedAtMs: null })
    else {
      const open = suspensions.at(-1)
      if (open && open.resumedAtMs === null) suspensions[suspensions.length - 1] = { ...open, resumedAtMs: event.atMs }
    }
  }
  return { calledToOrderAtMs, suspensions, roseAtMs }
}
