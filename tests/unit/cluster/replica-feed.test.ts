// The feed's ordering and its choice of when to read the log, with the test deciding what the stream
// delivers, whether Redis is healthy and when the log answers. The same feed against a real Redis is in
// tests/integration/replica-feed.test.ts.
import pino from 'pino'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SequencedUpdate } from '../../../server/cluster/meeting-streams.ts'
import { DELIVERED_GAP_WAIT_MS, ReplicaFeed, type UpdateStreams } from '../../../server/cluster/replica-feed.ts'
import type { MeetingId } from '../../../shared/domain/types.ts'
import { AppliedRecord, MemoryLog, seqRange } from '../../support/memory-log.ts'

const A = 'meeting-a' as MeetingId
const B = 'meeting-b' as MeetingId

/** A stream source whose deliveries and health the test makes. */
class ScriptedStreams implements UpdateStreams {
  healthy = true
  readonly #listeners = new Map<MeetingId, (entries: SequencedUpdate[]) => void>()
  subscribe (meetingId: MeetingId, _afterSeq: number, onEntries: (entries: SequencedUpdate[]) => void): () => void {
    if (this.#listeners.has(meetingId)) throw new Error('already subscribed')
    this.#listeners.set(meetingId, onEntries)
    return () => {
      if (this.#listeners.get(meetingId) === onEntries) this.#listeners.delete(meetingId)
    }
  }

  deliver (meetingId: MeetingId, ...entries: SequencedUpdate[]): void {
    this.#listeners.get(meetingId)?.(entries)
  }

  subscribed (meetingId: MeetingId): boolean {
    return this.#listeners.has(meetingId)
  }
}

function setup () {
  const streams = new ScriptedStreams()
  const log = new MemoryLog()
  const broken: { meetingId: MeetingId, error: unknown }[] = []
  const feed = new ReplicaFeed({
    streams, readLog: log.readLog, readHeads: log.readHeads, logger: pino({ level: 'silent' }),
    onBroken: (meetingId, error) => broken.push({ meetingId, error })
  })
  /** The owner commits n updates to `meetingId`; returns them, for the test to deliver or not. */
  const commit = (meetingId: MeetingId, n: number): SequencedUpdate[] => Array.from({ length: n }, () => log.commit(meetingId))
  return { streams, log, feed, broken, commit }
}

describe('ReplicaFeed', () => {
  it('applies stream entries in order and drops the ones it already has', () => {
    const { streams, log, feed, commit } = setup()
    const applied = new AppliedRecord()
    const [one, two, three] = commit(A, 3) as [SequencedUpdate, SequencedUpdate, SequencedUpdate]
    feed.add(A, 0, applied.apply)
    streams.deliver(A, one, two)
    streams.deliver(A, one, two, three, two)
    expect(applied.seqs).toEqual([1, 2, 3])
    expect(applied.entries[2]).toBe(three)
    expect(log.readsOf(A)).toBe(0)
  })

  it('starts after the seq the meeting was loaded up to', () => {
    const { streams, feed, commit } = setup()
    const applied = new AppliedRecord()
    const entries = commit(A, 4)
    feed.add(A, 2, applied.apply)
    streams.deliver(A, ...entries)
    expect(applied.seqs).toEqual([3, 4])
    expect(feed.appliedSeq(A)).toBe(4)
  })

  it('fills a gap in the stream from the log, then applies what the stream brought past it, each once', async () => {
    const { streams, log, feed, commit } = setup()
    const applied = new AppliedRecord()
    const entries = commit(A, 6)
    feed.add(A, 0, applied.apply)
    streams.deliver(A, entries[0]!)
    log.holdReads()
    streams.deliver(A, entries[3]!, entries[4]!)
    expect(applied.seqs).toEqual([1])
    await expect.poll(() => log.heldReads).toBe(1)
    log.release()
    await expect.poll(() => applied.seqs).toEqual(seqRange(1, 6))
    streams.deliver(A, entries[5]!)
    expect(applied.seqs).toEqual(seqRange(1, 6))
  })

  it('reads the log of a meeting one read at a time, and reads again for what came during a read', async () => {
    const { streams, log, feed, commit } = setup()
    const applied = new AppliedRecord()
    commit(A, 3)
    feed.add(A, 0, applied.apply)
    log.holdReads()
    streams.deliver(A, { seq: 3, doc: 'control', update: new Uint8Array([3]) })
    await expect.poll(() => log.heldReads).toBe(1)
    // Committed after the held read looked: only a second read can see 4 and 5.
    const later = commit(A, 2)
    streams.deliver(A, later[1]!)
    streams.healthy = false
    const polled = feed.poll()
    expect(log.heldReads).toBe(1)
    log.release()
    await polled
    expect(applied.seqs).toEqual(seqRange(1, 5))
    expect(log.maxConcurrentReads).toBe(1)
    expect(log.readsOf(A)).toBe(2)
  })

  it('skips the rows of a read that the stream applied while the read was under way', async () => {
    const { streams, log, feed, commit } = setup()
    const applied = new AppliedRecord()
    const [one, two] = commit(A, 2) as [SequencedUpdate, SequencedUpdate]
    feed.add(A, 0, applied.apply)
    log.holdReads()
    streams.deliver(A, two)
    await expect.poll(() => log.heldReads).toBe(1)
    // Out of order only as the test delivers it: 1 is applied, then 2 held past the gap.
    streams.deliver(A, one)
    expect(applied.seqs).toEqual([1, 2])
    log.release()
    // A later gap is read only after the held read's rows were dealt with: once 4 is in, they were.
    const [, four] = commit(A, 2) as [SequencedUpdate, SequencedUpdate]
    streams.deliver(A, four)
    await expect.poll(() => applied.seqs.at(-1)).toBe(4)
    expect(applied.seqs).toEqual([1, 2, 3, 4])
  })

  it('applies stream entries held past a gap once the read fills it, without another read', async () => {
    const { streams, log, feed, commit } = setup()
    const applied = new AppliedRecord()
    const first = commit(A, 3)
    feed.add(A, 0, applied.apply)
    log.holdReads()
    streams.deliver(A, first[2]!)
    await expect.poll(() => log.heldReads).toBe(1)
    // Committed after the held read looked; the stream brings them.
    streams.deliver(A, ...commit(A, 2))
    log.release()
    await expect.poll(() => applied.seqs).toEqual(seqRange(1, 5))
    expect(log.readsOf(A)).toBe(1)
  })

  it('applies a compacted log as given: one snapshot row stands for the rows up to it', async () => {
    const { streams, log, feed, commit } = setup()
    const applied = new AppliedRecord()
    const entries = commit(A, 10)
    const snapshot = log.compact(A, 8)
    feed.add(A, 2, applied.apply)
    streams.deliver(A, entries[9]!)
    await expect.poll(() => applied.seqs).toEqual([8, 9, 10])
    expect(applied.entries[0]).toBe(snapshot)
  })

  it('while Redis is down, reads the log at each poll for every meeting behind its head', async () => {
    const { streams, log, feed, commit } = setup()
    const a = new AppliedRecord()
    const b = new AppliedRecord()
    feed.add(A, 0, a.apply)
    feed.add(B, 0, b.apply)
    streams.healthy = false
    commit(A, 3)
    await feed.poll()
    expect([a.seqs, b.seqs]).toEqual([[1, 2, 3], []])
    commit(A, 1)
    commit(B, 2)
    await feed.poll()
    expect([a.seqs, b.seqs]).toEqual([[1, 2, 3, 4], [1, 2]])
    await feed.poll()
    expect(log.readsOf(A)).toBe(2)
    expect(log.readsOf(B)).toBe(1)
  })

  it('while Redis is up, reads the log only for a meeting still short of the head it was behind at the last poll', async () => {
    const { streams, log, feed, commit } = setup()
    const applied = new AppliedRecord()
    feed.add(A, 0, applied.apply)
    // A busy meeting: behind at every poll, but the stream passes each earlier head.
    for (let poll = 0; poll < 5; poll++) {
      const committed = commit(A, 3)
      await feed.poll()
      streams.deliver(A, ...committed)
    }
    commit(A, 2)
    await feed.poll()
    expect(log.readsOf(A)).toBe(0)
    expect(applied.seqs).toEqual(seqRange(1, 15))
    // The stream stalls: the next poll finds the meeting still short of 17 and reads.
    await feed.poll()
    expect(log.readsOf(A)).toBe(1)
    expect(applied.seqs).toEqual(seqRange(1, 17))
  })

  it('survives failing heads and log reads, and reads again at the next poll even with Redis up', async () => {
    const { log, feed, commit, streams } = setup()
    const applied = new AppliedRecord()
    feed.add(A, 0, applied.apply)
    commit(A, 2)
    streams.healthy = false
    log.failHeads = true
    await feed.poll()
    log.failHeads = false
    log.failReads = true
    await feed.poll()
    expect(applied.seqs).toEqual([])
    log.failReads = false
    streams.healthy = true
    await feed.poll()
    expect(applied.seqs).toEqual([1, 2])
  })

  it('reads an entry the stream damaged from the log instead: Redis carries no truth', async () => {
    const { streams, log, feed, broken, commit } = setup()
    const [one, two, three] = commit(A, 3) as [SequencedUpdate, SequencedUpdate, SequencedUpdate]
    const damaged: SequencedUpdate = { ...two, update: new Uint8Array([0xff, 0xff]) }
    const applied = new AppliedRecord()
    feed.add(A, 0, (entry) => {
      if (entry === damaged) throw new Error('cannot decode')
      applied.apply(entry)
    })
    streams.deliver(A, one, damaged, three)
    await expect.poll(() => applied.seqs).toEqual([1, 2, 3])
    expect(applied.entries[1]).not.toBe(damaged)
    expect(log.readsOf(A)).toBe(1)
    expect(broken).toEqual([])
  })

  it('stops feeding a meeting whose log row cannot be applied either, reports it, and feeds it again once re-added', async () => {
    const { streams, log, feed, broken, commit } = setup()
    const entries = commit(A, 3)
    const failure = new Error('bad update')
    const applied = new AppliedRecord()
    feed.add(A, 0, (entry) => {
      if (entry.seq === 2) throw failure
      applied.apply(entry)
    })
    streams.deliver(A, ...entries)
    await expect.poll(() => broken).toEqual([{ meetingId: A, error: failure }])
    expect(applied.seqs).toEqual([1])
    expect(log.readsOf(A)).toBe(1)
    expect(streams.subscribed(A)).toBe(false)
    streams.healthy = false
    await feed.poll()
    expect(log.readsOf(A)).toBe(1)

    const reloaded = new AppliedRecord()
    feed.add(A, 1, reloaded.apply)
    streams.deliver(A, ...entries)
    expect(reloaded.seqs).toEqual([2, 3])
  })

  it('applies nothing a read brings back after the meeting was removed', async () => {
    const { streams, log, feed, commit } = setup()
    const applied = new AppliedRecord()
    const entries = commit(A, 3)
    feed.add(A, 0, applied.apply)
    log.holdReads()
    streams.deliver(A, entries[2]!)
    await expect.poll(() => log.heldReads).toBe(1)
    feed.remove(A)
    log.release()
    await feed.close()
    expect(applied.seqs).toEqual([])
    expect(feed.appliedSeq(A)).toBeNull()
  })

  describe('a forwarded write\'s reply, delivered past a gap', () => {
    afterEach(() => { vi.useRealTimers() })

    it('waits for the stream to bring the updates before it, reading nothing from the log', async () => {
      vi.useFakeTimers()
      const { streams, log, feed, commit } = setup()
      const [one, two, three] = commit(A, 3) as [SequencedUpdate, SequencedUpdate, SequencedUpdate]
      const applied = new AppliedRecord()
      feed.add(A, 0, applied.apply)
      feed.deliver(A, [three])
      expect(applied.seqs).toEqual([])
      streams.deliver(A, one, two)
      expect(applied.seqs).toEqual([1, 2, 3])
      await vi.advanceTimersByTimeAsync(DELIVERED_GAP_WAIT_MS)
      expect(log.readsOf(A)).toBe(0)
    })

    it('reads the gap from the log once the stream has not brought it in time', async () => {
      vi.useFakeTimers()
      const { log, feed, commit } = setup()
      const [, , three] = commit(A, 3) as [SequencedUpdate, SequencedUpdate, SequencedUpdate]
      const applied = new AppliedRecord()
      feed.add(A, 0, applied.apply)
      feed.deliver(A, [three])
      await vi.advanceTimersByTimeAsync(DELIVERED_GAP_WAIT_MS - 1)
      expect(log.readsOf(A)).toBe(0)
      await vi.advanceTimersByTimeAsync(1)
      await vi.waitFor(() => expect(applied.seqs).toEqual([1, 2, 3]))
      expect(log.readsOf(A)).toBe(1)
    })
  })

  describe('start', () => {
    afterEach(() => { vi.useRealTimers() })

    it('polls every pollMs until closed', async () => {
      vi.useFakeTimers()
      const streams = new ScriptedStreams()
      streams.healthy = false
      const log = new MemoryLog()
      const feed = new ReplicaFeed({ streams, readLog: log.readLog, readHeads: log.readHeads, logger: pino({ level: 'silent' }), pollMs: 500 })
      const applied = new AppliedRecord()
      feed.add(A, 0, applied.apply)
      feed.start()
      log.commit(A)
      await vi.advanceTimersByTimeAsync(499)
      expect(applied.seqs).toEqual([])
      await vi.advanceTimersByTimeAsync(1)
      expect(applied.seqs).toEqual([1])
      await feed.close()
      expect(vi.getTimerCount()).toBe(0)
      log.commit(A)
      await vi.advanceTimersByTimeAsync(5_000)
      expect(log.readsOf(A)).toBe(1)
    })
  })

  it('refuses to feed a meeting twice', () => {
    const { feed } = setup()
    feed.add(A, 0, () => {})
    expect(() => feed.add(A, 0, () => {})).toThrow(/already fed/)
  })
})
