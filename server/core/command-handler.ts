import type { Command } from '../../shared/domain/commands.ts'
import type { Actor } from '../../shared/domain/types.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { wireError, type ErrorCode } from '../../shared/protocol/errors.ts'
import { commandEnvelopeSchema, commandPayloadSchemas, describeIssues, isCommandType } from '../../shared/protocol/schemas.ts'
import type { MeetingRoom } from '../rooms/meeting-room.ts'
import type { Link } from './admit.ts'

/** A command envelope is a few hundred bytes; this leaves room for long notes and group lists. */
export const MAX_COMMAND_BYTES = 32 * 1024

/** Commands that go with a link's token, which never travels over the socket (see server/http/delegations.ts). */
const HTTP_ONLY: ReadonlySet<string> = new Set(['delegation:add', 'delegation:remove'])

function refuse (code: ErrorCode, message: string): CommandAck {
  return { ok: false, error: wireError(code, message) }
}

/**
 * Validates an untrusted envelope, lets the meeting's room run it, and answers once the change has
 * been broadcast (the sender's own copy arrives before the ack, on the same connection).
 */
export async function handleCommand (room: MeetingRoom, link: Link, envelope: unknown): Promise<CommandAck> {
  // A link that keeps being refused is turned away before its command is even read (see refusal-budget.ts).
  // The chair is never turned away: the floor must keep moving, and its refusals are recorded bounded.
  const heldToBudget = link.role !== 'chair'
  if (heldToBudget && !room.refusals.admits(link.actorId)) {
    return refuse('RATE_LIMITED', 'Too many refused commands from this link; nothing ran. Wait a few seconds.')
  }
  let ack: CommandAck | null = null
  try {
    ack = await runEnvelope(room, link, envelope)
  } finally {
    // A command that failed outright is no refusal the link caused; its hold is released all the same.
    if (heldToBudget) room.refusals.settle(link.actorId, ack !== null && !ack.ok)
  }
  await new Promise<void>((resolve) => room.afterBroadcast(resolve))
  return ack
}

async function runEnvelope (room: MeetingRoom, link: Link, envelope: unknown): Promise<CommandAck> {
  if (Buffer.byteLength(JSON.stringify(envelope ?? null), 'utf8') > MAX_COMMAND_BYTES) {
    return refuse('PAYLOAD_TOO_LARGE', `A command must be under ${MAX_COMMAND_BYTES} bytes.`)
  }
  const parsed = commandEnvelopeSchema.safeParse(envelope)
  if (!parsed.success) return refuse('INVALID_PAYLOAD', describeIssues(parsed.error))
  const { id, type, payload } = parsed.data
  if (!isCommandType(type)) return refuse('UNKNOWN_COMMAND', `There is no command "${type.slice(0, 64)}".`)
  if (HTTP_ONLY.has(type)) return refuse('FORBIDDEN', `Send ${type} through the HTTP API, which issues or revokes the delegation's link with it.`)
  const checked = commandPayloadSchemas[type].safeParse(payload)
  if (!checked.success) return refuse('INVALID_PAYLOAD', `${type}: ${describeIssues(checked.error)}`)

  const actor: Actor = { role: link.role, delegation: link.delegation, id: link.actorId }
  // Awaited whether the room answers at once or once its store has (server/rooms).
  return await room.runCommand(actor, id, { type, payload: checked.data } as Command)
}
