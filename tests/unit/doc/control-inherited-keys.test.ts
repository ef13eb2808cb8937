// The control document's maps are keyed by ids. Keys that are names every object inherits must be
// read, written and deleted as ordinary keys: older servers wrote such keys from a client's id.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ControlProjection, readControlState, writeControlState } from '../../../shared/doc/control.ts'
import { applyCommand, type Speaker } from '../../../shared/domain/index.ts'
import { CHAIR, meetingWith, standardSegments, T0 } from '../domain/builders.ts'

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

  it('leave the projection an ordinary object when the document holds one', () => {
    const state = meetingWith({ segments: standardSegments([], ['Norway'], []) }).state
    const doc = new Y.Doc()
    writeControlState(doc, null, state)
    const projection = new ControlProjection(doc)
    doc.on('afterTransaction', (transaction: Y.Transaction) => projection.refresh(transaction))
    expect(projection.state).not.toBeNull()
    doc.getMap('speakers').set('__proto__', { id: '__proto__', name: 'Chile' })
    const speakers = projection.state!.speakers
    expect(Object.getPrototypeOf(speakers)).toBe(Object.prototype)
    expect(Object.keys(speakers)).toEqual(Object.keys(state.speakers))
  })
})

describe('half-formed entities an older server wrote from such an id', () => {
  it('are skipped on reading, so the list can still be ordered', () => {
    const m = meetingWith({ segments: standardSegments([], ['Norway', 'Kenya'], []) })
    const doc = new Y.Doc()
    writeControlState(doc, null, m.state)
    // `speaker:update` of "__proto__" once wrote the changes alone, under the id and under "undefined".
    doc.getMap('speakers').set('__proto__', { name: 'Chile' })
    doc.getMap('speakers').set('undefined', { name: 'Chile' })
    doc.getMap('segments').set('toString', { name: 'Observers' })
    const projection = new ControlProjection(doc)
    doc.on('afterTransaction', (transaction: Y.Transaction) => projection.refresh(transaction))
    for (const state of [readControlState(doc)!, projection.state!]) {
      expect(Object.keys(state.speakers).sort()).toEqual(Object.keys(m.state.speakers).sort())
      expect(Object.keys(state.segments).sort()).toEqual(Object.keys(m.state.segments).sort())
      const ordered = applyCommand(state, { type: 'segment:order', payload: { segmentId: m.segmentId('Speakers') } }, { actor: CHAIR, nowMs: T0, newId: (prefix) => `${prefix}-x` })
      expect(ordered.ok).toBe(true)
    }
    // Written again after the projection was first read: patched, not re-read.
    doc.getMap('speakers').set('constructor', { name: 'Chile' })
    expect(Object.hasOwn(projection.state!.speakers, 'constructor')).toBe(false)
  })
})
