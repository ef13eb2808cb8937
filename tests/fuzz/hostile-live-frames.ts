// Seeded hostile frames for the live link (shared/protocol/live.ts): garbage text and binary, JSON of
// every shape, hellos nearly right, pings out of range. Same seed, same frames.
import * as prng from 'lib0/prng'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { randomBytes, randomValue } from './hostile-frames.ts'

/** One frame as the client sends it: text or binary. */
export type LiveFrame = { readonly text: string } | { readonly binary: Uint8Array }

/** A sync step 1 with an empty state vector, base64: what a screen with nothing sends. */
const EMPTY_STEP_ONE = encodeWire(Uint8Array.of(0, 1, 0))

/** A hello for `token` with one thing wrong or odd (or nothing, now and then). */
function nearHello (gen: prng.PRNG, token: string): Record<string, unknown> {
  const hello: Record<string, unknown> = { type: 'hello', token, control: EMPTY_STEP_ONE, notes: EMPTY_STEP_ONE }
  switch (prng.uint32(gen, 0, 9)) {
    case 0: hello.token = prng.word(gen, 0, 200); break
    case 1: hello.control = encodeWire(randomBytes(gen, 48)); break
    case 2: hello.notes = randomValue(gen); break
    case 3: delete hello.notes; break
    case 4: hello.followNotes = prng.bool(gen) ? false : randomValue(gen); break
    case 5: hello.protocolVersion = prng.oneOf(gen, [0, -1, 1.5, 2, 2 ** 40, '2', null]); break
    case 6: hello[prng.oneOf(gen, ['__proto__', 'constructor', 'role', 'canWriteNotes'])] = randomValue(gen); break
    case 7: hello.control = 'A'.repeat(prng.uint32(gen, 1, 70_000)); break
    default: break
  }
  return hello
}

export function hostileLiveFrame (gen: prng.PRNG, token: string): LiveFrame {
  switch (prng.uint32(gen, 0, 7)) {
    case 0: return { binary: randomBytes(gen, 64) }
    case 1: return { binary: Uint8Array.of(prng.uint32(gen, 0, 2), ...randomBytes(gen, 32)) }
    case 2: return { text: prng.utf16String(gen, prng.uint32(gen, 0, 80)) }
    case 3: return { text: JSON.stringify(randomValue(gen)) ?? 'null' }
    case 4: return { text: JSON.stringify(nearHello(gen, token)) }
    case 5: return { text: JSON.stringify({ type: 'ping', id: prng.oneOf(gen, [0, 1, -1, 0.5, 2 ** 60, '1', null]) }) }
    case 6: return { text: JSON.stringify({ type: prng.oneOf(gen, ['command', 'sync', 'awareness', 'session', 'pong', '']), ...Object(randomValue(gen)) }) }
    default: return { text: JSON.stringify({ type: 'ping', id: prng.uint32(gen, 0, 1000) }) }
  }
}

/** The hello a well-behaved screen sends, so that most links get past it and meet the frames after. */
export function validHello (token: string, followNotes: boolean): string {
  return JSON.stringify({ type: 'hello', token, followNotes, control: EMPTY_STEP_ONE, ...(followNotes ? { notes: EMPTY_STEP_ONE } : {}) })
}
