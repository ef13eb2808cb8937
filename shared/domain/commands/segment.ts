// The segments of the list (briefers, speakers, rights of reply…): the chair adds, edits and removes
// them, and orders a whole segment by its rule — the draw for Council members, inscription order for the
// rest, protocol rank first where the rule says so. Only waiting speakers move; the record stays as it was.
import { generateNKeysBetween } from 'fractional-indexing'
import type { SegmentFields } from '../commands.ts'
import { drawOrder, presidencyLast, seedFrom, usesDraw } from '../draw.ts'
import { isSegmentHeading } from '../segment-headings.ts'
import { orderKeyAfter, segmentsInOrder, speakersOfSegment } from '../order.ts'
import type { ControlState, DelegationCode, OrderingRule, Segment, SegmentId, Speaker } from '../types.ts'
import { fail, isRefusal, ok, withChanges, withSegment, type Handlers, type Refusal } from './result.ts'
import { entityById } from '../lookup.ts'

/** As many as a meeting description may bring; a debate has three or four. */
export const MAX_SEGMENTS = 20

const SEGMENT_FIELDS = ['name', 'defaultLimitMs', 'orderingRule', 'purpose'] as const satisfies readonly (keyof SegmentFields)[]

function findSegment (state: ControlState, segmentId: SegmentId): Segment | Refusal {
  return entityById(state.segments, segmentId) ?? fail('SEGMENT_NOT_FOUND', 'There is no such segment.')
}

/** The order key right after `afterId` (first when null, last when undefined). */
function segmentKey (state: ControlState, afterId: SegmentId | null | undefined): string | Refusal {
  return orderKeyAfter(segmentsInOrder(state), afterId) ?? fail('SEGMENT_NOT_FOUND', 'The segment to place after does not exist.')
}

/**
 * Earlier inscribed speaks first. Speakers inscribed at the same instant (one meeting description lists
 * them all) keep the order they stand in: the sorts are stable and start from the list's current order.
 */
const byInscription = (a: Speaker, b: Speaker) => a.addedAtMs - b.addedAtMs
/** Lower rank speaks first (heads of state before ministers before ambassadors); no rank goes last. */
const byProtocol = (a: Speaker, b: Speaker) => (a.protocolRank ?? Infinity) - (b.protocolRank ?? Infinity)

function ordered (rule: OrderingRule, waiting: readonly Speaker[], seed: string, presidency: DelegationCode | null): Speaker[] {
  switch (rule) {
    case 'fixed': return [...waiting]
    case 'inscription': return [...waiting].sort(byInscription)
    case 'draw': return presidencyLast(drawOrder(waiting, seed), presidency)
    case 'protocol-then-inscription': return [...waiting].sort((a, b) => byProtocol(a, b) || byInscription(a, b))
    // A stable sort keeps the drawn order among speakers of equal rank.
    case 'protocol-then-draw': return presidencyLast(drawOrder(waiting, seed).sort(byProtocol), presidency)
  }
}

/** The speakers and statements that point to a segment: removing it would leave them pointing nowhere. */
function isInUse (state: ControlState, segmentId: SegmentId): boolean {
  return (
    Object.values(state.speakers).some((speaker) => speaker.segmentId === segmentId) ||
    Object.values(state.statements).some((statement) => statement.segmentId === segmentId)
  )
}

/**
 * A segment keeps its template heading while its name is that heading in any language: a reader who
 * saves the settings unchanged sends the heading as shown to them. Any other name is the chair's own.
 */
function keepsHeading (segment: Segment): boolean {
  return segment.nameKey === undefined || isSegmentHeading(segment.nameKey, segment.name)
}

function withoutHeading ({ nameKey: _dropped, ...segment }: Segment): Segment {
  return segment
}

export const segmentHandlers: Handlers<'segment:order' | 'segment:add' | 'segment:update' | 'segment:remove'> = {
  'segment:add': (state, payload, ctx) => {
    if (Object.keys(state.segments).length >= MAX_SEGMENTS) return fail('LIMIT_REACHED', `A list has at most ${MAX_SEGMENTS} segments.`)
    const orderKey = segmentKey(state, payload.afterId)
    if (isRefusal(orderKey)) return orderKey
    const segmentId = ctx.newId('seg') as SegmentId
    const segment: Segment = {
      id: segmentId,
      name: payload.name,
      defaultLimitMs: payload.defaultLimitMs ?? null,
      orderingRule: payload.orderingRule ?? 'inscription',
      purpose: payload.purpose ?? 'statement',
      orderKey,
      drawSeed: null
    }
    return ok(withSegment(state, segment), { segmentId })
  },

  'segment:update': (state, payload) => {
    const segment = findSegment(state, payload.segmentId)
    if (isRefusal(segment)) return segment
    const changed = withChanges(segment, payload.changes, SEGMENT_FIELDS)
    const updated = keepsHeading(changed) ? changed : withoutHeading(changed)
    return ok(updated === segment ? state : withSegment(state, updated))
  },

  'segment:remove': (state, payload) => {
    const segment = findSegment(state, payload.segmentId)
    if (isRefusal(segment)) return segment
    if (isInUse(state, segment.id)) {
      return fail('SEGMENT_NOT_EMPTY', `${segment.name} still has speakers or statements on record; move or remove them first.`)
    }
    const { [segment.id]: _removed, ...segments } = state.segments
    return ok({ ...state, segments })
  },

  'segment:order': (state, payload, ctx) => {
    const segment = findSegment(state, payload.segmentId)
    if (isRefusal(segment)) return segment
    const seed = usesDraw(segment.orderingRule) ? (payload.seed ?? seedFrom(ctx.newId('draw'))) : null
    const speakers = speakersOfSegment(state, segment.id)
    const waiting = speakers.filter((speaker) => speaker.status === 'waiting')
    // Waiting speakers go after everyone already called, in the rule's order.
    const lastCalled = speakers.filter((speaker) => speaker.status !== 'waiting').at(-1)
    const keys = generateNKeysBetween(lastCalled?.orderKey ?? null, null, waiting.length)
    const reordered: Record<string, Speaker> = { ...state.speakers }
    ordered(segment.orderingRule, waiting, seed ?? '0', state.meeting.presidency ?? null).forEach((speaker, index) => {
      reordered[speaker.id] = { ...speaker, orderKey: keys[index]! }
    })
    const next: ControlState = { ...state, speakers: reordered }
    return ok(seed === null ? next : withSegment(next, { ...segment, drawSeed: seed }), { seed })
  }
}
