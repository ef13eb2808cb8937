// MeetingStreams against the machine's Redis, under a key prefix of its own: order per meeting across
// many meetings, prompt delivery to a subscription made while a read waits, duplicates refused, bad
// entries and bad keys isolated to their meeting, trimming, and a Redis that goes away and comes back.
import { Redis } from 'ioredis'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MeetingStreams, type MeetingStreamsOptions, type SequencedUpdate } from '../../server/cluster/meeting-streams.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import { dropRedisPrefix, freshRedisPrefix, redisTestUrl } from '../support/services.ts'
import { startCuttableProxy, type CuttableProxy } from '../support/cuttable-proxy.ts'

const url = redisTestUrl()
const logger = pino({ level: 'silent' })
/** Longer than any test may run: a delivery that arrives came from a wake-up, not the block timing out. */
const BLOCK_FOREVER_MS = 600_000

const meeting = (name: string): MeetingId => name as MeetingId
const updateOf = (seq: number): Uint8Array => new Uint8Array([seq % 256, 0, 255, seq >> 8])
const entryOf = (seq: number): SequencedUpdate => ({ seq, doc: seq % 3 === 0 ? 'notes' : 'control', update: updateOf(seq) })

/** Everything a subscription delivered, per meeting, in delivery order. */
class Received {
  readonly byMeeting = new Map<MeetingId, SequencedUpdate[]>()
  listener (meetingId: MeetingId): (entries: SequencedUpdate[]) => void {
    return (entries) => { this.byMeeting.set(meetingId, [...this.seqs(meetingId), ...entries]) }
  }

  seqs (meetingId: MeetingId): SequencedUpdate[] {
    return this.byMeeting.get(meetingId) ?? []
  }
}

const seqsOf = (entries: readonly SequencedUpdate[]): number[] => entries.map((entry) => entry.seq)
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index)

