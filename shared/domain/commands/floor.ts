// Giving and ending the floor, and points of order that interrupt it.
import { capacityOf } from '../capacity.ts'
import { floorStatement, isPointOfOrderOpen } from '../floor-state.ts'
import { nextWaitingSpeaker } from '../order.ts'
import { effectiveLimitMs, IDLE_TIMER, pauseTimer, resumeTimer, timerForStatement } from '../timer.ts'
import type { CommandContext, CommandResult } from '../commands.ts'
import type { ControlState, Speaker, Statement, StatementId } from '../types.ts'
import { closeOpenPause, finishStatement, openPause } from './statements.ts'
import { fail, findSpeaker, isKnownDelegation, isRefusal, ok, unknownDelegation, withStatement, type Handlers } from './result.ts'
import { entityById } from '../lookup.ts'

const EMPTY_FLOOR: ControlState['floor'] = { statementId: null, speakerId: null, interrupted: null }

const pointOfOrderOpen = () =>
  fail('POINT_OF_ORDER_OPEN', 'A point of order is before the chair; close it first.')

/** Ends whatever list statement is on the floor (nothing when the floor is empty). */
function endCurrentStatement (state: ControlState, nowMs: number): ControlState {
  const statement = floorStatement(state)
  if (!statement) return state
  let next = withStatement(state, finishStatement(statement, state.timer, nowMs))
  const speaker = statement.speakerId === null ? undefined : entityById(next.speakers, statement.speakerId)
  if (speaker) next = { ...next, speakers: { ...next.speakers, [speaker.id]: { ...speaker, status: 'spoken' } } }
  return { ...next, floor: EMPTY_FLOOR, timer: IDLE_TIMER }
}

function giveFloorTo (state: ControlState, speaker: Speaker, startTimer: boolean | undefined, ctx: CommandContext): CommandResult<'floor:next' | 'floor:give'> {
  const afterPrevious = endCurrentStatement(state, ctx.nowMs)
  const segment = entityById(afterPrevious.segments, speaker.segmentId)
  const limitMs = effectiveLimitMs(speaker, segment)
  const statementId = ctx.newId('stm') as StatementId
  const statement: Statement = {
    id: statementId,
    speakerId: speaker.id,
    name: speaker.name,
    delegation: speaker.delegation,
    segmentId: speaker.segmentId,
    kind: segment?.purpose === 'right-of-reply' ? 'right-of-reply' : 'statement',
    startedAtMs: ctx.nowMs,
    endedAtMs: null,
    pauses: [],
    durationMs: null,
    limitMs,
    overrunMs: null,
    ...capacityOf(speaker)
  }
  const withNew = withStatement(afterPrevious, statement)
  return ok(
    {
      ...withNew,
      speakers: { ...withNew.speakers, [speaker.id]: { ...speaker, status: 'speaking' } },
      floor: { statementId, speakerId: speaker.id, interrupted: null },
      timer: timerForStatement(statementId, limitMs, ctx.nowMs, startTimer !== false)
    },
    { statementId, speakerId: speaker.id }
  )
}

export const floorHandlers: Handlers<'floor:next' | 'floor:give' | 'floor:end' | 'point-of-order:raise' | 'point-of-order:close'> = {
  'floor:next': (state, payload, ctx) => {
    if (isPointOfOrderOpen(state)) return pointOfOrderOpen()
    const next = nextWaitingSpeaker(state)
    if (!next) return fail('LIST_EMPTY', 'Nobody is waiting to speak.')
    // The chair's screen said who is next; anything else means the list moved under them (or the
    // button was pressed twice), and calling someone the chair did not see is worse than refusing.
    if (next.id !== payload.expectedSpeakerId) {
      return fail('STALE_NEXT', `The next speaker is now ${next.name}; check the list and try again.`)
    }
    return giveFloorTo(state, next, payload.startTimer, ctx)
  },

  'floor:give': (state, payload, ctx) => {
    if (isPointOfOrderOpen(state)) return pointOfOrderOpen()
    const speaker = findSpeaker(state, payload.speakerId)
    if (isRefusal(speaker)) return speaker
    if (speaker.status !== 'waiting') return fail('SPEAKER_NOT_WAITING', `${speaker.name} is not waiting to speak.`)
    return giveFloorTo(state, speaker, payload.startTimer, ctx)
  },

  'floor:end': (state, _payload, ctx) => {
    const statement = floorStatement(state)
    if (!statement) return fail('FLOOR_EMPTY', 'Nobody has the floor.')
    if (statement.kind === 'point-of-order') return pointOfOrderOpen()
    return ok(endCurrentStatement(state, ctx.nowMs), { statementId: statement.id })
  },

  'point-of-order:raise': (state, payload, ctx) => {
    if (isPointOfOrderOpen(state)) return pointOfOrderOpen()
    const delegation = payload.delegation ?? null
    if (delegation !== null && !isKnownDelegation(state, delegation)) return unknownDelegation(delegation)
    let next = state
    let interrupted: ControlState['floor']['interrupted'] = null
    const current = floorStatement(state)
    if (current) {
      const wasRunning = state.timer.state === 'running'
      // Only a running clock gets a point-of-order pause; a clock the chair already paused (or never
      // started) stays exactly as it was and its own pause keeps counting.
      if (wasRunning) next = withStatement(next, openPause(current, ctx.nowMs, 'point-of-order'))
      const timer = wasRunning ? pauseTimer(state.timer, ctx.nowMs) : state.timer
      interrupted = { statementId: current.id, speakerId: current.speakerId, timer, wasRunning }
    }
    const statementId = ctx.newId('stm') as StatementId
    next = withStatement(next, {
      id: statementId,
      speakerId: null,
      name: payload.name,
      delegation,
      segmentId: null,
      kind: 'point-of-order',
      startedAtMs: ctx.nowMs,
      endedAtMs: null,
      pauses: [],
      durationMs: null,
      limitMs: null,
      overrunMs: null
    })
    return ok(
      {
        ...next,
        floor: { statementId, speakerId: null, interrupted },
        timer: timerForStatement(statementId, null, ctx.nowMs, true)
      },
      { statementId }
    )
  },

  'point-of-order:close': (state, _payload, ctx) => {
    const pointOfOrder = floorStatement(state)
    if (pointOfOrder?.kind !== 'point-of-order') return fail('NO_POINT_OF_ORDER', 'No point of order is open.')
    const next = withStatement(state, finishStatement(pointOfOrder, state.timer, ctx.nowMs))
    const interrupted = state.floor.interrupted
    const resumed = interrupted ? entityById(next.statements, interrupted.statementId) : undefined
    if (!interrupted || !resumed) {
      return ok({ ...next, floor: EMPTY_FLOOR, timer: IDLE_TIMER }, { statementId: pointOfOrder.id })
    }
    const floor = { statementId: interrupted.statementId, speakerId: interrupted.speakerId, interrupted: null }
    if (!interrupted.wasRunning) return ok({ ...next, floor, timer: interrupted.timer }, { statementId: pointOfOrder.id })
    return ok(
      {
        ...withStatement(next, closeOpenPause(resumed, ctx.nowMs)),
        floor,
        timer: resumeTimer(interrupted.timer, ctx.nowMs)
      },
      { statementId: pointOfOrder.id }
    )
  }
}
