// The one entry point for changing a meeting: authorize, check the meeting's status, then the rules.
import { authorize } from './authorize.ts'
import type { Command, CommandContext, CommandPayloads, CommandResult, CommandType } from './commands.ts'
import { delegationHandlers } from './commands/delegation.ts'
import { groupHandlers } from './commands/group.ts'
import { floorHandlers } from './commands/floor.ts'
import { meetingHandlers } from './commands/meeting.ts'
import { questionHandlers } from './commands/question.ts'
import { requestHandlers } from './commands/request.ts'
import { fail, type Handler, type Handlers } from './commands/result.ts'
import { segmentHandlers } from './commands/segment.ts'
import { speakerHandlers } from './commands/speaker.ts'
import { timerHandlers } from './commands/timer.ts'
import { writtenHandlers } from './commands/written.ts'
import type { ControlState } from './types.ts'

const HANDLERS: Handlers<CommandType> = {
  ...speakerHandlers,
  ...segmentHandlers,
  ...questionHandlers,
  ...floorHandlers,
  ...timerHandlers,
  ...meetingHandlers,
  ...requestHandlers,
  ...delegationHandlers,
  ...groupHandlers,
  ...writtenHandlers
}

/**
 * Calling someone to speak needs a sitting meeting; editing the list does not (it is prepared ahead).
 * Nor does a clock run while the meeting is suspended: starting or resuming one, or closing a point of
 * order (which resumes the interrupted clock), waits for the meeting to resume.
 */
const NEEDS_OPEN_MEETING: ReadonlySet<CommandType> = new Set([
  'floor:next', 'floor:give', 'point-of-order:raise', 'point-of-order:close', 'timer:start', 'timer:resume'
])

/** Runs `command`; accepted, its result reports what `CommandResults` says for its type. */
export function applyCommand<T extends CommandType> (
  state: ControlState,
  command: { readonly type: T; readonly payload: CommandPayloads[T] },
  ctx: CommandContext
): CommandResult<T> {
  // A command of type T is one member of the Command union; TypeScript cannot see that for a generic T.
  const refusal = authorize(ctx.actor, command as Command, state)
  if (refusal) return { ok: false, error: refusal }
  const status = state.meeting.status
  if (status === 'adjourned') return fail('MEETING_ADJOURNED', 'The meeting is adjourned; its record is closed.')
  if (NEEDS_OPEN_MEETING.has(command.type) && status !== 'open') {
    return fail('MEETING_NOT_OPEN', `The meeting is ${status}; open or resume it first.`)
  }
  return dispatch(command.type, state, command.payload, ctx)
}

/** The one place the command's type and payload are paired back up after the union was narrowed away. */
function dispatch<T extends CommandType> (type: T, state: ControlState, payload: CommandPayloads[T], ctx: CommandContext): CommandResult<T> {
  const handler = HANDLERS[type] as Handler<T>
  return handler(state, payload, ctx)
}
