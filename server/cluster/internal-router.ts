import express, { type NextFunction, type Request, type Response } from 'express'
import type { Logger } from 'pino'
import type { z } from 'zod'
import { describeIssues } from '../../shared/protocol/schemas.ts'
import { bearerToken, hashToken, sameHash } from '../auth/tokens.ts'
import { logServerError } from '../http/api.ts'
import { MAX_NODE_CALL_BYTES, NODE_UNAUTHORIZED, type NodeAnswer, type NodeErrorCode } from './node-calls.ts'

/**
 * One internal route: the schema its body must pass and what it does with a body that has. `handle` is
 * a method so a route of any body type can sit in one table (build it with `internalRoute`).
 */
export interface InternalRoute<Body = unknown> {
  readonly body: z.ZodType<Body>
  handle (body: Body): Promise<unknown>
}

/** Path (under INTERNAL_MOUNT, e.g. `/commands`) → route. */
export type InternalRoutes = Readonly<Record<string, InternalRoute>>

/** A route whose handler is typed by its schema. */
export function internalRoute<Body> (body: z.ZodType<Body>, handle: (body: Body) => Promise<unknown>): InternalRoute<Body> {
  return { body, handle }
}

function sendNodeError (res: Response, status: number, code: NodeErrorCode, message: string): void {
  res.status(status).json({ ok: false, error: { code, message } } satisfies NodeAnswer<never>)
}

/**
 * The routes other nodes call (mounted at INTERNAL_MOUNT), each a POST of JSON answered with
 * `{ ok: true, result }` or `{ ok: false, error: { code, message } }`. Only a caller holding the cluster
 * secret is served; a handler sees only a body its schema accepted. Throws at once on a secret that could
 * never be sent as a Bearer token, which would lock every node out.
 */
export function internalRouter (secret: string, routes: InternalRoutes, logger: Logger): express.Router {
  if (bearerToken(`Bearer ${secret}`) === null) throw new Error('The cluster secret must be 16–128 characters of A–Z, a–z, 0–9, "-" and "_" (clusterSecret makes one).')
  const secretHash = hashToken(secret)
  const router = express.Router()
  const jsonBody = express.json({ limit: MAX_NODE_CALL_BYTES, strict: true })

  // The secret is checked before the body is read, so a stranger's upload is refused unread. Comparing
  // hashes keeps the comparison's time independent of how much of the secret a guess got right.
  router.use((req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.header('authorization'))
    if (token === null || !sameHash(hashToken(token), secretHash)) {
      sendNodeError(res, 401, NODE_UNAUTHORIZED, 'Node calls need the cluster secret as "Authorization: Bearer <secret>".')
      return
    }
    next()
  })

  for (const [path, route] of Object.entries(routes)) {
    router.post(path, jsonBody, async (req: Request, res: Response) => {
      if (!req.is('application/json')) {
        sendNodeError(res, 415, 'INVALID_PAYLOAD', 'Send the body as application/json.')
        return
      }
      const parsed = route.body.safeParse(req.body)
      if (!parsed.success) {
        sendNodeError(res, 400, 'INVALID_PAYLOAD', describeIssues(parsed.error))
        return
      }
      // A handler that returns nothing answers null: JSON would drop an undefined result altogether.
      const result = (await route.handle(parsed.data)) ?? null
      res.json({ ok: true, result } satisfies NodeAnswer<unknown>)
    })
  }

  router.use((_req: Request, res: Response) => {
    sendNodeError(res, 404, 'NOT_FOUND', 'No such internal route.')
  })

  router.use((error: { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      sendNodeError(res, 413, 'PAYLOAD_TOO_LARGE', `A node call's body must be under ${MAX_NODE_CALL_BYTES} bytes.`)
      return
    }
    if (error.status !== undefined && error.status < 500) {
      sendNodeError(res, error.status, 'INVALID_PAYLOAD', 'The body is not valid JSON.')
      return
    }
    logServerError(logger, error, req)
    sendNodeError(res, 500, 'INTERNAL', 'The node could not handle this call.')
  })

  return router
}
