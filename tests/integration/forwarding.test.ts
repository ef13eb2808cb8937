// A write forwarded to the meeting's owner, against PostgreSQL's leases and an owner node that answers
// when the test lets it: a slow owner that is still the owner is waited for and sent the write once (a
// second copy would only add to the work of an owner already behind); an owner that dies while the write
// waits is given up at the next look-up, and this node takes the meeting over; so is one whose room
// stepped down, which gives its lease up at once.
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { COMMAND_PATH, commandCallSchema } from '../../server/cluster/forwarding-wire.ts'
import { internalRoute, internalRouter } from '../../server/cluster/internal-router.ts'
import { MeetingCluster, type ClusterTimings } from '../../server/cluster/meeting-cluster.ts'
import { MeetingStreams } from '../../server/cluster/meeting-streams.ts'
import { clusterSecret, INTERNAL_MOUNT, NodeCaller } from '../../server/cluster/node-calls.ts'
import { ReplicaFeed } from '../../server/cluster/replica-feed.ts'
import type { ForwardedCommand } from '../../server/rooms/room-cluster.ts'
import { PgStore } from '../../server/store/pg-store.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import { dropRedisPrefix, freshDatabase, freshRedisPrefix, pgTestUrl, redisTestUrl, type FreshDatabase } from '../support/services.ts'

const adminUrl = pgTestUrl()
const redisUrl = redisTestUrl()
const logger = pino({ level: 'silent' })
const SECRET = clusterSecret('q8Zr3vT1xKp0LmN7wYb5HcJd')
const meetingId = 'mtg_forward' as MeetingId
/** Owner look-ups every 20 ms; a forward may wait 60 s, so only the look-ups can end a call early. */
const TIMINGS: ClusterTimings = { leaseMs: 60_000, renewMs: 60_000, ownerCheckMs: 20, forwardDeadlineMs: 60_000, retryPauseMs: 10 }
const COMMAND: ForwardedCommand = { actor: { role: 'chair', delegation: null, id: 'chair-1' }, commandId: 'cmd-1', command: { type: 'list:close', payload: {} } }

describe.skipIf(adminUrl === null || redisUrl === null)('a write forwarded to the meeting\'s owner', () => {
  let database: FreshDatabase
  let prefix = ''
  const closers: (() => Promise<void> | void)[] = []

  /** The owner node: its lease in PostgreSQL, and a command route that answers when `release` is called. */
  async function slowOwner () {
    let release!: () => void
    const answerHeld = new Promise<void>((resolve) => { release = resolve })
    const received: string[] = []
    const app = express()
    app.use(INTERNAL_MOUNT, internalRouter(SECRET, {
      [COMMAND_PATH]: internalRoute(commandCallSchema, async (call) => {
        received.push(call.commandId)
        await answerHeld
        return { ack: { ok: true, data: {} }, revokedTokens: [], stored: null, requestTexts: [] }
      })
    }, logger))
    const server: Server = createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => { server.closeAllConnections(); server.close() })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const store = await openStore('owner', url)
    await store.createMeeting({ id: meetingId, title: 'Forwarding', createdAtMs: 1 }, [], { control: new Uint8Array([1]), notes: new Uint8Array([2]) })
    expect(await store.claimLease(meetingId, TIMINGS.leaseMs)).toMatchObject({ owned: true })
    return { store, received, release }
  }

  /** Another node: its store counts the owner look-ups made while a write waits. */
  async function sender () {
    const store = await openStore('sender', 'http://sender.invalid')
    const lookUps = { count: 0, onCount: (_count: number) => {} }
    const readOwner = store.readOwner.bind(store)
    store.readOwner = async (id) => {
      const owner = await readOwner(id)
      lookUps.onCount(++lookUps.count)
      return owner
    }
    return { cluster: clusterOn(store), lookUps }
  }

  /** A node's part in the cluster, on its store. */
  function clusterOn (store: PgStore): MeetingCluster {
    const streams = new MeetingStreams({ url: redisUrl!, prefix, logger })
    const feed = new ReplicaFeed({ streams, readLog: (id, after) => store.readLog(id, after), readHeads: (ids) => store.readHeads(ids), logger })
    const caller = new NodeCaller(SECRET)
    closers.push(() => feed.close(), () => streams.close(), () => caller.close())
    return new MeetingCluster({ store, streams, feed, caller, logger, timings: TIMINGS })
  }

  async function openStore (name: string, url: string): Promise<PgStore> {
    const store = await PgStore.open(database.url, { node: { id: `${name}-${randomBytes(4).toString('hex')}`, url }, logger })
    closers.push(() => store.close())
    return store
  }

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
    await database.drop()
    await dropRedisPrefix(redisUrl!, prefix)
  })

  it('waits for a slow owner that is still the owner, and sends it the write once', async () => {
    database = await freshDatabase(adminUrl!)
    prefix = freshRedisPrefix()
    const owner = await slowOwner()
    const { cluster, lookUps } = await sender()
    // The owner answers once the sender has looked it up five times while waiting (the first look-up finds it).
    lookUps.onCount = (count) => { if (count >= 6) owner.release() }
    const forwarded = await cluster.forwardCommand(meetingId, COMMAND)
    expect(forwarded).toMatchObject({ kind: 'answered', reply: { ack: { ok: true } } })
    expect(lookUps.count).toBeGreaterThanOrEqual(6)
    expect(owner.received).toEqual(['cmd-1'])
  })

  it('gives the call up when the owner dies while the write waits, and takes the meeting over', async () => {
    database = await freshDatabase(adminUrl!)
    prefix = freshRedisPrefix()
    const owner = await slowOwner()
    const { cluster, lookUps } = await sender()
    // The owner's process ends (its node-alive lock goes with it) after the sender's second look-up.
    lookUps.onCount = (count) => { if (count === 2) void owner.store.close() }
    const forwarded = await cluster.forwardCommand(meetingId, COMMAND)
    expect(forwarded).toMatchObject({ kind: 'took-over' })
    expect(owner.received).toEqual(['cmd-1'])
    owner.release()
  })

  it('gives the lease up when the owner\'s room stops writing the meeting, so a write from another node takes it over at once', async () => {
    database = await freshDatabase(adminUrl!)
    prefix = freshRedisPrefix()
    const owner = await slowOwner()
    const ownerNode = clusterOn(owner.store)
    ownerNode.owning(meetingId)
    // Its room stepped down while its epoch still stands (it found an update it did not write): a lease
    // kept would be renewed for nobody, and every forwarded write answered "not owner".
    ownerNode.notOwning(meetingId)
    await expect.poll(() => owner.store.readOwner(meetingId)).toBeNull()
    const { cluster } = await sender()
    expect(await cluster.forwardCommand(meetingId, COMMAND)).toMatchObject({ kind: 'took-over' })
    expect(owner.received).toEqual([])
    owner.release()
  })
})
