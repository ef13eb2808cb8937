import express from 'express'
import { bearerToken, hashToken, sameHash } from '../auth/tokens.ts'
import type { ServerMetrics } from '../metrics.ts'
import { sendError } from './api.ts'

/** `GET /api/admin/metrics`: the process's memory, event-loop delay and abuse counters, for the admin. */
export function metricsRouter (deps: { readonly metrics: ServerMetrics; readonly adminTokenHash: string }): express.Router {
  const router = express.Router()
  router.get('/admin/metrics', (req, res) => {
    const token = bearerToken(req.header('authorization'))
    if (token === null || !sameHash(hashToken(token), deps.adminTokenHash)) {
      sendError(res, 401, 'UNAUTHORIZED', 'This needs the admin token as "Authorization: Bearer <token>".')
      return
    }
    res.set('Cache-Control', 'no-store').json(deps.metrics.snapshot())
  })
  return router
}
