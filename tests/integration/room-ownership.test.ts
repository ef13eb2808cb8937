// Two rooms of one meeting, as two nodes would hold them, in this process: real PostgreSQL stores (one per
// "node", each with its own leases), real MeetingRooms, and the calls between nodes made directly, so the
// test decides when each write lands. What the node processes do over HTTP and Redis, cluster.test.ts checks.
import * as Y from 'yjs'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import * as prng from 'lib0/prng'
import type { Actor, MeetingId } from '../../shared/domain/types.ts'
import { MeetingRoom } from '../../server/rooms/meeting-room.ts'
import { RoomRegistry } from '../../server/rooms/room-registry.ts'
import type { RoomCluster } from '../../server/rooms/room-cluster.ts'
import type { SequencedUpdate } from '../../server/store/cluster-store.ts'
import type { PgStore } from '../../server/store/pg-store.ts'
import type { Store } from '../../server/store/store.ts'
import { createMeeting } from '../../server/meetings/create-meeting.ts'
import { smallMeeting } from '../support/meetings.ts'
import { openPgStore } from '../support/pg-store.ts'
import { freshDatabase, pgTestUrl, type FreshDatabase } from '../support/services.ts'
import { withOverrides } from '../support/store-overrides.ts'
import { undecodableUpdates } from '../support/hostile-notes.ts'

const adminUrl = pgTestUrl()
const chair: Actor = { id: 'chair-1', role: 'chair', delegation: null }
const LEASE_MS = 60_000

interface Node {
  readonly store: PgStore
  room: MeetingRoom | null
  readonly published: SequencedUpdate[]
  /** The meetings this node's room reported broken (to be dropped and loaded afresh). */
  readonly broken: MeetingId[]
}

