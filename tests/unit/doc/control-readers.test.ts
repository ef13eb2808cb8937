// The control projection over a meeting stored by an older server, which may hold what no command writes
// any more (issue 15): a value that is not an entity, or an entity under the id "__proto__".
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ControlProjection, readControlState, writeControlState } from '../../../shared/doc/control.ts'
import { meetingWith, standardSegments } from '../domain/builders.ts'

function storedMeeting () {
  const m = meetingWith({ segments: standardSegments([], ['Kenya', 'Mexico']) })
  const doc = new Y.Doc()
  const projection = new ControlProjection(doc)
  doc.on('afterTransaction', (transaction: Y.Transaction) => { projection.refresh(transaction) })
  writeControlState(doc, null, m.state)
  // Read whole once, so later changes are patched in.
  expect(projection.state).not.toBeNull()
  return { m, doc, projection }
}

describe('entities an older server stored', () => {
  it.each([['null', null], ['a number', 7], ['a string', 'speaker'], ['an array', []], ['a Y.Map', new Y.Map()]])(
    'one that is %s is left out, read whole and patched', (_kind, value) => {
      const { m, doc, projection } = storedMeeting()
      doc.getMap('speakers').set('spk_bad', value)
      expect(projection.state?.speakers).toEqual(m.state.speakers)
      expect(readControlState(doc)?.speakers).toEqual(m.state.speakers)
      expect(Object.values(projection.state!.speakers).every((speaker) => typeof speaker.name === 'string')).toBe(true)
    })

  it('one under "__proto__" is left out, read whole and patched, and never the record\'s prototype', () => {
    const { m, doc, projection } = storedMeeting()
    const kenya = m.speaker('Kenya')
    doc.getMap('speakers').set('__proto__', { ...kenya, id: '__proto__', name: 'Half-formed' })
    for (const speakers of [projection.state!.speakers, readControlState(doc)!.speakers]) {
      expect(Object.getPrototypeOf(speakers)).toBe(Object.prototype)
      // No id is a key every object inherits: such an entry is what older servers half-formed.
      expect(Object.hasOwn(speakers, '__proto__')).toBe(false)
      expect(Object.keys(speakers).sort()).toEqual(Object.keys(m.state.speakers).sort())
      expect((speakers as Record<string, unknown>).name).toBeUndefined()
    }
    expect(projection.state?.speakers).toEqual(readControlState(doc)?.speakers)
  })
})
