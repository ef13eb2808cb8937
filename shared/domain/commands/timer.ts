// The chair's hand on the clock of the statement on the floor.
import { extendTimer, pauseTimer, resumeTimer, setTimerLimit, startTimer } from '../timer.ts'
import type { ControlState, Statement, Timer } from '../types.ts'
import { floorStatement } from '../floor-state.ts'
import { closeOpenPause, openPause } from './statements.ts'
import { fail, ok, withStatement, type Handlers, type Refusal } from './result.ts'

function onFloor (state: ControlState): Statement | Refusal {
  return floorStatement(state) ?? fail('FLOOR_EMPTY', 'Nobody has the floor, so there is no clock to run.')
}

function isStatement (value: Statement | Refusal): value is Statement {
  return !('ok' in value)
}

/** A new limit is part of the record too: the overrun is measured against what the chair allowed. */
function withLimit (state: ControlState, statement: Statement, timer: Timer): ControlState {
  return { ...withStatement(state, { ...statement, limitMs: timer.limitMs }), timer }
}

export const timerHandlers: Handlers<'timer:start' | 'timer:pause' | 'timer:resume' | 'timer:extend' | 'timer:set-limit'> = {
  'timer:start': (state, _payload, ctx) => {
    const statement = onFloor(state)
    if (!isStatement(statement)) return statement
    if (state.timer.state === 'running') return fail('TIMER_ALREADY_RUNNING', 'The clock is already running.')
    if (state.timer.state === 'paused') return fail('INVALID_TRANSITION', 'The clock is paused; resume it instead.')
    return ok({ ...state, timer: startTimer(state.timer, ctx.nowMs) })
  },

  'timer:pause': (state, _payload, ctx) => {
    const statement = onFloor(state)
    if (!isStatement(statement)) return statement
    if (state.timer.state !== 'running') return fail('TIMER_NOT_RUNNING', 'The clock is not running.')
    return ok({
      ...withStatement(state, openPause(statement, ctx.nowMs, 'chair')),
      timer: pauseTimer(state.timer, ctx.nowMs)
    })
  },

  'timer:resume': (state, _payload, ctx) => {
    const statement = onFloor(state)
    if (!isStatement(statement)) return statement
    if (state.timer.state !== 'paused') return fail('TIMER_NOT_PAUSED', 'The clock is not paused.')
    return ok({
      ...withStatement(state, closeOpenPause(statement, ctx.nowMs)),
      timer: resumeTimer(state.timer, ctx.nowMs)
    })
  },

  'timer:extend': (state, payload) => {
    const statement = onFloor(state)
    if (!isStatement(statement)) return statement
    // "+1 min" on a speaker without a limit would invent a limit a minute away and light the amber
    // warning by surprise; a limit is something the chair sets on purpose (timer:set-limit, or the row).
    if (state.timer.limitMs === null) {
      return fail('NO_LIMIT', 'The speaker has no time limit, so there is nothing to extend; set a limit first.')
    }
    const timer = extendTimer(state.timer, payload.byMs)
    return ok(withLimit(state, statement, timer), { limitMs: timer.limitMs })
  },

  'timer:set-limit': (state, payload) => {
    const statement = onFloor(state)
    if (!isStatement(statement)) return statement
    const timer = setTimerLimit(state.timer, payload.limitMs)
    return ok(withLimit(state, statement, timer), { limitMs: timer.limitMs })
  }
}
