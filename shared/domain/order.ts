// The speaking order. Order lives in fractional keys so that a move rewrites one speaker only: two chairs
// reordering at once then never fight over the positions of speakers neither of them touched.
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing'
import type { ControlState, Segment, SegmentId, Speaker, SpeakerId } from './types.ts'

/**
 * Fractional keys sort by plain code-unit comparison (never localeCompare, which ignores case).
 * Ties, possible only after concurrent edits, fall back to the id so every screen shows the same order.
 */
function byOrderKey<T extends { readonly orderKey: string; readonly id: string }> (a: T, b: T): number {
  if (a.orderKey !== b.orderKey) return a.orderKey < b.orderKey ? -1 : 1
  if (a.id !== b.id) return a.id < b.id ? -1 : 1
  return 0
}

export function segmentsInOrder (state: ControlState): Segment[] {
  return Object.values(state.segments).sort(byOrderKey)
}

export function speakersOfSegment (state: ControlState, segmentId: SegmentId): Speaker[] {
  return Object.values(state.speakers)
    .filter((speaker) => speaker.segmentId === segmentId)
    .sort(byOrderKey)
}

/** The whole list: segment by segment, then by order key within each segment. */
export function speakersInOrder (state: ControlState): Speaker[] {
  return segmentsInOrder(state).flatMap((segment) => speakersOfSegment(state, segment.id))
}

/** Speakers still to be called, in calling order. */
export function waitingQueue (state: ControlState): Speaker[] {
  return speakersInOrder(state).filter((speaker) => speaker.status === 'waiting')
}

export function nextWaitingSpeaker (state: ControlState): Speaker | null {
  return waitingQueue(state)[0] ?? null
}

/** Keys for `count` items in a fresh list, ascending. */
export function initialOrderKeys (count: number): string[] {
  return generateNKeysBetween(null, null, count)
}

/** A key after every given sibling (for a new segment or a speaker at the end). */
export function orderKeyAtEnd (siblings: readonly { readonly orderKey: string; readonly id: string }[]): string {
  const last = [...siblings].sort(byOrderKey).at(-1)
  return generateKeyBetween(last?.orderKey ?? null, null)
}

/**
 * The order key that places a speaker in `segmentId`: right after `afterId`, first when `afterId` is
 * null, last when it is omitted. `movingId` is the speaker being moved, left out of its own neighbours.
 * Null when `afterId` is not a (other) speaker of that segment.
 */
export function orderKeyForPlacement (
  state: ControlState,
  segmentId: SegmentId,
  afterId: SpeakerId | null | undefined,
  movingId?: SpeakerId
): string | null {
  return orderKeyAfter(speakersOfSegment(state, segmentId).filter((speaker) => speaker.id !== movingId), afterId)
}

/**
 * The order key right after `afterId` among `siblings` (given in order): first when `afterId` is null,
 * last when it is omitted. Null when `afterId` is not one of them.
 */
export function orderKeyAfter (
  siblings: readonly { readonly orderKey: string; readonly id: string }[],
  afterId: string | null | undefined
): string | null {
  if (afterId === undefined) return generateKeyBetween(siblings.at(-1)?.orderKey ?? null, null)
  if (afterId === null) return generateKeyBetween(null, siblings[0]?.orderKey ?? null)
  const index = siblings.findIndex((sibling) => sibling.id === afterId)
  const after = siblings[index]
  if (!after) return null
  const before = siblings[index + 1]
  // Equal neighbouring keys (concurrent inserts) leave no room between them; going after both is the
  // closest placement that still sorts strictly.
  if (before && before.orderKey === after.orderKey) {
    return generateKeyBetween(after.orderKey, siblings.find((s) => s.orderKey > after.orderKey)?.orderKey ?? null)
  }
  return generateKeyBetween(after.orderKey, before?.orderKey ?? null)
}
