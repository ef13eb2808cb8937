import type { MeetingId } from '../../shared/domain/types.ts'
import { MeetingRoom, type RoomDeps } from './meeting-room.ts'

/**
 * The meetings this node holds in memory, loaded on first use. One per app (never module state):
 * past one node, this is the seam where a meeting's owner node is looked up.
 */
export class RoomRegistry {
  readonly #rooms = new Map<MeetingId, MeetingRoom>()
  readonly #deps: RoomDeps

  constructor (deps: RoomDeps) {
    this.#deps = deps
  }

  get (id: MeetingId): MeetingRoom | null {
    const loaded = this.#rooms.get(id)
    if (loaded !== undefined) return loaded
    const room = MeetingRoom.load(id, this.#deps)
    if (room !== null) this.#rooms.set(id, room)
    return room
  }

  get size (): number {
    return this.#rooms.size
  }
}
