// Editing the list of speakers. Moves rewrite one order key; removal is for mistakes, withdrawal keeps
// the entry on record.
import type { SpeakerFields } from '../commands.ts'
import { speakerFromFields } from '../create-meeting.ts'
import { orderKeyForPlacement } from '../order.ts'
import { unknownDelegationCode, type NamedDelegations, type RosterLookup } from '../participants.ts'
import type { ControlState, DelegationCode, SegmentId, Speaker, SpeakerId, SpeakerStatus } from '../types.ts'
import { correctStatementOnFloor } from './correction.ts'
import { takeBackWritten } from './written.ts'
import {
  fail,
  findSpeaker,
  isRefusal,
  ok,
  unknownDelegation,
  withSpeaker,
  type Handler,
  type Handlers,
  type Refusal
} from './result.ts'
import { entityById } from '../lookup.ts'

const SPEAKER_FIELDS = ['name', 'delegation', 'kind', 'onBehalfOf', 'protocolRank', 'limitMs', 'person', 'title', 'nationalCapacity'] as const satisfies readonly (keyof SpeakerFields)[]

/** Where a speaker goes, or why it cannot go there. */
export function placementKey (
  state: ControlState,
  segmentId: SegmentId,
  afterId: SpeakerId | null | undefined,
  movingId?: SpeakerId
): string | Refusal {
  if (!entityById(state.segments, segmentId)) return fail('SEGMENT_NOT_FOUND', 'There is no such segment.')
  if (afterId !== undefined && afterId !== null && afterId === movingId) {
    return fail('INVALID_POSITION', 'A speaker cannot be placed after itself.')
  }
  const key = orderKeyForPlacement(state, segmentId, afterId, movingId)
  return key ?? fail('INVALID_POSITION', 'The speaker to place after is not in that segment.')
}

/** The speaker's delegation must take part in the meeting; its group's members too, or be on the roster. */
export function checkDelegation (state: ControlState, fields: NamedDelegations, isRosterCode?: RosterLookup): Refusal | null {
  const code = unknownDelegationCode(state.delegations, fields, isRosterCode)
  return code === null ? null : unknownDelegation(code as DelegationCode)
}

/** A status change allowed only from the listed statuses. */
function changeStatus<T extends 'speaker:withdraw' | 'speaker:pass' | 'speaker:restore'> (
  from: readonly SpeakerStatus[],
  to: SpeakerStatus,
  onRefusal: (speaker: Speaker) => Refusal
): Handler<T> {
  return (state, payload) => {
    const speaker = findSpeaker(state, payload.speakerId)
    if (isRefusal(speaker)) return speaker
    if (!from.includes(speaker.status)) return onRefusal(speaker)
    return ok(withSpeaker(state, { ...speaker, status: to }))
  }
}

const notWaiting = (speaker: Speaker) => fail('SPEAKER_NOT_WAITING', `${speaker.name} is not waiting to speak.`)

export const speakerHandlers: Handlers<
  'speaker:add' | 'speaker:update' | 'speaker:remove' | 'speaker:move' | 'speaker:withdraw' | 'speaker:pass' | 'speaker:restore'
> = {
  'speaker:add': (state, payload, ctx) => {
    const key = placementKey(state, payload.segmentId, payload.afterId)
    if (isRefusal(key)) return key
    const refusal = checkDelegation(state, payload, ctx.isRosterCode)
    if (refusal) return refusal
    const speakerId = ctx.newId('spk') as SpeakerId
    const speaker = speakerFromFields(speakerId, payload.segmentId, key, payload, ctx.nowMs)
    return ok(withSpeaker(state, speaker), { speakerId })
  },

  'speaker:update': (state, payload, ctx) => {
    const speaker = findSpeaker(state, payload.speakerId)
    if (isRefusal(speaker)) return speaker
    const refusal = checkDelegation(state, payload.changes, ctx.isRosterCode)
    if (refusal) return refusal
    // Copy only the editable fields: status, order and identity change through their own commands.
    const changed = SPEAKER_FIELDS.filter((field) => {
      const value = payload.changes[field]
      return value !== undefined && value !== speaker[field]
    })
    // Nothing changed: the same state object, so the document layer has nothing to write.
    if (changed.length === 0) return ok(state)
    const updated: Record<string, unknown> = { ...speaker }
    const previous: Record<string, unknown> = {}
    for (const field of changed) {
      updated[field] = payload.changes[field]
      previous[field] = speaker[field]
    }
    const corrected = updated as unknown as Speaker
    const correction = correctStatementOnFloor(withSpeaker(state, corrected), corrected, changed.includes('limitMs'))
    // The payload holds the new values; the result keeps the old ones, so the audit log has both.
    const data = correction.before === null ? { previous } : { previous, statementBefore: correction.before }
    return ok(correction.state, data)
  },

  'speaker:remove': (state, payload) => {
    const speaker = findSpeaker(state, payload.speakerId)
    if (isRefusal(speaker)) return speaker
    if (speaker.status === 'speaking') return fail('SPEAKER_IS_SPEAKING', `${speaker.name} has the floor; end the statement first.`)
    const { [speaker.id]: _removed, ...speakers } = state.speakers
    return ok({ ...state, speakers })
  },

  'speaker:move': (state, payload) => {
    const speaker = findSpeaker(state, payload.speakerId)
    if (isRefusal(speaker)) return speaker
    const key = placementKey(state, payload.segmentId, payload.afterId, speaker.id)
    if (isRefusal(key)) return key
    return ok(withSpeaker(state, { ...speaker, segmentId: payload.segmentId, orderKey: key }))
  },

  'speaker:withdraw': changeStatus(['waiting'], 'withdrawn', notWaiting),
  'speaker:pass': changeStatus(['waiting'], 'passed', notWaiting),
  'speaker:restore': (state, payload, ctx) => {
    const speaker = findSpeaker(state, payload.speakerId)
    if (isRefusal(speaker)) return speaker
    if (speaker.status === 'written') return ok(takeBackWritten(state, speaker))
    return restoreWithdrawnOrPassed(state, payload, ctx)
  }
}

const restoreWithdrawnOrPassed = changeStatus<'speaker:restore'>(['withdrawn', 'passed'], 'waiting', (speaker) =>
  fail('INVALID_TRANSITION', `${speaker.name} is ${speaker.status}; only a withdrawn, passed or written speaker can be restored.`)
)
