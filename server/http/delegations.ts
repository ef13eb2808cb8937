import express, { type NextFunction, type Request, type Response } from 'express'
import type { Command } from '../../shared/domain/commands.ts'
import type { Actor, DelegationCode, MeetingId } from '../../shared/domain/types.ts'
import { commandPayloadSchemas, describeIssues } from '../../shared/protocol/schemas.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import type { TokenChange } from '../store/store.ts'
import type { AddedDelegationAnswer } from '../../shared/protocol/api.ts'
import { bearerToken, generateToken, hashToken, tokenId } from '../auth/tokens.ts'
import { meetingLink } from '../meetings/create-meeting.ts'
import { randomId } from '../ids.ts'
import { sendError } from './api.ts'
import type { LinkDeps } from './links.ts'

/**
 * `POST /api/meetings/:id/delegations` and `DELETE /api/meetings/:id/delegations/:code` (the meeting's
 * chair): a delegation joins with its link, or leaves with its links revoked. The command and the
 * token are written in one transaction, so there is never a delegation without a link, nor a live link
 * of a delegation that is gone.
 */
export function delegationRouter (deps: LinkDeps): express.Router {
  const router = express.Router()

  // The token is checked before the body is read, as for every chair route.
  const requireChair = async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.header('authorization'))
    const caller = token === null ? null : await deps.store.findToken(hashToken(token))
    if (caller === null || caller.revokedAtMs !== null || caller.meetingId !== req.params.id || caller.role !== 'chair') {
      sendError(res, 401, 'UNAUTHORIZED', 'This needs the meeting\'s chair token as "Authorization: Bearer <token>".')
      return
    }
    res.locals.actor = { role: 'chair', delegation: null, id: tokenId(caller.hash) } satisfies Actor
    next()
  }

  /**
   * Runs the command through the meeting's room (validated, authorised, audited) with its token change in the
   * same transaction, and answers after its broadcast.
   */
  const run = async (req: Request, res: Response, command: Command, tokens: TokenChange,
    answer: (ack: Extract<CommandAck, { ok: true }>, revoked: readonly string[]) => unknown) => {
    const room = await deps.registry.get(req.params.id as MeetingId)
    if (room === null) {
      sendError(res, 404, 'MEETING_NOT_FOUND', 'There is no such meeting.')
      return
    }
    // A fresh command id each time: a repeated request is a new command (refused if nothing is left to do).
    const { ack, revokedTokens } = await room.runCommandWithLinks(res.locals.actor as Actor, randomId('http'), command, tokens)
    room.afterBroadcast(() => {
      if (ack.ok) res.status(command.type === 'delegation:add' ? 201 : 200).json(answer(ack, revokedTokens))
      else sendError(res, statusOf(ack.error.code), ack.error.code, ack.error.message)
    })
  }

  router.post('/meetings/:id/delegations', requireChair, express.json({ limit: '4kb' }), async (req: Request, res: Response) => {
    const parsed = commandPayloadSchemas['delegation:add'].safeParse(req.body)
    if (!parsed.success) {
      sendError(res, 400, 'INVALID_PAYLOAD', describeIssues(parsed.error))
      return
    }
    const meetingId = req.params.id as MeetingId
    const token = generateToken()
    const issue: TokenChange = {
      kind: 'reissue',
      replacement: { hash: hashToken(token), meetingId, role: 'delegation', delegation: parsed.data.code, createdAtMs: deps.clock.now(), revokedAtMs: null }
    }
    await run(req, res, { type: 'delegation:add', payload: parsed.data }, issue, () => ({
      delegation: { code: parsed.data.code, name: parsed.data.name },
      link: meetingLink(deps.baseUrl(req), meetingId, 'delegation', token)
    } satisfies AddedDelegationAnswer))
  })

  router.delete('/meetings/:id/delegations/:code', requireChair, async (req: Request, res: Response) => {
    const parsed = commandPayloadSchemas['delegation:remove'].safeParse({ code: req.params.code })
    if (!parsed.success) {
      sendError(res, 400, 'INVALID_PAYLOAD', describeIssues(parsed.error))
      return
    }
    const code: DelegationCode = parsed.data.code
    const revoke: TokenChange = { kind: 'revoke', meetingId: req.params.id as MeetingId, role: 'delegation', delegation: code, atMs: deps.clock.now() }
    await run(req, res, { type: 'delegation:remove', payload: { code } }, revoke, (_ack, revoked) => {
      deps.disconnectTokens(revoked)
      return { code, revoked: revoked.length }
    })
  })
  return router
}

function statusOf (code: string): number {
  if (code === 'UNKNOWN_DELEGATION') return 404
  if (code === 'INTERNAL') return 500
  if (code === 'NOT_SAVED') return 503
  return 409
}
