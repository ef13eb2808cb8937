import { setTimeout as delay } from 'node:timers/promises'
import type { Logger } from 'pino'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { MeetingRoom, StoredMeeting } from '../rooms/meeting-room.ts'
import type { CommandReply, Forwarded, ForwardedCommand, ForwardedNotes, NotesReply, RoomCluster } from '../rooms/room-cluster.ts'
import type { ClusterStore, MeetingOwner, SequencedUpdate } from '../store/cluster-store.ts'
import {
  COMMAND_PATH, NOTES_PATH, NOT_OWNER_ANSWER, commandAnswer, commandAnswerSchema, commandCall, commandCallSchema, commandReplyOf,
  forwardedCommandOf, notesAnswer, notesAnswerSchema, notesCall, notesCallSchema, notesReplyOf
} from './forwarding-wire.ts'
import { internalRoute, type InternalRoutes } from './internal-router.ts'
import type { MeetingStreams } from './meeting-streams.ts'
import type { NodeCaller } from './node-calls.ts'
import type { ReplicaFeed } from './replica-feed.ts'

export interface ClusterTimings {
  /** How long a lease lasts without renewal: how long a stopped owner holds its meetings. */
  readonly leaseMs: number
  /** How often an owner renews its leases. */
  readonly renewMs: number
  /**
   * How often a write waiting on the owner's answer looks the owner up: the call is given up only when
   * the owner died or changed. A slow owner that is still the owner is waited for (until the forward
   * deadline), not sent the write again, which under load would only add to its work.
   */
  readonly ownerCheckMs: number
  /** How long a write may spend finding an owner, or becoming one, before it is answered "not saved". */
  readonly forwardDeadlineMs: number
  /** The pause before a call to an owner that could not be reached is tried again. */
  readonly retryPauseMs: number
}

/**
 * The forward deadline is under a client's 5 s wait for an ack (shared/client): a write that cannot be
 * placed is answered "not saved" before the client gives that attempt up and sends it again.
 */
export const CLUSTER_TIMINGS: ClusterTimings = { leaseMs: 3000, renewMs: 1000, ownerCheckMs: 1000, forwardDeadlineMs: 4500, retryPauseMs: 50 }

export interface MeetingClusterDeps {
  readonly store: ClusterStore
  readonly streams: MeetingStreams
  readonly feed: ReplicaFeed
  readonly caller: NodeCaller
  readonly logger: Logger
  readonly timings?: ClusterTimings
}

/** A room this node holds, once it is loaded (the registry's). */
export type RoomLookup = (meetingId: MeetingId) => Promise<MeetingRoom | null>

/**
 * This node's part in the cluster, for its rooms: where their writes go when another node owns the
 * meeting, how an owner's stored updates reach them, the leases this node renews, and the routes other
 * nodes call to hand this node their writes of the meetings it owns.
 */
export class MeetingCluster implements RoomCluster {
  readonly #deps: MeetingClusterDeps
  readonly #timings: ClusterTimings
  /** The meetings whose lease this node holds and renews. */
  readonly #owning = new Set<MeetingId>()
  /** The owner each meeting's writes last reached, so a write need not ask PostgreSQL first. */
  readonly #owners = new Map<MeetingId, MeetingOwner>()
  #renewing: NodeJS.Timeout | null = null
  /** The renewal under way: a tick while one still waits for PostgreSQL is skipped, not stacked. */
  #renewal: Promise<void> | null = null
  /** When this node's leases were last renewed (monotonic ms): past the lease, they have lapsed. */
  #renewedAt = performance.now()
  #rooms: RoomLookup | null = null
  #broken: (meetingId: MeetingId) => void = () => {}

  constructor (deps: MeetingClusterDeps) {
    this.#deps = deps
    this.#timings = deps.timings ?? CLUSTER_TIMINGS
  }

  /**
   * Opens a room of the meeting: the owner's if nobody else holds a live lease (this node claims it),
   * a replica fed from the meeting's stream otherwise. Null when the meeting does not exist.
   */
  async openRoom (meetingId: MeetingId, open: (stored: StoredMeeting, owned: boolean) => Promise<MeetingRoom>): Promise<MeetingRoom | null> {
    const claim = await this.#deps.store.claimLease(meetingId, this.#timings.leaseMs)
    if (!claim.owned && claim.owner === null) return null
    const stored = await this.#deps.store.loadMeeting(meetingId)
    if (stored === null) return null
    const room = await open(stored, claim.owned)
    this.#deps.feed.add(meetingId, room.appliedSeq, (entry) => room.applyStored(entry))
    if (claim.owned) this.owning(meetingId)
    return room
  }

