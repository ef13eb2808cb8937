import express, { type Request, type Response } from 'express'
import { z } from 'zod'
import { ROLES, type DelegationCode, type MeetingId } from '../../shared/domain/types.ts'
import { describeIssues } from '../../shared/protocol/schemas.ts'
import { bearerToken, generateToken, hashToken } from '../auth/tokens.ts'
import type { Clock } from '../clock.ts'
import { meetingLink, VIEW_OF_ROLE, type View } from '../meetings/create-meeting.ts'
import type { RoomRegistry } from '../rooms/room-registry.ts'
import type { Store } from '../store/store.ts'
import { sendError } from './api.ts'

export interface LinkDeps {
  readonly store: Store
  readonly registry: RoomRegistry
  readonly clock: Clock
  readonly baseUrl: (req: Request) => string
  /** Disconnects at once every socket opened with one of these token hashes. */
  readonly disconnectTokens: (hashes: readonly string[]) => void
}

const reissueSchema = z.strictObject({
  role: z.enum(ROLES),
  delegation: z.string().min(2).max(16).regex(/^[A-Z0-9-]+$/).optional()
}).refine((body) => (body.role === 'delegation') === (body.delegation !== undefined), 'a delegation code goes with role "delegation" only')

/**
 * `POST /api/meetings/:id/links/reissue` (the meeting's chair): revokes a role's link, disconnects
 * everyone using it, and answers with the new link (for `public`, the chamber screen's too).
 */
export function linkRouter (deps: LinkDeps): express.Router {
  const router = express.Router()
  router.post('/meetings/:id/links/reissue', async (req: Request, res: Response, next) => {
    const token = bearerToken(req.header('authorization'))
    const caller = token === null ? null : await deps.store.findToken(hashToken(token))
    if (caller === null || caller.revokedAtMs !== null || caller.meetingId !== req.params.id || caller.role !== 'chair') {
      sendError(res, 401, 'UNAUTHORIZED', 'This needs the meeting\'s chair token as "Authorization: Bearer <token>".')
      return
    }
    next()
  }, express.json({ limit: '4kb' }), async (req: Request, res: Response) => {
    const parsed = reissueSchema.safeParse(req.body)
    if (!parsed.success) {
      sendError(res, 400, 'INVALID_PAYLOAD', describeIssues(parsed.error))
      return
    }
    const meetingId = req.params.id as MeetingId
    const delegation = (parsed.data.delegation ?? null) as DelegationCode | null
    const room = await deps.registry.get(meetingId)
    if (delegation !== null && room?.state.delegations.every((d) => d.code !== delegation)) {
      sendError(res, 400, 'UNKNOWN_DELEGATION', `${delegation} is not a delegation of this meeting.`)
      return
    }
    const fresh = generateToken()
    const revoked = await deps.store.reissueToken({
      hash: hashToken(fresh), meetingId, role: parsed.data.role, delegation, createdAtMs: deps.clock.now(), revokedAtMs: null
    })
    deps.disconnectTokens(revoked)
    const link = (view: View) => meetingLink(deps.baseUrl(req), meetingId, view, fresh)
    // The public token opens the chamber's screen too: its new link comes along, so nobody builds it by hand.
    const screen = parsed.data.role === 'public' ? { screen: link('screen') } : {}
    res.status(201).json({ link: link(VIEW_OF_ROLE[parsed.data.role]), ...screen, revoked: revoked.length })
  })
  return router
}
