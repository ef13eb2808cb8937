// The control document's maps are keyed by ids. Keys that are names every object inherits must be
// read, written and deleted as ordinary keys: older servers wrote such keys from a client's id.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ControlProjection, writeControlState } from '../../../shared/doc/control.ts'
import type { Speaker } from '../../../shared/domain/index.ts'
import { meetingWith, standardSegments } from '../domain/builders.ts'

describe('inherited names as keys of the control document', () => {
  it('are deleted when the state no longer holds them', () => {
    const state = meetingWith({ segments: standardSegments([], ['Norway'], []) }).state
    const doc = new Y.Doc()
    const planted = { ...state, speakers: { ...state.speakers, constructor: { name: 'Chile' } as unknown as Speaker } }
    writeControlState(doc, null, planted)
    expect(doc.getMap('speakers').has('constructor')).toBe(true)
    writeControlState(doc, planted, state)
    expect(doc.getMap('speakers').has('constructor')).toBe(false)
  })

  it('are projected as own entries, leaving the projection an ordinary object', () => {
    const state = meetingWith({ segments: standardSegments([], ['Norway'], []) }).state
    const doc = new Y.Doc()
    writeControlState(doc, null, state)
    const projection = new ControlProjection(doc)
    doc.on('afterTransaction', (transaction: Y.Transaction) => projection.refresh(transaction))
    expect(projection.state).not.toBeNull()
    doc.getMap('speakers').set('__proto__', { name: 'Chile' })
    const speakers = projection.state!.speakers
    expect(Object.getPrototypeOf(speakers)).toBe(Object.prototype)
    expect(Object.hasOwn(speakers, '__proto__')).toBe(true)
    expect(Object.keys(speakers)).toHaveLength(Object.keys(state.speakers).length + 1)
  })
})
