// The server's sign of life: the next run learns when the previous one was last alive.
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { Heartbeat } from '../../../server/rooms/heartbeat.ts'
import type { Store } from '../../../server/store/store.ts'

function settingsStore (): Store {
  const settings = new Map<string, string>()
  return {
    getSetting: async (key: string) => settings.get(key) ?? null,
    setSetting: async (key: string, value: string) => { settings.set(key, value) }
  } as unknown as Store
}

describe('Heartbeat', () => {
  const logger = pino({ level: 'silent' })

  it('tells a run the previous run\'s last beat, which a clean stop writes', async () => {
    const store = settingsStore()
    let nowMs = 1_000
    const clock = { now: () => nowMs }
    const first = new Heartbeat({ store, clock, logger })
    expect(await first.comeback).toEqual({ lastAliveAtMs: null, backAtMs: 1_000 })
    nowMs = 9_000
    await first.stop()

    nowMs = 60_000
    const second = new Heartbeat({ store, clock, logger })
    expect(await second.comeback).toEqual({ lastAliveAtMs: 9_000, backAtMs: 60_000 })
    await second.stop()
  })

  it('reads the last beat before this run writes its first', async () => {
    const store = settingsStore()
    await store.setSetting('server.aliveAtMs', '7')
    const beat = new Heartbeat({ store, clock: { now: () => 100 }, logger })
    expect(await beat.comeback).toEqual({ lastAliveAtMs: 7, backAtMs: 100 })
    await beat.stop()
    expect(await store.getSetting('server.aliveAtMs')).toBe('100')
  })

  it('keeps beating when a write fails, and never rejects', async () => {
    const store = { getSetting: async () => 'not a number', setSetting: async () => { throw new Error('disk full') } } as unknown as Store
    const beat = new Heartbeat({ store, clock: { now: () => 5 }, logger })
    expect(await beat.comeback).toEqual({ lastAliveAtMs: null, backAtMs: 5 })
    await expect(beat.stop()).resolves.toBeUndefined()
  })

  it('starts with no last beat when it cannot be read', async () => {
    const store = { getSetting: async () => { throw new Error('disk I/O error') }, setSetting: async () => {} } as unknown as Store
    const beat = new Heartbeat({ store, clock: { now: () => 5 }, logger })
    expect(await beat.comeback).toEqual({ lastAliveAtMs: null, backAtMs: 5 })
    await beat.stop()
  })
})
