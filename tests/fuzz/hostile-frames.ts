// Seeded hostile frames for the socket server: garbage in every channel, wrong types, deep and wide
// JSON, unknown events, valid-looking commands out of order. Same seed, same frames.
import * as prng from 'lib0/prng'
import { COMMAND_TYPES } from '../../shared/domain/commands.ts'
import { encodeWire } from '../../shared/protocol/wire.ts'

export interface Frame {
  readonly event: string
  readonly args: unknown[]
  /** Whether the server answers this frame through an ack callback. */
  readonly wantsAck: boolean
}

const EVENTS = ['command', 'sync', 'awareness', 'clock:ping', 'floor:seize', 'constructor', '__proto__', 'session', 'notice', '']

export function randomBytes (gen: prng.PRNG, max: number): Uint8Array {
  const bytes = new Uint8Array(prng.uint32(gen, 0, max))
  for (let i = 0; i < bytes.length; i++) bytes[i] = prng.uint32(gen, 0, 255)
  return bytes
}

export function randomValue (gen: prng.PRNG, depth = 0): unknown {
  switch (prng.uint32(gen, 0, depth > 3 ? 5 : 8)) {
    case 0: return null
    case 1: return prng.bool(gen)
    case 2: return prng.int32(gen, -2_000_000_000, 2_000_000_000) / (prng.bool(gen) ? 1 : 7)
    case 3: return prng.utf16String(gen, prng.uint32(gen, 0, 40))
    case 4: return prng.word(gen, 0, 20)
    case 5: return [Number.NaN, Infinity, -0, '', '__proto__', 'constructor'][prng.uint32(gen, 0, 5)]
    case 6: return Array.from({ length: prng.uint32(gen, 0, 5) }, () => randomValue(gen, depth + 1))
    case 7: return Object.fromEntries(Array.from({ length: prng.uint32(gen, 0, 5) }, () =>
      [prng.oneOf(gen, ['id', 'type', 'payload', 'speakerId', 'segmentId', '__proto__', 'constructor', prng.word(gen, 1, 8)]), randomValue(gen, depth + 1)]))
    default: return prng.uint32(gen, 0, 10)
  }
}

function deepJson (depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = { payload: value }
  return value
}

/** A command envelope whose shape is nearly right, with one thing wrong or out of place. */
function nearCommand (gen: prng.PRNG): unknown {
  const type = prng.bool(gen) ? prng.oneOf(gen, [...COMMAND_TYPES]) : prng.word(gen, 1, 20)
  const payload = prng.bool(gen) ? {} : randomValue(gen)
  return { id: `fz-${prng.uint32(gen, 0, 2 ** 31)}`, type, payload }
}

export function hostileFrame (gen: prng.PRNG): Frame {
  switch (prng.uint32(gen, 0, 11)) {
    case 0: return { event: 'sync', args: [prng.oneOf(gen, ['control', 'notes']), encodeWire(randomBytes(gen, 64))], wantsAck: false }
    case 1: return { event: 'sync', args: [prng.oneOf(gen, ['control', 'notes', 'minutes', '']), randomBytes(gen, 64)], wantsAck: false }
    case 2: return { event: 'sync', args: [randomValue(gen), randomValue(gen)], wantsAck: false }
    case 3: return { event: 'awareness', args: [prng.bool(gen) ? encodeWire(randomBytes(gen, 64)) : randomValue(gen)], wantsAck: false }
    case 4: return { event: 'command', args: [randomValue(gen)], wantsAck: true }
    case 5: return { event: 'command', args: [nearCommand(gen)], wantsAck: true }
    case 6: return { event: 'command', args: [deepJson(prng.uint32(gen, 10, 2000))], wantsAck: true }
    case 7: return { event: 'command', args: [{ id: 'wide-frame-id', type: 'speaker:add', payload: { name: 'x'.repeat(prng.uint32(gen, 1, 60_000)) } }], wantsAck: true }
    case 8: return { event: 'clock:ping', args: [randomValue(gen)], wantsAck: prng.bool(gen) }
    case 9: return { event: prng.oneOf(gen, EVENTS), args: [randomValue(gen), randomValue(gen)], wantsAck: prng.bool(gen) }
    case 10: return { event: 'command', args: [nearCommand(gen), randomValue(gen)], wantsAck: false }
    default: return { event: 'sync', args: ['notes', encodeWire(Uint8Array.of(prng.uint32(gen, 0, 3), ...randomBytes(gen, 32)))], wantsAck: false }
  }
}