describe.skipIf(url === null)('MeetingStreams (Redis)', () => {
  const redisUrl = url ?? ''
  let prefix = ''
  let raw: Redis
  const opened: MeetingStreams[] = []
  const proxies: CuttableProxy[] = []
  const open = (options: Partial<MeetingStreamsOptions> = {}): MeetingStreams => {
    const streams = new MeetingStreams({ url: redisUrl, prefix, logger, ...options })
    opened.push(streams)
    return streams
  }
  const keyOf = (meetingId: MeetingId): string => `${prefix}m:${meetingId}`

  beforeEach(() => {
    prefix = freshRedisPrefix()
    raw = new Redis(redisUrl)
  })

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((streams) => streams.close()))
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
    raw.disconnect()
    await dropRedisPrefix(redisUrl, prefix)
  })

  it('delivers every meeting\'s entries in seq order, documents and bytes intact, from one reader', async () => {
    const publisher = open()
    const subscriber = open()
    const meetings = range(1, 20).map((index) => meeting(`order-${index}`))
    const received = new Received()
    for (const meetingId of meetings) subscriber.subscribe(meetingId, 0, received.listener(meetingId))
    // Interleaved across meetings, as an owner of many meetings would publish them.
    for (const seq of range(1, 40)) {
      const published = await Promise.all(meetings.map((meetingId) => publisher.publish(meetingId, entryOf(seq))))
      expect(published.every(Boolean)).toBe(true)
    }
    for (const meetingId of meetings) {
      await expect.poll(() => received.seqs(meetingId).length).toBe(40)
      expect(received.seqs(meetingId)).toEqual(range(1, 40).map(entryOf))
    }
  })

  it('starts a subscription after the seq it names', async () => {
    const publisher = open()
    for (const seq of range(1, 5)) await publisher.publish(meeting('after'), entryOf(seq))
    const received = new Received()
    open().subscribe(meeting('after'), 3, received.listener(meeting('after')))
    await expect.poll(() => seqsOf(received.seqs(meeting('after')))).toEqual([4, 5])
  })

  it('delivers to a subscription made while a read is blocked, without waiting for the block to end', async () => {
    const publisher = open()
    const subscriber = open({ blockMs: BLOCK_FOREVER_MS })
    const received = new Received()
    subscriber.subscribe(meeting('first'), 0, received.listener(meeting('first')))
    await publisher.publish(meeting('first'), entryOf(1))
    await expect.poll(() => received.seqs(meeting('first')).length).toBe(1)
    // The reader is waiting (or about to) on 'first' alone, for ten minutes.
    await publisher.publish(meeting('late'), entryOf(1))
    subscriber.subscribe(meeting('late'), 0, received.listener(meeting('late')))
    await expect.poll(() => seqsOf(received.seqs(meeting('late')))).toEqual([1])
    // And the next read names both.
    await publisher.publish(meeting('first'), entryOf(2))
    await publisher.publish(meeting('late'), entryOf(2))
    await expect.poll(() => [seqsOf(received.seqs(meeting('first'))), seqsOf(received.seqs(meeting('late')))]).toEqual([[1, 2], [1, 2]])
  })

  it('takes a seq once: a repeat or an older seq is refused by Redis and still counts as published', async () => {
    const publisher = open()
    expect(await publisher.publish(meeting('dup'), entryOf(1))).toBe(true)
    expect(await publisher.publish(meeting('dup'), entryOf(2))).toBe(true)
    expect(await publisher.publish(meeting('dup'), entryOf(2))).toBe(true)
    expect(await publisher.publish(meeting('dup'), entryOf(1))).toBe(true)
    expect(await raw.xlen(keyOf(meeting('dup')))).toBe(2)
  })

  it('rejects a seq that is not a positive integer as a programmer error', async () => {
    const publisher = open()
    await expect(publisher.publish(meeting('bad-seq'), { ...entryOf(1), seq: 0 })).rejects.toThrow(RangeError)
    await expect(publisher.publish(meeting('bad-seq'), { ...entryOf(1), seq: 1.5 })).rejects.toThrow(RangeError)
    expect(() => open().subscribe(meeting('bad-seq'), -1, () => {})).toThrow(RangeError)
  })

  it('skips malformed entries of one meeting and keeps delivering it and the others', async () => {
    const publisher = open()
    const bad = keyOf(meeting('bad'))
    await raw.xadd(bad, '1-0', 'd', 'bogus', 'u', 'x')
    await raw.xadd(bad, '2-0', 'u', 'no document')
    await raw.xadd(bad, '3-7', 'd', 'notes', 'u', 'not a seq id')
    await raw.xadd(bad, '4-0', 'd', 'control')
    await raw.xadd(bad, '5-0', 'd', 'notes', 'u', '')
    await publisher.publish(meeting('bad'), entryOf(6))
    await publisher.publish(meeting('good'), entryOf(1))
    const received = new Received()
    const subscriber = open()
    subscriber.subscribe(meeting('bad'), 0, received.listener(meeting('bad')))
    subscriber.subscribe(meeting('good'), 0, received.listener(meeting('good')))
    await expect.poll(() => seqsOf(received.seqs(meeting('bad')))).toEqual([6])
    await expect.poll(() => seqsOf(received.seqs(meeting('good')))).toEqual([1])
    await publisher.publish(meeting('bad'), entryOf(7))
    await publisher.publish(meeting('good'), entryOf(2))
    await expect.poll(() => [seqsOf(received.seqs(meeting('bad'))), seqsOf(received.seqs(meeting('good')))]).toEqual([[6, 7], [1, 2]])
  })

  it('leaves a key that is not a stream out of the reads, so the other meetings go on', async () => {
    await raw.set(keyOf(meeting('not-a-stream')), 'a string where a stream should be')
    const publisher = open()
    const received = new Received()
    const subscriber = open()
    subscriber.subscribe(meeting('not-a-stream'), 0, received.listener(meeting('not-a-stream')))
    subscriber.subscribe(meeting('fine'), 0, received.listener(meeting('fine')))
    await publisher.publish(meeting('fine'), entryOf(1))
    await expect.poll(() => seqsOf(received.seqs(meeting('fine')))).toEqual([1])
    await publisher.publish(meeting('fine'), entryOf(2))
    await expect.poll(() => seqsOf(received.seqs(meeting('fine')))).toEqual([1, 2])
    expect(received.seqs(meeting('not-a-stream'))).toEqual([])
  })

  it('trims a stream to about maxLen, so a reader far behind starts past a gap (the feed reads the log)', async () => {
    const publisher = open({ maxLen: 10 })
    for (const seq of range(1, 300)) await publisher.publish(meeting('trimmed'), entryOf(seq))
    expect(await raw.xlen(keyOf(meeting('trimmed')))).toBeLessThan(300)
    const received = new Received()
    open().subscribe(meeting('trimmed'), 0, received.listener(meeting('trimmed')))
    await expect.poll(() => received.seqs(meeting('trimmed')).at(-1)?.seq).toBe(300)
    const seqs = seqsOf(received.seqs(meeting('trimmed')))
    expect(seqs[0]).toBeGreaterThan(1)
    expect(seqs).toEqual(range(seqs[0] ?? 0, 300))
  })

  it('stops delivering after unsubscribe, and lets the meeting be subscribed again', async () => {
    const publisher = open()
    const subscriber = open()
    const before = new Received()
    const unsubscribe = subscriber.subscribe(meeting('again'), 0, before.listener(meeting('again')))
    await publisher.publish(meeting('again'), entryOf(1))
    await expect.poll(() => before.seqs(meeting('again')).length).toBe(1)
    unsubscribe()
    expect(() => subscriber.subscribe(meeting('again'), 1, () => {})).not.toThrow()
    expect(() => subscriber.subscribe(meeting('again'), 1, () => {})).toThrow(/already subscribed/)
  })

  it('reports Redis unreachable, fails publishes without throwing, and recovers when it is back', async () => {
    const proxy = await startCuttableProxy(redisUrl)
    proxies.push(proxy)
    const streams = open({ url: proxy.url, blockMs: BLOCK_FOREVER_MS })
    const health: boolean[] = []
    streams.onHealth((healthy) => health.push(healthy))
    await expect.poll(() => streams.healthy).toBe(true)
    const received = new Received()
    streams.subscribe(meeting('cut'), 0, received.listener(meeting('cut')))

    proxy.cut()
    await expect.poll(() => streams.healthy).toBe(false)
    expect(await streams.publish(meeting('cut'), entryOf(1))).toBe(false)

    proxy.restore()
    await expect.poll(() => streams.healthy).toBe(true)
    await expect.poll(() => streams.publish(meeting('cut'), entryOf(2))).toBe(true)
    await expect.poll(() => seqsOf(received.seqs(meeting('cut')))).toEqual([2])
    expect(health).toEqual([true, false, true])
  })

  it('never becomes healthy against a Redis that refuses every connection, and closes cleanly', async () => {
    const proxy = await startCuttableProxy(redisUrl)
    proxy.cut()
    proxies.push(proxy)
    const streams = open({ url: proxy.url })
    streams.subscribe(meeting('nowhere'), 0, () => {})
    expect(await streams.publish(meeting('nowhere'), entryOf(1))).toBe(false)
    expect(streams.healthy).toBe(false)
  })
})