describe.skipIf(adminUrl === null)('a meeting held by two nodes: one writes, the other sends it its writes', () => {
  let database: FreshDatabase
  const stores: PgStore[] = []

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close()
    await database.drop()
  })

  /** Node `self`'s view of the cluster: calls go straight to the other node's room; publishing is recorded. */
  function clusterOf (self: Node, other: () => Node): RoomCluster {
    return {
      publish: (_meetingId, entry) => { self.published.push(entry) },
      forwardCommand: async (meetingId, command) => {
        const reply = await other().room!.runForwardedCommand(command)
        if (reply !== null) return { kind: 'answered', reply }
        const claim = await self.store.claimLease(meetingId, LEASE_MS)
        return claim.owned ? { kind: 'took-over', headSeq: claim.headSeq } : { kind: 'unavailable' }
      },
      forwardNotes: async () => ({ kind: 'unavailable' }),
      readLog: (meetingId, afterSeq) => self.store.readLog(meetingId, afterSeq),
      deliver: (_meetingId, entries) => { for (const entry of entries) self.room!.applyStored(entry) },
      owning: () => {},
      notOwning: () => {},
      roomBroken: (meetingId) => { self.broken.push(meetingId) }
    }
  }

  async function twoNodes () {
    database = await freshDatabase(adminUrl!)
    const a: Node = { store: await openPgStore(database, 'a'), room: null, published: [], broken: [] }
    const b: Node = { store: await openPgStore(database, 'b'), room: null, published: [], broken: [] }
    stores.push(a.store, b.store)
    const clock = { now: () => 1_000 }
    const meeting = await createMeeting(smallMeeting(), { store: a.store, clock })
    const open = async (node: Node, other: () => Node, options: { store?: Store; leaseMs?: number } = {}) => {
      const store = options.store ?? node.store
      const claim = await node.store.claimLease(meeting.id, options.leaseMs ?? LEASE_MS)
      const stored = (await node.store.loadMeeting(meeting.id))!
      node.room = await MeetingRoom.open(meeting.id, stored, {
        store, clock, logger: pino({ level: 'silent' }), broadcast: () => {}, cluster: clusterOf(node, other)
      }, claim.owned)
    }
    return { a, b, meetingId: meeting.id, clock, open }
  }

  /** `store`, whose commits wait at the door until `release`; `reached` once one has. */
  function heldCommit (store: PgStore) {
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    const commit = {
      reached: false,
      release: () => release(),
      store: withOverrides(store, {
        commitCommand: async (id, change) => { commit.reached = true; await held; return store.commitCommand(id, change) }
      })
    }
    return commit
  }

  const stateOf = (room: MeetingRoom) => JSON.stringify(room.state)
  const controlOf = (room: MeetingRoom) => Y.encodeStateVector(room.control)

  it('runs a command sent through the replica at the owner, and answers once the replica has applied it', async () => {
    const { a, b, meetingId, open } = await twoNodes()
    await open(a, () => b)
    await open(b, () => a)
    expect([a.room!.owned, b.room!.owned]).toEqual([true, false])

    const ack = await b.room!.runCommand(chair, 'through-b-1', { type: 'meeting:open', payload: {} })
    expect(ack).toEqual({ ok: true, data: {} })
    // Read your writes: B has the owner's update by the time it answers, and published nothing itself.
    expect(b.room!.state.meeting.status).toBe('open')
    expect(stateOf(b.room!)).toBe(stateOf(a.room!))
    expect(b.published).toEqual([])
    expect(a.published.map((entry) => entry.seq)).toEqual([3])
    expect((await a.store.readLog(meetingId, 2)).map((entry) => entry.seq)).toEqual([3])
    // A retry through B is answered from the audit log, and runs nothing.
    expect(await b.room!.runCommand(chair, 'through-b-1', { type: 'meeting:open', payload: {} })).toEqual(ack)
    expect(a.published).toHaveLength(1)
  })

  it('holds an update another node stored back while its own change waits for the store; fenced out, it steps down and sends the command on', async () => {
    const { a, b, meetingId, open } = await twoNodes()
    // A's store waits before its commit, so that B takes the meeting over meanwhile.
    const commit = heldCommit(a.store)
    // A lease of 0 ms has expired by the time anyone looks: an owner that stopped renewing.
    await open(a, () => b, { store: commit.store, leaseMs: 0 })
    const throughA = a.room!.runCommand(chair, 'through-a-1', { type: 'meeting:open', payload: {} })
    await expect.poll(() => commit.reached).toBe(true)

    await open(b, () => a)
    expect(b.room!.owned).toBe(true)
    expect(await b.store.readOwner(meetingId)).toMatchObject({ nodeId: b.store.node.id, epoch: 2 })
    expect(await b.room!.runCommand(chair, 'through-b-1', { type: 'list:close', payload: {} })).toEqual({ ok: true, data: {} })
    // B's update reaches A while A's own change still waits for the store: A holds it back.
    for (const entry of b.published) a.room!.applyStored(entry)
    expect(a.room!.state.meeting.listClosed).toBe(false)

    commit.release()
    // A's commit is fenced out: nothing of it landed, and A sent the command to B, the owner now.
    expect(await throughA).toEqual({ ok: true, data: {} })
    expect(a.room!.owned).toBe(false)
    expect(a.room!.state.meeting).toMatchObject({ listClosed: true, status: 'open' })
    expect(stateOf(a.room!)).toBe(stateOf(b.room!))
    expect(controlOf(a.room!)).toEqual(controlOf(b.room!))
    expect((await a.store.listAudit(meetingId)).map((entry) => entry.commandId)).toEqual(['through-b-1', 'through-a-1'])
    expect((await a.store.readLog(meetingId, 2)).map((entry) => entry.seq)).toEqual([3, 4])
  })

  it('breaks the room, not its change, when an update held back while the change waited for the store cannot be applied', async () => {
    const { a, b, meetingId, open } = await twoNodes()
    const commit = heldCommit(a.store)
    await open(a, () => b, { store: commit.store })
    const throughA = a.room!.runCommand(chair, 'through-a-1', { type: 'meeting:open', payload: {} })
    await expect.poll(() => commit.reached).toBe(true)
    // A stored update no copy can apply, numbered after A's change, reaches A while the change waits: it is
    // held back until the store answers.
    const [, undecodable] = undecodableUpdates(prng.create(17))
    a.room!.applyStored({ seq: a.room!.appliedSeq + 2, doc: 'notes', update: undecodable! })
    expect(a.broken).toEqual([])

    commit.release()
    // The change was stored: its ack stands. The room is reported broken, as the feed would have reported it.
    expect(await throughA).toEqual({ ok: true, data: {} })
    expect(a.broken).toEqual([meetingId])
  })

  it('answers a write through a replica dropped while it waits for the owner\'s update, and the fresh room writes at once', async () => {
    const { a, b, meetingId, clock, open } = await twoNodes()
    await open(a, () => b)
    // B's rooms come from its registry, which shares one FIFO per meeting across them, as a node's does. Its
    // first room never gets the owner's update: its feed found a row before it that could not be applied.
    let fed = false
    const registry = new RoomRegistry({
      store: b.store,
      clock,
      logger: pino({ level: 'silent' }),
      broadcast: () => {},
      cluster: {
        ...clusterOf(b, () => a),
        deliver: (_meetingId, entries) => { if (fed) for (const entry of entries) registry.loaded(meetingId)?.applyStored(entry) }
      }
    }, async (id, deps) => MeetingRoom.open(id, (await b.store.loadMeeting(id))!, deps, false))
    const dropped = (await registry.get(meetingId))!
    const waiting = dropped.runCommand(chair, 'through-b-1', { type: 'meeting:open', payload: {} })
    await expect.poll(() => a.published.length).toBe(1)

    registry.evict(meetingId)
    fed = true
    // The owner stored it: the answer is its ack, though the dropped room never applied it.
    expect(await waiting).toEqual({ ok: true, data: {} })
    expect(dropped.state.meeting.status).not.toBe('open')
    // Nothing more is written through the dropped room; the fresh one has the update and writes at once.
    expect(await dropped.runCommand(chair, 'through-dropped', { type: 'list:close', payload: {} })).toMatchObject({ ok: false, error: { code: 'NOT_SAVED' } })
    const fresh = (await registry.get(meetingId))!
    expect(fresh).not.toBe(dropped)
    expect(fresh.state.meeting.status).toBe('open')
    expect(await fresh.runCommand(chair, 'through-b-2', { type: 'list:close', payload: {} })).toEqual({ ok: true, data: {} })
    expect(fresh.state.meeting.listClosed).toBe(true)
    expect((await a.store.listAudit(meetingId)).map((entry) => entry.commandId)).toEqual(['through-b-1', 'through-b-2'])
  })
})
