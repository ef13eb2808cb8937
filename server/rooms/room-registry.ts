import type { MeetingId } from '../../shared/domain/types.ts'
import { MeetingRoom, type RoomDeps } from './meeting-room.ts'
import { RoomQueue } from './room-queue.ts'

/**
 * How a room is opened: from the store, as the meeting's only writer (the embedded default), or as the
 * cluster decides — the owner's room, or a replica (server/cluster/meeting-cluster.ts).
 */
export type RoomOpener = (id: MeetingId, deps: RoomDeps) => Promise<MeetingRoom | null>

/** The meetings this node holds in memory, loaded on first use. One per app (never module state). */
export class RoomRegistry {
  readonly #rooms = new Map<MeetingId, MeetingRoom>()
  /** Loads under way: two links opening a meeting at once share one load, and so one room. */
  readonly #loading = new Map<MeetingId, Promise<MeetingRoom | null>>()
  readonly #deps: RoomDeps
  readonly #open: RoomOpener

  constructor (deps: RoomDeps, open: RoomOpener = MeetingRoom.load) {
    this.#deps = { ...deps, queue: deps.queue ?? new RoomQueue<MeetingId>() }
    this.#open = open
  }

  /** The meeting's room, loaded from the store the first time; null if there is no such meeting. */
  async get (id: MeetingId): Promise<MeetingRoom | null> {
    const loaded = this.#rooms.get(id)
    if (loaded !== undefined) return loaded
    let loading = this.#loading.get(id)
    if (loading === undefined) {
      loading = this.#open(id, this.#deps).then((room) => {
        if (room !== null) this.#rooms.set(id, room)
        return room
      }).finally(() => this.#loading.delete(id))
      this.#loading.set(id, loading)
    }
    return loading
  }

  /**
   * Forgets a room whose copy of the meeting can no longer be trusted (another node's update could not be
   * applied to it), and retires it: the next connection loads it afresh from the store.
   */
  evict (id: MeetingId): void {
    this.#rooms.get(id)?.retire()
    this.#rooms.delete(id)
  }

  /** The room if it is in memory already, without loading it (a connection whose handshake loaded it). */
  loaded (id: MeetingId): MeetingRoom | null {
    return this.#rooms.get(id) ?? null
  }

  get size (): number {
    return this.#rooms.size
  }
}
