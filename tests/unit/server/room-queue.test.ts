// The FIFO per meeting: one meeting's jobs run one at a time in arrival order, each awaiting the store;
// other meetings' jobs run alongside; a job that fails stalls nothing behind it.
import { describe, expect, it } from 'vitest'
import { RoomQueue } from '../../../server/rooms/room-queue.ts'

/** A promise the test settles when it decides: nothing here waits on the clock. */
function gate<T = void> () {
  let open!: (value: T) => void
  let fail!: (error: unknown) => void
  const promise = new Promise<T>((resolve, reject) => { open = resolve; fail = reject })
  return { promise, open, fail }
}

/** Lets every promise callback that can run, run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('RoomQueue', () => {
  it('runs one meeting\'s jobs one at a time, in arrival order, however long each awaits', async () => {
    const queue = new RoomQueue<string>()
    const events: string[] = []
    const gates = [gate(), gate(), gate()]
    const results = gates.map((g, i) => queue.run('mtg_a', async () => {
      events.push(`start ${i}`)
      await g.promise
      events.push(`end ${i}`)
      return i
    }))
    await settled()
    expect(events).toEqual(['start 0'])
    // The last one's store answers first: it still waits its turn.
    gates[2]!.open()
    gates[1]!.open()
    await settled()
    expect(events).toEqual(['start 0'])
    gates[0]!.open()
    expect(await Promise.all(results)).toEqual([0, 1, 2])
    expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2'])
    await settled()
    expect(queue.busyKeys).toBe(0)
  })

  it('runs different meetings alongside each other', async () => {
    const queue = new RoomQueue<string>()
    const events: string[] = []
    const slow = gate()
    const first = queue.run('mtg_a', async () => { events.push('a starts'); await slow.promise; events.push('a ends') })
    const second = queue.run('mtg_b', async () => { events.push('b runs') })
    await second
    expect(events).toEqual(['a starts', 'b runs'])
    await settled()
    expect(queue.busyKeys).toBe(1)
    slow.open()
    await first
    expect(events).toEqual(['a starts', 'b runs', 'a ends'])
  })

  it('does not stall behind a job that rejects or throws: that job\'s caller gets the error, the next runs', async () => {
    const queue = new RoomQueue<string>()
    const failing = gate()
    const rejected = queue.run('mtg_a', async () => { await failing.promise })
    const thrown = queue.run('mtg_a', () => { throw new Error('not a command') })
    const next = queue.run('mtg_a', async () => 'ran')
    failing.fail(new Error('disk I/O error'))
    await expect(rejected).rejects.toThrow('disk I/O error')
    await expect(thrown).rejects.toThrow('not a command')
    expect(await next).toBe('ran')
    await settled()
    expect(queue.busyKeys).toBe(0)
  })

  it('starts a job at once when its meeting has nothing queued, so arrival order is kept from the first job', async () => {
    const queue = new RoomQueue<string>()
    const events: string[] = []
    const job = queue.run('mtg_a', async () => { events.push('ran') })
    expect(events).toEqual(['ran'])
    await job
  })
})
