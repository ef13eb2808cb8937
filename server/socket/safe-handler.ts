import type { Logger } from 'pino'
import type { RostrumSocket } from './types.ts'

/**
 * The one wrapper around every socket handler: nothing a client sends may throw past it. A throw is
 * logged with the meeting, socket and event, and answered with a sanitised INTERNAL error.
 */
export function safeHandler<Args extends unknown[]> (
  socket: RostrumSocket,
  logger: Logger,
  event: string,
  handler: (...args: Args) => void | Promise<void>
): (...args: Args) => void {
  return (...args: Args) => {
    const fail = (error: unknown) => {
      logger.error({ err: error, meetingId: socket.data.meetingId, socketId: socket.id, event }, 'handler failed')
      const ack = args.at(-1)
      const answer = { code: 'INTERNAL' as const, message: 'The server could not handle this message.' }
      if (typeof ack === 'function') ack({ ok: false, error: answer })
      else socket.emit('notice', { ...answer, event })
    }
    try {
      // A handler that awaits the store fails by rejecting: that is caught the same way.
      handler(...args)?.catch(fail)
    } catch (error) {
      fail(error)
    }
  }
}
