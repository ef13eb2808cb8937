import express, { type Request } from 'express'
import type { Reach } from '../network/reach.ts'

/**
 * `GET /api/reach`: whether the links this server hands out open anywhere but on its own machine, so
 * the setup page can warn before a chair prints QR codes no phone can open. No token: whoever can ask
 * has reached the server already, and the answer holds nothing secret.
 */
export function reachRouter (reachFor: (req: Request) => Reach): express.Router {
  const router = express.Router()
  router.get('/reach', (req, res) => {
    res.set('Cache-Control', 'no-store').json(reachFor(req))
  })
  return router
}
