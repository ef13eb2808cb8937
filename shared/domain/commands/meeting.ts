// The meeting's own life: scheduled → open ⇄ suspended → adjourned, and the closing of the list.
import type { MeetingFields, NoData, Outcome } from '../commands.ts'
import type { ControlState, MeetingStatus } from '../types.ts'
import { recordingSitting } from '../sittings.ts'
import { resumeFloor, suspendFloor } from './suspension.ts'
import { fail, ok, withChanges, type Handlers } from './result.ts'

const MEETING_FIELDS = [
  'title', 'agendaItem', 'symbol', 'language', 'scheduledStart', 'timeZone', 'roomHours', 'expectedOutcome', 'presidency'
] as const satisfies readonly (keyof MeetingFields)[]

function transition (state: ControlState, from: readonly MeetingStatus[], to: MeetingStatus, verb: string): Outcome<NoData> {
  const current = state.meeting.status
  if (!from.includes(current)) return fail('INVALID_TRANSITION', `A ${current} meeting cannot be ${verb}.`)
  // An adjourned meeting's record is closed: a statement still open there would never end.
  if (to === 'adjourned' && state.floor.statementId !== null) {
    return fail('FLOOR_OCCUPIED', `Someone has the floor; end the statement before the meeting is ${verb}.`)
  }
  return ok({ ...state, meeting: { ...state.meeting, status: to } })
}

/** The transition, then what it does to the statement on the floor (a suspension pauses it). */
function transitionWithFloor (
  state: ControlState,
  from: readonly MeetingStatus[],
  to: MeetingStatus,
  verb: string,
  floor: (state: ControlState) => ControlState
): Outcome<NoData> {
  const result = transition(state, from, to, verb)
  return result.ok ? ok(floor(result.state)) : result
}

function setListClosed (state: ControlState, listClosed: boolean): Outcome<NoData> {
  if (state.meeting.listClosed === listClosed) {
    return fail('INVALID_TRANSITION', listClosed ? 'The list is already closed.' : 'The list is already open.')
  }
  return ok({ ...state, meeting: { ...state.meeting, listClosed } })
}

export const meetingHandlers: Handlers<
  'meeting:open' | 'meeting:suspend' | 'meeting:resume' | 'meeting:adjourn' | 'list:close' | 'list:reopen' | 'meeting:update'
> = {
  // Room hours and the time zone feed the projected end at once; a running clock is not touched.
  'meeting:update': (state, payload) => {
    const meeting = withChanges(state.meeting, payload.changes, MEETING_FIELDS)
    return ok(meeting === state.meeting ? state : { ...state, meeting })
  },
  'meeting:open': (state, _payload, ctx) =>
    recordingSitting(transition(state, ['scheduled'], 'open', 'opened'), 'called-to-order', ctx.nowMs),
  'meeting:suspend': (state, _payload, ctx) => recordingSitting(
    transitionWithFloor(state, ['open'], 'suspended', 'suspended', (next) => suspendFloor(next, ctx.nowMs)), 'suspended', ctx.nowMs),
  'meeting:resume': (state, _payload, ctx) => recordingSitting(
    transitionWithFloor(state, ['suspended'], 'open', 'resumed', (next) => resumeFloor(next, ctx.nowMs)), 'resumed', ctx.nowMs),
  'meeting:adjourn': (state, _payload, ctx) =>
    recordingSitting(transition(state, ['open', 'suspended'], 'adjourned', 'adjourned'), 'rose', ctx.nowMs),
  'list:close': (state) => setListClosed(state, true),
  'list:reopen': (state) => setListClosed(state, false)
}
