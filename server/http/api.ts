import express, { type NextFunction, type Request, type Response } from 'express'
import type { Logger } from 'pino'
import type { CreatedMeetingAnswer } from '../../shared/protocol/api.ts'
import { meetingDescriptionSchema, describeIssues } from '../../shared/protocol/schemas.ts'
import { wireError, type ErrorCode } from '../../shared/protocol/errors.ts'
import { bearerToken, hashToken, sameHash } from '../auth/tokens.ts'
import type { GuessThrottle } from '../auth/guess-throttle.ts'
import type { Clock } from '../clock.ts'
import { createMeeting, meetingLinks } from '../meetings/create-meeting.ts'
import type { Store } from '../store/store.ts'

/** A meeting description with a full roster and questions is well under this. */
const MAX_JSON_BODY = '256kb'

export interface ApiDeps {
  readonly store: Store
  readonly clock: Clock
  readonly adminTokenHash: string
  /** The base URL links are built on, from the config or the request's own host. */
  readonly baseUrl: (req: Request) => string
  /** Wrong admin tokens per address (one throttle for every route that takes the admin token). */
  readonly guesses: GuessThrottle
}

/** The request's network address (its proxy's X-Forwarded-For only when ROSTRUM_TRUST_PROXY trusts it). */
export function clientAddress (req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown'
}

/** False, with a 429 sent, when the address has used up its wrong-token guesses. */
export function guessesLeft (guesses: GuessThrottle, req: Request, res: Response): boolean {
  const address = clientAddress(req)
  if (guesses.allows(address)) return true
  res.set('Retry-After', String(guesses.retryAfterSeconds(address)))
  sendError(res, 429, 'RATE_LIMITED', 'Too many wrong tokens from this address; wait a minute.')
  return false
}

export function sendError (res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ error: wireError(code, message) })
}

export function apiRouter (deps: ApiDeps): express.Router {
  const router = express.Router()
  const jsonBody = express.json({ limit: MAX_JSON_BODY, strict: true })

  const requireAdmin = (req: Request, res: Response, next: NextFunction) => {
    if (!guessesLeft(deps.guesses, req, res)) return
    const token = bearerToken(req.header('authorization'))
    if (token === null || !sameHash(hashToken(token), deps.adminTokenHash)) {
      deps.guesses.failed(clientAddress(req))
      sendError(res, 401, 'UNAUTHORIZED', 'This needs the admin token as "Authorization: Bearer <token>".')
      return
    }
    next()
  }

  // The token is checked before the body is read: a stranger's upload is refused unread.
  router.post('/meetings', requireAdmin, jsonBody, async (req, res) => {
    if (!req.is('application/json')) {
      sendError(res, 415, 'INVALID_PAYLOAD', 'Send the meeting description as application/json.')
      return
    }
    const parsed = meetingDescriptionSchema.safeParse(req.body)
    if (!parsed.success) {
      sendError(res, 400, 'INVALID_PAYLOAD', describeIssues(parsed.error))
      return
    }
    const created = await createMeeting(parsed.data, deps)
    res.status(201).json({ id: created.id, links: meetingLinks(deps.baseUrl(req), created) } satisfies CreatedMeetingAnswer)
  })

  router.get('/meetings', requireAdmin, async (_req, res) => {
    res.json({ meetings: await deps.store.listMeetings() })
  })

  router.use((_req: Request, res: Response) => {
    sendError(res, 404, 'NOT_FOUND', 'No such API route.')
  })

  return router
}

/**
 * Errors from any /api router — body-parser's (bad JSON, too large) or a throw — answered in the
 * API's error shape. Mounted once after every /api router: an error skips the routers after it.
 * Every 500 is logged with its cause and route: the client is told nothing, so the log must say it all.
 */
export function apiErrors (logger: Logger) {
  return (error: { status?: number; type?: string; limit?: number }, req: Request, res: Response, _next: NextFunction): void => {
    if (error.type === 'entity.too.large') {
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', `The body must be under ${error.limit ?? 'the limit'} bytes.`)
      return
    }
    if (error.status !== undefined && error.status < 500) {
      sendError(res, error.status, 'INVALID_PAYLOAD', 'The body is not valid JSON.')
      return
    }
    logServerError(logger, error, req)
    sendError(res, 500, 'INTERNAL', 'The server could not handle this request.')
  }
}

/** The route is the path without its query; neither carries a token (those travel in headers). */
export function logServerError (logger: Logger, error: unknown, req: Request): void {
  logger.error({ err: error, method: req.method, route: req.originalUrl.split('?')[0] }, 'request failed')
}
