import * as decoding from 'lib0/decoding'
import type { MeetingId } from '../../shared/domain/types.ts'

/**
 * Awareness client ids one link may hold at once: one per open page (a reload makes a new one).
 * Past it the link's least recently used id is let go, so the table stays small whatever it sends.
 */
export const MAX_AWARENESS_IDS_PER_LINK = 16

interface Owner {
  readonly actorId: string
  /** The socket of the page that sent it, while that page is connected. */
  socketId: string | null
}

/**
 * Who owns each awareness client id of one meeting. The first link to send an id owns it: no
 * other link may change or remove that presence. While the page that sent it is connected, no
 * other socket may either (people taking notes may share one note-takers' link); once it leaves,
 * the same link may take the id up again (that page reconnecting).
 */
export class AwarenessOwners {
  readonly #owners = new Map<number, Owner>()
  /** Each link's ids, least recently used first. */
  readonly #idsOf = new Map<string, Set<number>>()

  /** Binds the ids new to this meeting to the sender; false (binding nothing) when one is another's. */
  claim (actorId: string, socketId: string, clientIds: readonly number[]): boolean {
    for (const id of clientIds) {
      const owner = this.#owners.get(id)
      if (owner === undefined) continue
      if (owner.actorId !== actorId || (owner.socketId !== null && owner.socketId !== socketId)) return false
    }
    let ids = this.#idsOf.get(actorId)
    if (ids === undefined) this.#idsOf.set(actorId, ids = new Set())
    for (const id of clientIds) {
      ids.delete(id)
      ids.add(id)
      this.#owners.set(id, { actorId, socketId })
    }
    while (ids.size > MAX_AWARENESS_IDS_PER_LINK) {
      const oldest = ids.values().next().value!
      ids.delete(oldest)
      this.#owners.delete(oldest)
    }
    return true
  }

  /** The socket left: its ids stay its link's, for the page to take up again when it reconnects. */
  release (actorId: string, socketId: string): void {
    for (const id of this.#idsOf.get(actorId) ?? []) {
      const owner = this.#owners.get(id)
      if (owner?.socketId === socketId) owner.socketId = null
    }
  }
}

/**
 * The client ids of a y-protocols awareness update (count, then per client: id, clock, state as
 * JSON text), or null when it is not one — other pages would throw on it.
 */
export function awarenessClientIds (update: Uint8Array): number[] | null {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    const ids: number[] = []
    for (let i = 0; i < count; i++) {
      ids.push(decoding.readVarUint(decoder))
      decoding.readVarUint(decoder)
      JSON.parse(decoding.readVarString(decoder))
    }
    if (decoding.hasContent(decoder)) return null
    return ids
  } catch {
    return null
  }
}

/** Each meeting's owners, made the first time the meeting is asked for. */
export function ownersPerMeeting (): (meetingId: MeetingId) => AwarenessOwners {
  const owners = new Map<MeetingId, AwarenessOwners>()
  return (meetingId) => {
    let meeting = owners.get(meetingId)
    if (meeting === undefined) owners.set(meetingId, meeting = new AwarenessOwners())
    return meeting
  }
}
