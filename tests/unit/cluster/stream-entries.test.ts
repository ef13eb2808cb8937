// A read reply is untrusted: whatever shape it has, decoding never throws, keeps every good entry and
// names each bad one with the id to read on from.
import { describe, expect, it } from 'vitest'
import { cursorAfter, decodeReadReply, streamIdOf } from '../../../server/cluster/stream-entries.ts'

const b = (text: string): Buffer => Buffer.from(text, 'latin1')
const entry = (id: string, ...fields: string[]): unknown => [b(id), fields.map(b)]
const stream = (key: string, ...entries: unknown[]): unknown => [b(key), entries]

describe('decodeReadReply', () => {
  it('decodes entries, copying the update bytes', () => {
    const update = b('\x00\x01\xff')
    const [decoded] = decodeReadReply([[b('k'), [[b('7-0'), [b('d'), b('notes'), b('u'), update]]]]])
    expect(decoded).toEqual({ key: 'k', entries: [{ seq: 7, doc: 'notes', update: new Uint8Array([0, 1, 255]) }], rejects: [], lastId: '7-0' })
    update[0] = 9
    expect(decoded?.entries[0]?.update[0]).toBe(0)
  })

  it.each([
    ['an id with a sequence part', entry('3-1', 'd', 'control', 'u', 'x'), 'id is not <seq>-0'],
    ['seq 0', entry('0-0', 'd', 'control', 'u', 'x'), 'id is not <seq>-0'],
    ['a seq past the safe integers', entry('9999999999999999-0', 'd', 'control', 'u', 'x'), 'id is not <seq>-0'],
    ['an unknown document', entry('3-0', 'd', 'agenda', 'u', 'x'), 'no known document in field d'],
    ['no document', entry('3-0', 'u', 'x'), 'no known document in field d'],
    ['no update', entry('3-0', 'd', 'control'), 'no update in field u'],
    ['an empty update', entry('3-0', 'd', 'control', 'u', ''), 'no update in field u'],
    ['odd fields', [b('3-0'), [b('d')]], 'fields are not pairs'],
    ['fields that are not strings', [b('3-0'), [1, 2]], 'a field is not a string']
  ])('rejects %s, and reads on past its id', (_name, bad, reason) => {
    const [decoded] = decodeReadReply([stream('k', bad, entry('4-0', 'd', 'control', 'u', 'x'))])
    expect(decoded?.rejects).toEqual([{ id: (bad as [Buffer])[0].toString('latin1'), reason }])
    expect(decoded?.entries.map((good) => good.seq)).toEqual([4])
    expect(decoded?.lastId).toBe('4-0')
  })

  it.each([null, 'text', 42, [null], [[b('k'), 'not entries']], [['k', []]], [[b('k'), [null, [42]]]]])('never throws on a reply shaped %j', (reply) => {
    expect(() => decodeReadReply(reply)).not.toThrow()
  })
})

describe('stream ids', () => {
  it('names seq n as n-0 and refuses what is not a seq', () => {
    expect(streamIdOf(12)).toBe('12-0')
    expect(cursorAfter(0)).toBe('0-0')
    expect(() => streamIdOf(0)).toThrow(RangeError)
    expect(() => streamIdOf(Number.NaN)).toThrow(RangeError)
    expect(() => cursorAfter(-1)).toThrow(RangeError)
  })
})
