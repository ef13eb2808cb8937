// Ordering a whole segment by its rule: the draw for Council members, inscription order for the rest,
// protocol rank first where the rule says so. Only waiting speakers move; the record stays as it was.
import { generateNKeysBetween } from 'fractional-indexing'
import { drawOrder, seedFrom } from '../draw.ts'
import { speakersOfSegment } from '../order.ts'
import type { ControlState, OrderingRule, Speaker } from '../types.ts'
import { fail, ok, type Handlers } from './result.ts'

const byInscription = (a: Speaker, b: Speaker) => a.addedAtMs - b.addedAtMs || a.id.localeCompare(b.id)
/** Lower rank speaks first (heads of state before ministers before ambassadors); no rank goes last. */
const byProtocol = (a: Speaker, b: Speaker) => (a.protocolRank ?? Infinity) - (b.protocolRank ?? Infinity)

function ordered (rule: OrderingRule, waiting: readonly Speaker[], seed: string): Speaker[] {
  switch (rule) {
    case 'fixed': return [...waiting]
    case 'inscription': return [...waiting].sort(byInscription)
    case 'draw': return drawOrder(waiting, seed)
    case 'protocol-then-inscription': return [...waiting].sort((a, b) => byProtocol(a, b) || byInscription(a, b))
    // A stable sort keeps the drawn order among speakers of equal rank.
    case 'protocol-then-draw': return drawOrder(waiting, seed).sort(byProtocol)
  }
}

const usesDraw = (rule: OrderingRule) => rule === 'draw' || rule === 'protocol-then-draw'

export const segmentHandlers: Handlers<'segment:order'> = {
  'segment:order': (state, payload, ctx) => {
    const segment = state.segments[payload.segmentId]
    if (segment === undefined) return fail('SEGMENT_NOT_FOUND', 'There is no such segment.')
    const seed = usesDraw(segment.orderingRule) ? (payload.seed ?? seedFrom(ctx.newId('draw'))) : null
    const speakers = speakersOfSegment(state, segment.id)
    const waiting = speakers.filter((speaker) => speaker.status === 'waiting')
    // Waiting speakers go after everyone already called, in the rule's order.
    const lastCalled = speakers.filter((speaker) => speaker.status !== 'waiting').at(-1)
    const keys = generateNKeysBetween(lastCalled?.orderKey ?? null, null, waiting.length)
    const reordered: Record<string, Speaker> = { ...state.speakers }
    ordered(segment.orderingRule, waiting, seed ?? '0').forEach((speaker, index) => {
      reordered[speaker.id] = { ...speaker, orderKey: keys[index]! }
    })
    const next: ControlState = {
      ...state,
      speakers: reordered,
      segments: seed === null ? state.segments : { ...state.segments, [segment.id]: { ...segment, drawSeed: seed } }
    }
    return ok(next, { seed })
  }
}
