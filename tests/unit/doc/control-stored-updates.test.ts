// A replica applies the owner's stored control updates as they come, and reads the whole state back only
// when an update changed a request (whose texts it must then fetch): applyStoredControlUpdate tells it.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyStoredControlUpdate, readControlState, writeControlState } from '../../../shared/doc/control.ts'
import type { ControlState, DelegationCode, InscriptionRequest, RequestId } from '../../../shared/domain/index.ts'
import { meetingWith, standardSegments, T0 } from '../domain/builders.ts'

const request: InscriptionRequest = {
  id: 'req_000000000001' as RequestId,
  delegation: 'FIN' as DelegationCode,
  type: 'inscription',
  note: '',
  onBehalfOf: null,
  status: 'pending',
  createdAtMs: T0,
  decidedAtMs: null,
  reason: null,
  speakerId: null
}

/** The owner's document and a replica of it, and the update one change of state makes. */
function ownerAndReplica () {
  const owner = new Y.Doc()
  let state: ControlState = meetingWith({ segments: standardSegments([], ['Norway'], []) }).state
  writeControlState(owner, null, state)
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(owner))
  const change = (next: ControlState): Uint8Array => {
    const updates: Uint8Array[] = []
    const record = (update: Uint8Array) => updates.push(update)
    owner.on('update', record)
    writeControlState(owner, state, next)
    owner.off('update', record)
    state = next
    return Y.mergeUpdates(updates)
  }
  return { owner, replica, change, state: () => state }
}

describe('a stored control update applied to a replica', () => {
  it('says a request changed when one was made, decided or dropped, and applies it', () => {
    const { replica, change, state } = ownerAndReplica()
    const made = change({ ...state(), requests: { [request.id]: request } })
    expect(applyStoredControlUpdate(replica, made, 'feed')).toEqual({ requestsChanged: true })
    const decided = change({ ...state(), requests: { [request.id]: { ...request, status: 'withdrawn', decidedAtMs: T0 + 1 } } })
    expect(applyStoredControlUpdate(replica, decided, 'feed')).toEqual({ requestsChanged: true })
    const dropped = change({ ...state(), requests: {} })
    expect(applyStoredControlUpdate(replica, dropped, 'feed')).toEqual({ requestsChanged: true })
    expect(readControlState(replica)?.requests).toEqual({})
  })

  it('says no request changed when only the clock or the meeting moved, and applies it all the same', () => {
    const { replica, change, state } = ownerAndReplica()
    const timed = change({ ...state(), timer: { ...state().timer, limitMs: 240_000 } })
    expect(applyStoredControlUpdate(replica, timed, 'feed')).toEqual({ requestsChanged: false })
    expect(readControlState(replica)?.timer.limitMs).toBe(240_000)
  })

  it('gives the update its origin, as the room\'s broadcast tells its own writes from the feed\'s', () => {
    const { replica, change, state } = ownerAndReplica()
    const origins: unknown[] = []
    replica.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))
    applyStoredControlUpdate(replica, change({ ...state(), requests: { [request.id]: request } }), 'feed')
    expect(origins).toEqual(['feed'])
  })
})
