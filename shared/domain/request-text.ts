// A request's free text — the delegation's note, the chair's reason for declining — is read by the
// chair and the requesting delegation only. The control document every link downloads carries the rest
// of the request; the text travels apart (the server keeps it and sends it to those two), and the
// replicas of those two put it back into their state.
import { entityById } from './lookup.ts'
import type { ControlState, DelegationCode, InscriptionRequest, RequestId } from './types.ts'

export interface RequestText {
  readonly requestId: RequestId
  readonly delegation: DelegationCode
  readonly note: string
  readonly reason: string | null
}

/** The request as every link may read it. */
export function sharedRequest (request: InscriptionRequest): InscriptionRequest {
  if (!('note' in request) && !('reason' in request)) return request
  const { note: _note, reason: _reason, ...shared } = request
  return shared
}

export function textOf (request: InscriptionRequest): RequestText {
  return { requestId: request.id, delegation: request.delegation, note: request.note ?? '', reason: request.reason ?? null }
}

export function hasText (text: RequestText): boolean {
  return text.note !== '' || text.reason !== null
}

/** The texts a command wrote or changed, from the state before it and after it. */
export function requestTextChanges (prev: ControlState, next: ControlState): RequestText[] {
  if (prev.requests === next.requests) return []
  const changes: RequestText[] = []
  for (const request of Object.values(next.requests)) {
    const before = entityById(prev.requests, request.id)
    if (before === request) continue
    const text = textOf(request)
    const earlier = before === undefined ? null : textOf(before)
    if (earlier === null ? hasText(text) : earlier.note !== text.note || earlier.reason !== text.reason) changes.push(text)
  }
  return changes
}

/** `state` with each request's text put back; requests a text does not name (yet) are left as they are. */
export function withRequestTexts (state: ControlState, texts: Iterable<RequestText>): ControlState {
  let requests: Record<string, InscriptionRequest> | null = null
  for (const text of texts) {
    const request = entityById(state.requests, text.requestId)
    if (request === undefined || (request.note === text.note && request.reason === text.reason)) continue
    requests ??= { ...state.requests }
    Object.defineProperty(requests, text.requestId, {
      value: { ...request, note: text.note, reason: text.reason }, enumerable: true, writable: true, configurable: true
    })
  }
  return requests === null ? state : { ...state, requests }
}

/** Whether `reader` may read the text: the chair, or the delegation that made the request. */
export function mayReadRequestText (reader: { readonly role: string; readonly delegation: DelegationCode | null }, text: RequestText): boolean {
  return reader.role === 'chair' || (reader.role === 'delegation' && reader.delegation === text.delegation)
}
