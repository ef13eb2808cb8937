import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ControlProjection, readControlState, writeControlState } from '../../../shared/doc/control.ts'
import type { Speaker } from '../../../shared/domain/index.ts'
import { meetingWith, standardSegments } from '../domain/builders.ts'

describe('a document from before standing and group statements were separated', () => {
  it("reads a speaker of standing 'group' as a non-member on behalf of its group, whole and patched", () => {
    const m = meetingWith({ segments: standardSegments([], ['Finland']) })
    const finland = m.speaker('Finland')
    const onBehalfOf = { group: 'Nordic countries', members: ['DNK', 'FIN'] }
    const old = { ...finland, kind: 'group', onBehalfOf } as unknown as Speaker
    const doc = new Y.Doc()
    const projection = new ControlProjection(doc)
    doc.on('afterTransaction', (transaction: Y.Transaction) => { projection.refresh(transaction) })
    writeControlState(doc, null, { ...m.state, speakers: { [finland.id]: old } })
    expect(readControlState(doc)?.speakers[finland.id]).toMatchObject({ kind: 'non-member', onBehalfOf })
    expect(projection.state?.speakers[finland.id]).toMatchObject({ kind: 'non-member', onBehalfOf })
    doc.getMap('speakers').set(finland.id, { ...old, name: 'Finland (Nordic countries)' })
    expect(projection.state?.speakers[finland.id]).toMatchObject({ kind: 'non-member', name: 'Finland (Nordic countries)' })
  })
})
