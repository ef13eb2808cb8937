import type { Command, CommandResults, CommandType } from '../domain/commands.ts'
import type { DelegationCode, MeetingId, Role } from '../domain/types.ts'
import type { RequestText } from '../domain/request-text.ts'
import type { WireError } from './errors.ts'

/**
 * Bumped on any change to the events or payloads below (shared/protocol/messages.ts). Version 2: the
 * hello carries the client's `protocolVersion` and `followNotes`.
 */
export const PROTOCOL_VERSION = 2

export type DocName = 'control' | 'notes'
export const DOC_NAMES: readonly DocName[] = ['control', 'notes']

/** What a client sends to run a command; `id` makes a retry harmless (idempotency key). */
export interface CommandEnvelope<T extends CommandType = CommandType> {
  readonly id: string
  readonly type: T
  readonly payload: Extract<Command, { type: T }>['payload']
}

/** The answer to a command: what it reports (`CommandResults`, by its type), or why it was refused. */
export type CommandAck<T extends CommandType = CommandType> =
  | { readonly ok: true; readonly data: CommandResults[T] }
  | { readonly ok: false; readonly error: WireError }

export interface SessionInfo {
  readonly protocolVersion: number
  readonly meetingId: MeetingId
  readonly role: Role
  readonly delegation: DelegationCode | null
  readonly canWriteNotes: boolean
  readonly serverNowMs: number
}

export interface ClockPong {
  readonly serverNowMs: number
}

/** A server summary of who is connected, sent at most once a second instead of awareness. */
export interface PresenceSummary {
  readonly chair: number
  readonly notetaker: number
  readonly delegation: number
  readonly public: number
}

export interface Notice extends WireError {
  readonly event: string
}

export interface ClientToServerEvents {
  command: (envelope: CommandEnvelope, ack: (result: CommandAck) => void) => void
  /** A y-protocols sync message, base64 (see wire.ts). */
  sync: (doc: DocName, message: string) => void
  /** A y-protocols awareness update, base64. */
  awareness: (message: string) => void
  'clock:ping': (ack: (pong: ClockPong) => void) => void
}

export interface ServerToClientEvents {
  session: (info: SessionInfo) => void
  sync: (doc: DocName, message: string) => void
  awareness: (message: string) => void
  presence: (summary: PresenceSummary) => void
  notice: (notice: Notice) => void
  /** Requests' free text, to the chair (every request's) and to a delegation (its own) only. */
  'request:texts': (texts: readonly RequestText[]) => void
}