  /**
   * Where forwarded writes find their rooms, and what to do with a room whose copy of the meeting broke
   * (set once the registry exists).
   */
  serveRooms (rooms: RoomLookup, broken: (meetingId: MeetingId) => void): void {
    this.#rooms = rooms
    this.#broken = broken
  }

  /** A stored update could not be applied to the meeting's room here: it is dropped, to be loaded afresh. */
  roomBroken (meetingId: MeetingId): void {
    this.#owning.delete(meetingId)
    this.#deps.feed.remove(meetingId)
    this.#broken(meetingId)
  }

  /** Renews this node's leases from now on. */
  start (): void {
    this.#renewing ??= setInterval(() => { this.#renewal ??= this.#renewLeases().finally(() => { this.#renewal = null }) }, this.#timings.renewMs)
    this.#renewing.unref()
  }

  /** Stops renewing and gives every lease up, so the other nodes take over at once rather than after the lease. */
  async stop (): Promise<void> {
    if (this.#renewing !== null) clearInterval(this.#renewing)
    this.#renewing = null
    const owned = [...this.#owning]
    this.#owning.clear()
    await Promise.all(owned.map((meetingId) => this.#releaseLease(meetingId)))
  }

  /** Gives the meeting's lease up (fenced by this node's epoch); failing that, it expires. */
  #releaseLease (meetingId: MeetingId): Promise<void> {
    return this.#deps.store.releaseLease(meetingId).catch((error: unknown) => {
      this.#deps.logger.warn({ err: error, meetingId }, 'lease not released; it expires instead')
    })
  }

  publish (meetingId: MeetingId, entry: SequencedUpdate): void {
    this.#deps.feed.wrote(meetingId, entry.seq)
    void this.#deps.streams.publish(meetingId, entry)
  }

  forwardCommand (meetingId: MeetingId, command: ForwardedCommand): Promise<Forwarded<CommandReply>> {
    return this.#forward(meetingId, COMMAND_PATH, commandCall(meetingId, command), (result) => {
      const answer = commandAnswerSchema.parse(result)
      return 'notOwner' in answer ? null : commandReplyOf(answer)
    })
  }

  forwardNotes (meetingId: MeetingId, notes: ForwardedNotes): Promise<Forwarded<NotesReply>> {
    return this.#forward(meetingId, NOTES_PATH, notesCall(meetingId, notes), (result) => {
      const answer = notesAnswerSchema.parse(result)
      return 'notOwner' in answer ? null : notesReplyOf(answer)
    })
  }

  readLog (meetingId: MeetingId, afterSeq: number): Promise<SequencedUpdate[]> {
    return this.#deps.store.readLog(meetingId, afterSeq)
  }

  deliver (meetingId: MeetingId, entries: readonly SequencedUpdate[]): void {
    this.#deps.feed.deliver(meetingId, entries)
  }

  owning (meetingId: MeetingId): void {
    this.#owning.add(meetingId)
    this.#owners.delete(meetingId)
    this.#deps.feed.own(meetingId)
  }

  /**
   * The room stopped writing the meeting. Its lease is given up too, fenced by this node's epoch: fenced
   * out, that is a no-op; but a room that stepped down for an update it did not write while its epoch still
   * stands would otherwise keep renewing a lease nobody uses, and answer every forwarded write "not owner".
   */
  notOwning (meetingId: MeetingId): void {
    this.#owning.delete(meetingId)
    this.#deps.feed.disown(meetingId)
    void this.#releaseLease(meetingId)
  }

  /** The routes other nodes call with the writes of meetings this node owns. */
  routes (): InternalRoutes {
    return {
      [COMMAND_PATH]: internalRoute(commandCallSchema, async (call) => {
        const room = await this.#room(call.meetingId as MeetingId)
        const reply = room === null ? null : await room.runForwardedCommand(forwardedCommandOf(call))
        return reply === null ? NOT_OWNER_ANSWER : commandAnswer(reply)
      }),
      [NOTES_PATH]: internalRoute(notesCallSchema, async (call) => {
        const room = await this.#room(call.meetingId as MeetingId)
        const reply = room === null ? null : await room.receiveForwardedNotes({ update: call.update, link: call.link })
        return reply === null ? NOT_OWNER_ANSWER : notesAnswer(reply)
      })
    }
  }

  async #room (meetingId: MeetingId): Promise<MeetingRoom | null> {
    if (this.#rooms === null) return null
    return this.#rooms(meetingId)
  }

  /**
   * Sends a write to the meeting's owner, with the same body on every try (a command keeps its id, so a
   * try that did land is answered from the audit log). An owner that is gone — its lease expired, or its
   * process died and took its node-alive lock along — is replaced by this node.
   */
  async #forward<T> (meetingId: MeetingId, path: string, body: unknown, read: (result: unknown) => T | null): Promise<Forwarded<T>> {
    const { store, caller, logger } = this.#deps
    const deadline = performance.now() + this.#timings.forwardDeadlineMs
    let owner = this.#owners.get(meetingId) ?? null
    while (performance.now() < deadline) {
      try {
        owner ??= await store.readOwner(meetingId)
        if (owner === null || !owner.alive || owner.nodeId === store.node.id) {
          const claim = await store.claimLease(meetingId, this.#timings.leaseMs)
          if (claim.owned) {
            this.owning(meetingId)
            return { kind: 'took-over', headSeq: claim.headSeq }
          }
          if (claim.owner === null) return { kind: 'unavailable' }
          owner = claim.owner
        }
      } catch (error) {
        // PostgreSQL is out of reach from this node: no owner can be found or replaced from here.
        logger.warn({ err: error, meetingId }, 'the meeting\'s owner could not be looked up')
        return { kind: 'unavailable' }
      }
      const awaited = owner
      const result = await caller.call<unknown>(owner.url, path, body, {
        timeoutMs: Math.max(1, deadline - performance.now()),
        worthWaiting: { everyMs: this.#timings.ownerCheckMs, check: () => this.#stillOwner(meetingId, awaited) }
      })
      if (result.kind === 'answered' && result.body.ok) {
        const reply = read(result.body.result)
        if (reply !== null) {
          this.#owners.set(meetingId, owner)
          return { kind: 'answered', reply }
        }
      } else {
        logger.warn({ meetingId, owner: owner.nodeId, outcome: result.kind === 'answered' ? result.body : result.kind }, 'a write did not reach the meeting\'s owner; looking it up again')
        if (result.kind !== 'timeout') await delay(this.#timings.retryPauseMs)
      }
      this.#owners.delete(meetingId)
      owner = null
    }
    return { kind: 'unavailable' }
  }

  /** Whether `owner` still holds the meeting's lease and is alive: then its answer is worth waiting for. */
  async #stillOwner (meetingId: MeetingId, owner: MeetingOwner): Promise<boolean> {
    const now = await this.#deps.store.readOwner(meetingId)
    return now !== null && now.alive && now.nodeId === owner.nodeId && now.url === owner.url
  }

  async #renewLeases (): Promise<void> {
    if (this.#owning.size === 0) {
      this.#renewedAt = performance.now()
      return
    }
    const startedAt = performance.now()
    try {
      const renewed = await this.#deps.store.renewLeases(this.#timings.leaseMs)
      this.#renewedAt = startedAt
      for (const meetingId of this.#owning) {
        if (renewed.has(meetingId)) continue
        // Another node holds the meeting now: the room learns it when its next write is fenced out.
        this.#owning.delete(meetingId)
        this.#deps.logger.warn({ meetingId }, 'lease lost to another node')
      }
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'leases not renewed')
      if (performance.now() - this.#renewedAt > this.#timings.leaseMs) await this.#lapse()
    }
  }

  /**
   * PostgreSQL has been out of reach for longer than a lease: this node's leases have expired, and another
   * node may hold its meetings now. Its rooms stop answering as owners, so the other nodes stop sending them
   * writes they cannot store, and look the owner up (or become it) instead.
   */
  async #lapse (): Promise<void> {
    const lapsed = [...this.#owning]
    this.#owning.clear()
    this.#deps.logger.warn({ meetings: lapsed.length }, 'PostgreSQL out of reach past the lease: this node no longer owns its meetings')
    for (const meetingId of lapsed) (await this.#room(meetingId))?.leaseLapsed()
  }
}
