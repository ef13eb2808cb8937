import { DOC_NAMES, type DocName } from '../../shared/protocol/events.ts'
import type { SequencedUpdate } from './meeting-streams.ts'

/**
 * The entry's id in the meeting's stream. The seq is the id's first part, so Redis itself refuses an
 * entry that would go before one already there, and a reader's cursor is a seq it can name.
 */
export function streamIdOf (seq: number): string {
  if (!isSeq(seq)) throw new RangeError(`not a sequence number: ${seq}`)
  return `${seq}-0`
}

/** A cursor for a reader that has every entry up to `seq` (0: none yet). */
export function cursorAfter (seq: number): string {
  if (!isSeq(seq) && seq !== 0) throw new RangeError(`not a sequence number to read after: ${seq}`)
  return `${seq}-0`
}

/** What one stream gave in one read: the entries that decoded, the rejects, and where to read on from. */
export interface DecodedStream {
  readonly key: string
  readonly entries: SequencedUpdate[]
  /** Entries that did not decode, with why: logged and skipped, never delivered. */
  readonly rejects: { readonly id: string, readonly reason: string }[]
  /** The raw id of the last entry read, decoded or not: Redis made it, so it is always a valid cursor. */
  readonly lastId: string | null
}

/**
 * Decodes an XREAD reply (`[[key, [[id, [field, value, …]], …]], …]`, Buffers throughout). A decoded
 * reply is still untrusted: anyone who can write to Redis can write to these keys, and one bad entry must
 * cost its own meeting that entry only. A stream whose shape is beyond reading is dropped whole.
 */
export function decodeReadReply (reply: unknown): DecodedStream[] {
  if (!Array.isArray(reply)) return []
  const streams: DecodedStream[] = []
  for (const stream of reply) {
    if (!Array.isArray(stream) || !Buffer.isBuffer(stream[0]) || !Array.isArray(stream[1])) continue
    const entries: SequencedUpdate[] = []
    const rejects: { id: string, reason: string }[] = []
    let lastId: string | null = null
    for (const raw of stream[1] as unknown[]) {
      if (!Array.isArray(raw) || !Buffer.isBuffer(raw[0])) continue
      const id = raw[0].toString('latin1')
      lastId = id
      const decoded = decodeEntry(id, raw[1])
      if (typeof decoded === 'string') rejects.push({ id, reason: decoded })
      else entries.push(decoded)
    }
    streams.push({ key: stream[0].toString('utf8'), entries, rejects, lastId })
  }
  return streams
}

/** One entry, or why it is not one. */
function decodeEntry (id: string, fields: unknown): SequencedUpdate | string {
  const match = /^(\d{1,15})-0$/.exec(id)
  const seq = match === null ? NaN : Number(match[1])
  if (!isSeq(seq)) return 'id is not <seq>-0'
  if (!Array.isArray(fields) || fields.length % 2 !== 0) return 'fields are not pairs'
  let doc: DocName | undefined
  let update: Uint8Array | undefined
  for (let index = 0; index < fields.length; index += 2) {
    const name: unknown = fields[index]
    const value: unknown = fields[index + 1]
    if (!Buffer.isBuffer(name) || !Buffer.isBuffer(value)) return 'a field is not a string'
    const field = name.toString('latin1')
    if (field === 'd') doc = DOC_NAMES.find((known) => known === value.toString('latin1'))
    // A copy: the reply's Buffer may be a slice of a much larger read, which a view would keep alive.
    else if (field === 'u') update = new Uint8Array(value)
  }
  if (doc === undefined) return 'no known document in field d'
  if (update === undefined || update.byteLength === 0) return 'no update in field u'
  return { seq, doc, update }
}

function isSeq (seq: number): boolean {
  return Number.isSafeInteger(seq) && seq >= 1
}
