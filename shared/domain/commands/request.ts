// Delegations ask to be inscribed or to reply; the chair accepts (which puts them on the list) or declines.
import type { CommandContext, CommandPayloads, CommandResult } from '../commands.ts'
import { segmentsInOrder } from '../order.ts'
import type { ControlState, InscriptionRequest, RequestId, RequestType, Segment, SpeakerId } from '../types.ts'
import { speakerFromFields } from '../create-meeting.ts'
import { standingOf } from '../standing.ts'
import { requestBudgetRefusal } from '../request-budget.ts'
import { checkDelegation, placementKey } from './speaker.ts'
import { fail, isRefusal, ok, withRequest, withSpeaker, type Handlers, type Refusal } from './result.ts'
import { entityById } from '../lookup.ts'

function findPending (state: ControlState, requestId: RequestId): InscriptionRequest | Refusal {
  const request = entityById(state.requests, requestId)
  if (!request) return fail('REQUEST_NOT_FOUND', 'There is no such request.')
  if (request.status !== 'pending') return fail('REQUEST_NOT_PENDING', `The request was already ${request.status}.`)
  return request
}

/** Rights of reply go to the last right-of-reply segment; inscriptions to the last statement segment. */
function defaultSegmentFor (state: ControlState, type: RequestType): Segment | undefined {
  const purpose = type === 'right-of-reply' ? 'right-of-reply' : 'statement'
  return segmentsInOrder(state).filter((segment) => segment.purpose === purpose).at(-1)
}

function isDuplicate (state: ControlState, payload: CommandPayloads['request:create']): boolean {
  const pending = Object.values(state.requests).some(
    (request) => request.delegation === payload.delegation && request.type === payload.type && request.status === 'pending'
  )
  if (pending || payload.type !== 'inscription') return pending
  // Already waiting on the list counts too; a waiting right of reply is a different thing, not a duplicate.
  return Object.values(state.speakers).some(
    (speaker) =>
      speaker.delegation === payload.delegation &&
      speaker.status === 'waiting' &&
      entityById(state.segments, speaker.segmentId)?.purpose === 'statement'
  )
}

function decide (state: ControlState, request: InscriptionRequest, changes: Partial<InscriptionRequest>, ctx: CommandContext): ControlState {
  return withRequest(state, { ...request, ...changes, decidedAtMs: ctx.nowMs })
}

function accept (state: ControlState, payload: CommandPayloads['request:accept'], ctx: CommandContext): CommandResult<'request:accept'> {
  const request = findPending(state, payload.requestId)
  if (isRefusal(request)) return request
  const segmentId = payload.segmentId ?? defaultSegmentFor(state, request.type)?.id
  if (segmentId === undefined) return fail('SEGMENT_NOT_FOUND', `No segment takes ${request.type} requests.`)
  const key = placementKey(state, segmentId, payload.afterId)
  if (isRefusal(key)) return key
  const delegationName = state.delegations.find((d) => d.code === request.delegation)?.name ?? request.delegation
  const speakerId = ctx.newId('spk') as SpeakerId
  const speaker = speakerFromFields(
    speakerId,
    segmentId,
    key,
    {
      name: delegationName,
      delegation: request.delegation,
      // The delegation's own standing, for a group statement too: on whose behalf is a separate field.
      kind: standingOf(state, request.delegation, ctx.isObserver),
      onBehalfOf: request.onBehalfOf,
      limitMs: payload.limitMs ?? null
    },
    ctx.nowMs
  )
  const next = decide(withSpeaker(state, speaker), request, { status: 'accepted', speakerId }, ctx)
  return ok(next, { speakerId, requestId: request.id })
}

export const requestHandlers: Handlers<'request:create' | 'request:withdraw' | 'request:accept' | 'request:decline'> = {
  'request:create': (state, payload, ctx) => {
    const refusal = checkDelegation(state, payload, ctx.isRosterCode)
    if (refusal) return refusal
    // Closing the list stops inscriptions only; a right of reply arises from the debate itself.
    if (payload.type === 'inscription' && state.meeting.listClosed) {
      return fail('LIST_CLOSED', 'The list of speakers is closed.')
    }
    if (isDuplicate(state, payload)) {
      return fail('DUPLICATE_REQUEST', `The delegation already has a pending ${payload.type} request or a place on the list.`)
    }
    const overBudget = requestBudgetRefusal(state, payload, ctx)
    if (overBudget) return overBudget
    const requestId = ctx.newId('req') as RequestId
    const request: InscriptionRequest = {
      id: requestId,
      delegation: payload.delegation,
      type: payload.type,
      note: payload.note ?? '',
      onBehalfOf: payload.onBehalfOf ?? null,
      status: 'pending',
      createdAtMs: ctx.nowMs,
      decidedAtMs: null,
      reason: null,
      speakerId: null
    }
    return ok(withRequest(state, request), { requestId })
  },

  'request:withdraw': (state, payload, ctx) => {
    const request = findPending(state, payload.requestId)
    if (isRefusal(request)) return request
    // The record keeps that a request was made and withdrawn; its free text would only grow the document.
    return ok(decide(state, request, { status: 'withdrawn', note: '' }, ctx))
  },

  'request:accept': accept,

  'request:decline': (state, payload, ctx) => {
    const request = findPending(state, payload.requestId)
    if (isRefusal(request)) return request
    // The note is dropped as on a withdrawal; the chair's reason stays, as it is what the requester is told.
    return ok(decide(state, request, { status: 'declined', note: '', reason: payload.reason ?? null }, ctx))
  }
}
