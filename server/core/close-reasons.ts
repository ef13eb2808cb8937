import type { ErrorCode } from '../../shared/protocol/errors.ts'

/**
 * Why the server ends a connection, named once for every transport: the client hears the code and the
 * message as a notice, then the transport closes in its own way (Socket.IO disconnects; the live link
 * closes with the WebSocket code `LIVE_CLOSE[name]`).
 */
export interface CloseReason {
  readonly name: CloseName
  readonly code: ErrorCode
  readonly message: string
  /** The client event it answers (`connect`, `hello`). */
  readonly event: string
}

export type CloseName = 'unauthorized' | 'meetingNotFound' | 'noHello' | 'tooManyConnections' | 'slowConsumer' | 'protocolTooOld'

export const CLOSE = {
  revoked: reason('unauthorized', 'UNAUTHORIZED', 'This link has been revoked.', 'connect'),
  meetingNotFound: (event: string) => reason('meetingNotFound', 'MEETING_NOT_FOUND', 'This meeting no longer exists.', event),
  slowConsumer: reason('slowConsumer', 'SLOW_CONSUMER', 'This connection fell too far behind and was closed; reconnecting fetches the meeting afresh.', 'connect'),
  /** This node's copy of the meeting fell out of step (server/cluster): clients reconnect and load it afresh. */
  outOfStep: reason('slowConsumer', 'SLOW_CONSUMER', 'This server\'s copy of the meeting fell out of step; reconnecting fetches the meeting afresh.', 'connect')
} as const

export function reason (name: CloseName, code: ErrorCode, message: string, event: string): CloseReason {
  return { name, code, message, event }
}
