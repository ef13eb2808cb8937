import { DOMAIN_ERROR_CODES, type DomainErrorCode } from '../domain/commands.ts'

/** Refusals that come from the wire rather than the floor rules. */
export const PROTOCOL_ERROR_CODES = [
  'UNAUTHORIZED',
  'INVALID_PAYLOAD',
  'UNKNOWN_COMMAND',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNKNOWN_DOCUMENT',
  'DOC_READ_ONLY',
  'MEETING_NOT_FOUND',
  'COMMAND_ID_REUSED',
  'TOO_MANY_CONNECTIONS',
  'SLOW_CONSUMER',
  'NOT_FOUND',
  'IMPORT_TOO_COMPLEX',
  'INTERNAL',
  'NOT_SAVED',
  'NOTES_REJECTED',
  'NOTES_QUOTA',
  'NOTES_NOT_SAVED',
  'PROTOCOL_TOO_OLD'
] as const

export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number]
export type ErrorCode = DomainErrorCode | ProtocolErrorCode

export const ERROR_CODES: readonly ErrorCode[] = [...DOMAIN_ERROR_CODES, ...PROTOCOL_ERROR_CODES]

export interface WireError {
  readonly code: ErrorCode
  readonly message: string
}

export function wireError (code: ErrorCode, message: string): WireError {
  return { code, message }
}
