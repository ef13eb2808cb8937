// The server's sign of life: the next run learns when the previous one was last alive.
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { Heartbeat } from '../../../server/rooms/heartbeat.ts'
import type { Store } from '../../../server/store/store.ts'

function settingsStore (): Store {
  const settings = new Map<string, string>()
  return {
    getSetting: (key: string) => settings.get(key) ?? null,
    setSetting: (key: string, value: string) => { settings.set(key, value) }
  } as unknown as Store
}

describe('Heartbeat', () => {
  const logger = pino({ level: 'silent' })

  it('tells a run the previous run\'s last beat, which a clean stop writes', () => {
    const store = settingsStore()
    let nowMs = 1_000
    const clock = { now: () => nowMs }
    const first = new Heartbeat({ store, clock, logger })
    expect(first.comeback).toEqual({ lastAliveAtMs: null, backAtMs: 1_000 })
    nowMs = 9_000
    first.stop()

    nowMs = 60_000
    const second = new Heartbeat({ store, clock, logger })
    expect(second.comeback).toEqual({ lastAliveAtMs: 9_000, backAtMs: 60_000 })
    second.stop()
  })

  it('keeps beating when a write fails, and never throws', () => {
    const store = { getSetting: () => 'not a number', setSetting: () => { throw new Error('disk full') } } as unknown as Store
    const beat = new Heartbeat({ store, clock: { now: () => 5 }, logger })
    expect(beat.comeback).toEqual({ lastAliveAtMs: null, backAtMs: 5 })
    expect(() => beat.stop()).not.toThrow()
  })
})
