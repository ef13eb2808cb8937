import { z } from 'zod'
import type { Command } from '../../shared/domain/commands.ts'
import type { Actor, MeetingId } from '../../shared/domain/types.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import type { WireError } from '../../shared/protocol/errors.ts'
import type { RequestText } from '../../shared/domain/request-text.ts'
import { encodeWire } from '../../shared/protocol/wire.ts'
import type { SequencedUpdate } from '../store/cluster-store.ts'
import type { TokenChange } from '../store/store.ts'
import type { CommandReply, ForwardedCommand, ForwardedNotes, NotesReply } from '../rooms/room-cluster.ts'
import { MAX_NOTES_BYTES } from '../../shared/doc/notes-limits.ts'
import { base64Bytes } from './node-calls.ts'

// The bodies of the node-to-node calls that carry a meeting's writes to its owner, and their answers.
// The node that sends them checked the client's command already; these schemas check only that a peer
// sent the shape agreed, since a peer holding the cluster secret is one of our own nodes.

export const COMMAND_PATH = '/meetings/command'
export const NOTES_PATH = '/meetings/notes'

/** Largest update a call carries: a whole notes document, which a snapshot in the log can be. */
const MAX_UPDATE_BYTES = MAX_NOTES_BYTES

const actorSchema = z.object({ id: z.string(), role: z.string(), delegation: z.string().nullable() })
const storedSchema = z.object({ seq: z.number().int().positive(), doc: z.enum(['control', 'notes']), update: base64Bytes(MAX_UPDATE_BYTES) }).nullable()

export const commandCallSchema = z.object({
  meetingId: z.string(),
  actor: actorSchema,
  commandId: z.string(),
  command: z.object({ type: z.string(), payload: z.unknown() }),
  tokens: z.unknown().optional()
})

export const notesCallSchema = z.object({
  meetingId: z.string(),
  update: base64Bytes(MAX_UPDATE_BYTES),
  link: z.object({ id: z.string(), role: z.enum(['notetaker', 'chair']) })
})

/** The owner's answer; `notOwner` when the node called does not own the meeting (any more). */
export const commandAnswerSchema = z.union([
  z.object({ notOwner: z.literal(true) }),
  z.object({ ack: z.unknown(), revokedTokens: z.array(z.string()), stored: storedSchema, requestTexts: z.array(z.unknown()) })
])

export const notesAnswerSchema = z.union([
  z.object({ notOwner: z.literal(true) }),
  z.object({ rejected: z.object({ code: z.string(), message: z.string() }).nullable(), stored: storedSchema })
])

export const NOT_OWNER_ANSWER = { notOwner: true } as const

export function commandCall (meetingId: MeetingId, forwarded: ForwardedCommand): z.input<typeof commandCallSchema> {
  return { meetingId, actor: forwarded.actor, commandId: forwarded.commandId, command: forwarded.command, tokens: forwarded.tokens }
}

export function forwardedCommandOf (call: z.output<typeof commandCallSchema>): ForwardedCommand {
  return {
    actor: call.actor as Actor,
    commandId: call.commandId,
    command: call.command as Command,
    ...(call.tokens === undefined ? {} : { tokens: call.tokens as TokenChange })
  }
}

export function notesCall (meetingId: MeetingId, forwarded: ForwardedNotes): z.input<typeof notesCallSchema> {
  return { meetingId, update: encodeWire(forwarded.update), link: forwarded.link }
}

export function commandAnswer (reply: CommandReply): z.input<typeof commandAnswerSchema> {
  return { ack: reply.ack, revokedTokens: [...reply.revokedTokens], stored: storedOnWire(reply.stored), requestTexts: [...reply.requestTexts] }
}

export function notesAnswer (reply: NotesReply): z.input<typeof notesAnswerSchema> {
  return { rejected: reply.rejected, stored: storedOnWire(reply.stored) }
}

export function commandReplyOf (answer: Exclude<z.output<typeof commandAnswerSchema>, { notOwner: true }>): CommandReply {
  return {
    ack: answer.ack as CommandAck,
    revokedTokens: answer.revokedTokens,
    stored: answer.stored as SequencedUpdate | null,
    requestTexts: answer.requestTexts as RequestText[]
  }
}

export function notesReplyOf (answer: Exclude<z.output<typeof notesAnswerSchema>, { notOwner: true }>): NotesReply {
  return { rejected: answer.rejected as WireError | null, stored: answer.stored as SequencedUpdate | null }
}

function storedOnWire (stored: SequencedUpdate | null): z.input<typeof storedSchema> {
  return stored === null ? null : { seq: stored.seq, doc: stored.doc, update: encodeWire(stored.update) }
}
