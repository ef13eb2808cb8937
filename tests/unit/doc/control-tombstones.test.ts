// What dropping a withdrawn request's note leaves behind in the control document. Yjs keeps a record of
// deleted content; with gc on it should be a few bytes per replaced value, not the text itself.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { writeControlState } from '../../../shared/doc/control.ts'
import type { DelegationCode, InscriptionRequest, RequestId } from '../../../shared/domain/index.ts'
import { meetingWith, standardSegments, T0 } from '../domain/builders.ts'

const CYCLES = 2000
const NOTE = 'The Minister for Foreign Affairs will deliver the statement. '.repeat(70).slice(0, 4000)

describe('the control document after request churn', () => {
  // The states are built here, not by the domain (whose tests show that a withdrawal drops the note), so
  // the test costs the document's writes only.
  it(`keeps no trace of the text of ${CYCLES} requests made with a 4,000-character note and withdrawn`, () => {
    const doc = new Y.Doc({ gc: true })
    let state = meetingWith({ segments: standardSegments([], ['Norway'], []) }).state
    writeControlState(doc, null, state)
    const before = Y.encodeStateAsUpdate(doc).byteLength
    const write = (request: InscriptionRequest) => {
      const next = { ...state, requests: { ...state.requests, [request.id]: request } }
      writeControlState(doc, state, next)
      state = next
    }
    for (let i = 0; i < CYCLES; i++) {
      const request: InscriptionRequest = {
        id: `req_${String(i).padStart(12, '0')}` as RequestId,
        delegation: 'FIN' as DelegationCode,
        type: 'inscription',
        note: NOTE,
        onBehalfOf: null,
        status: 'pending',
        createdAtMs: T0 + i * 1000,
        decidedAtMs: null,
        reason: null,
        speakerId: null
      }
      write(request)
      write({ ...request, status: 'withdrawn', note: '', decidedAtMs: request.createdAtMs + 500 })
    }
    const grown = Y.encodeStateAsUpdate(doc).byteLength - before
    // What the withdrawn records themselves take as JSON; the document may cost a little more per record.
    const records = JSON.stringify(Object.values(state.requests)).length
    console.info(`control document grew by ${grown} B over ${CYCLES} cycles; the records are ${records} B of JSON`)
    expect(grown).toBeLessThan(records * 1.5)
    expect(grown).toBeLessThan(CYCLES * 400)
  }, 60_000)
})
