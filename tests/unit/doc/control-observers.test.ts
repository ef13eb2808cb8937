// The two observers the benchmark's harnesses time updates with: they report what a transaction
// changed, read through shared/doc rather than by the layout's names, and stop when told.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { observeEntities, observeFloor, writeControlState } from '../../../shared/doc/control.ts'
import type { Floor } from '../../../shared/domain/types.ts'
import { meetingWith, standardSegments } from '../domain/builders.ts'

function storedMeeting () {
  const m = meetingWith({ segments: standardSegments([], ['Kenya', 'Mexico']) })
  const doc = new Y.Doc()
  writeControlState(doc, null, m.state)
  return { m, doc }
}

describe('observeFloor', () => {
  it('reports the floor each time it changes, not when only the timer does, until stopped', () => {
    const { m, doc } = storedMeeting()
    const seen: (Floor | undefined)[] = []
    const stop = observeFloor(doc, (floor) => seen.push(floor))
    const floor = { ...m.state.floor, statementId: null }
    writeControlState(doc, m.state, { ...m.state, floor })
    writeControlState(doc, { ...m.state, floor }, { ...m.state, floor, timer: { ...m.state.timer } })
    expect(seen).toEqual([floor])
    stop()
    writeControlState(doc, { ...m.state, floor }, m.state)
    expect(seen).toHaveLength(1)
  })
})

describe('observeEntities', () => {
  it('reports each entity of its kind a transaction changed, as stored, and undefined once deleted', () => {
    const { m, doc } = storedMeeting()
    const seen: [string, unknown][] = []
    const stop = observeEntities(doc, 'speakers', (id, stored) => seen.push([id, stored]))
    const kenya = m.speaker('Kenya')
    const renamed = { ...kenya, name: 'Republic of Kenya' }
    writeControlState(doc, m.state, { ...m.state, speakers: { ...m.state.speakers, [kenya.id]: renamed } })
    expect(seen).toEqual([[kenya.id, renamed]])
    const { [kenya.id]: _gone, ...others } = m.state.speakers
    writeControlState(doc, m.state, { ...m.state, speakers: others })
    expect(seen.at(-1)).toEqual([kenya.id, undefined])
    stop()
    writeControlState(doc, { ...m.state, speakers: others }, m.state)
    expect(seen).toHaveLength(2)
  })
})
