// ReplicaFeed on a real MeetingStreams and the machine's Redis, with the PostgreSQL log in memory: the
// owner commits to the log and publishes; the replica must end with every update once, in seq order,
// whatever Redis loses — a publish that failed, a bad entry, a trimmed backlog, Redis gone for a while.
import { Redis } from 'ioredis'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MeetingStreams } from '../../server/cluster/meeting-streams.ts'
import { ReplicaFeed } from '../../server/cluster/replica-feed.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import { startCuttableProxy, type CuttableProxy } from '../support/cuttable-proxy.ts'
import { AppliedRecord, MemoryLog, seqRange } from '../support/memory-log.ts'
import { dropRedisPrefix, freshRedisPrefix, redisTestUrl } from '../support/services.ts'

const url = redisTestUrl()
const logger = pino({ level: 'silent' })
const meeting = (name: string): MeetingId => name as MeetingId

describe.skipIf(url === null)('ReplicaFeed on Redis streams', () => {
  const redisUrl = url ?? ''
  let prefix = ''
  let log: MemoryLog
  let owner: MeetingStreams
  const closers: (() => Promise<void>)[] = []

  /** The owner's commit path: the log first, then the stream (whose failure the log covers). */
  const commit = async (meetingId: MeetingId, n: number): Promise<void> => {
    for (let index = 0; index < n; index++) await owner.publish(meetingId, log.commit(meetingId))
  }
  const replica = (streamsUrl = redisUrl, maxLen?: number) => {
    const streams = new MeetingStreams({ url: streamsUrl, prefix, logger, maxLen })
    const feed = new ReplicaFeed({ streams, readLog: log.readLog, readHeads: log.readHeads, logger })
    closers.push(() => feed.close(), () => streams.close())
    return { streams, feed }
  }

  beforeEach(() => {
    prefix = freshRedisPrefix()
    log = new MemoryLog()
    owner = new MeetingStreams({ url: redisUrl, prefix, logger, maxLen: 10 })
    closers.push(() => owner.close())
  })

  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
    await dropRedisPrefix(redisUrl, prefix)
  })

  it('feeds many meetings in order from the stream alone while it is whole', async () => {
    const { feed } = replica()
    const meetings = seqRange(1, 12).map((index) => meeting(`many-${index}`))
    const applied = new Map(meetings.map((meetingId) => [meetingId, new AppliedRecord()]))
    for (const meetingId of meetings) feed.add(meetingId, 0, applied.get(meetingId)!.apply)
    for (let round = 0; round < 8; round++) {
      for (const meetingId of meetings) await commit(meetingId, 1 + (round % 3))
    }
    for (const meetingId of meetings) {
      await expect.poll(() => applied.get(meetingId)!.seqs).toEqual(seqRange(1, log.head(meetingId)))
      expect(log.readsOf(meetingId)).toBe(0)
    }
  })

  it('reads nothing back of a meeting this node owns; given up, it goes on from the last update the node wrote', async () => {
    const streams = new MeetingStreams({ url: redisUrl, prefix, logger })
    const subscriptions = { made: 0, ended: 0 }
    const counted = {
      get healthy () { return streams.healthy },
      subscribe: (...args: Parameters<MeetingStreams['subscribe']>) => {
        subscriptions.made += 1
        const unsubscribe = streams.subscribe(...args)
        return () => { subscriptions.ended += 1; unsubscribe() }
      }
    }
    const feed = new ReplicaFeed({ streams: counted, readLog: log.readLog, readHeads: log.readHeads, logger })
    closers.push(() => feed.close(), () => streams.close())
    const applied = new AppliedRecord()
    feed.add(meeting('owned'), 0, applied.apply)
    feed.own(meeting('owned'))
    expect(subscriptions).toEqual({ made: 1, ended: 1 })
    // This node's own writes: its room has each already, and says so.
    for (let index = 0; index < 3; index++) {
      const entry = log.commit(meeting('owned'))
      await owner.publish(meeting('owned'), entry)
      feed.wrote(meeting('owned'), entry.seq)
    }
    feed.disown(meeting('owned'))
    expect(subscriptions).toEqual({ made: 2, ended: 1 })
    // Another node owns it now.
    await commit(meeting('owned'), 2)
    await expect.poll(() => applied.seqs).toEqual([4, 5])
    expect(log.readsOf(meeting('owned'))).toBe(0)
  })

  it('fills from the log an update whose publish never reached the stream', async () => {
    const { feed } = replica()
    const applied = new AppliedRecord()
    feed.add(meeting('lost'), 0, applied.apply)
    await commit(meeting('lost'), 2)
    log.commit(meeting('lost'))
    await commit(meeting('lost'), 2)
    await expect.poll(() => applied.seqs).toEqual(seqRange(1, 5))
    expect(log.readsOf(meeting('lost'))).toBe(1)
  })

  it('fills from the log an entry that did not decode, and never stalls the meeting beside it', async () => {
    const { feed } = replica()
    const bad = new AppliedRecord()
    const good = new AppliedRecord()
    feed.add(meeting('bad'), 0, bad.apply)
    feed.add(meeting('good'), 0, good.apply)
    await commit(meeting('bad'), 1)
    // Seq 2 is committed, but what reaches its stream is garbage.
    log.commit(meeting('bad'))
    const raw = new Redis(redisUrl)
    await raw.xadd(`${prefix}m:bad`, '2-0', 'd', 'not-a-document', 'u', 'x')
    raw.disconnect()
    await commit(meeting('bad'), 1)
    await commit(meeting('good'), 3)
    await expect.poll(() => bad.seqs).toEqual([1, 2, 3])
    await expect.poll(() => good.seqs).toEqual([1, 2, 3])
  })

  it('lets a replica far behind a trimmed stream catch up from the log', async () => {
    await commit(meeting('trimmed'), 300)
    const { feed } = replica()
    const applied = new AppliedRecord()
    feed.add(meeting('trimmed'), 0, applied.apply)
    await expect.poll(() => applied.seqs.length).toBe(300)
    expect(applied.seqs).toEqual(seqRange(1, 300))
    // The stream had lost the start (MAXLEN), so the log must have been read.
    expect(log.readsOf(meeting('trimmed'))).toBeGreaterThan(0)
    await commit(meeting('trimmed'), 1)
    await expect.poll(() => applied.seqs.at(-1)).toBe(301)
  })

  it('while Redis is cut, polls the log and loses nothing; after, the stream takes over again', async () => {
    const proxy: CuttableProxy = await startCuttableProxy(redisUrl)
    closers.push(() => proxy.close())
    const { streams, feed } = replica(proxy.url)
    const applied = new AppliedRecord()
    feed.add(meeting('cut'), 0, applied.apply)
    await expect.poll(() => streams.healthy).toBe(true)
    await commit(meeting('cut'), 3)
    await expect.poll(() => applied.seqs).toEqual([1, 2, 3])

    proxy.cut()
    await expect.poll(() => streams.healthy).toBe(false)
    await commit(meeting('cut'), 4)
    await feed.poll()
    expect(applied.seqs).toEqual(seqRange(1, 7))
    const readsWhileCut = log.readsOf(meeting('cut'))

    proxy.restore()
    await expect.poll(() => streams.healthy).toBe(true)
    // The stream still holds 4..7 for the reader's old cursor: duplicates now, dropped.
    await commit(meeting('cut'), 2)
    await expect.poll(() => applied.seqs).toEqual(seqRange(1, 9))
    await feed.poll()
    expect(log.readsOf(meeting('cut'))).toBe(readsWhileCut)
  })
})
