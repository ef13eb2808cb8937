// Which request texts a command writes, and putting texts back on the requests they belong to.
import { describe, expect, it } from 'vitest'
import { requestTextChanges, sharedRequest, withRequestTexts, type RequestId } from '../../../shared/domain/index.ts'
import { command, delegationActor, meetingWith, standardSegments } from './builders.ts'

const MEX = delegationActor('MEX')
const debate = () => meetingWith({ segments: standardSegments([], ['Norway'], []) })

describe('requestTextChanges', () => {
  it('names the texts each command writes, and only those', () => {
    const m = debate()
    const steps: unknown[] = []
    const step = (run: () => unknown) => {
      const before = m.state
      const value = run()
      steps.push(requestTextChanges(before, m.state).map(({ note, reason }) => ({ note, reason })))
      return value
    }
    const first = step(() => m.ok(command('request:create', { delegation: 'MEX' as never, type: 'inscription', note: 'Minister attending' }), MEX)['requestId']) as RequestId
    const second = step(() => m.ok(command('request:create', { delegation: 'MEX' as never, type: 'right-of-reply' }), MEX)['requestId']) as RequestId
    step(() => m.ok(command('request:accept', { requestId: first })))
    step(() => m.ok(command('request:decline', { requestId: second, reason: 'At the end of the day.' })))
    expect(steps).toEqual([
      [{ note: 'Minister attending', reason: null }],
      // A request without text writes none.
      [],
      // Accepting keeps the note: nothing changed.
      [],
      [{ note: '', reason: 'At the end of the day.' }]
    ])
  })
})

describe('withRequestTexts and sharedRequest', () => {
  it('put a text back on the shared request, leaving the rest and unknown ids alone', () => {
    const m = debate()
    const requestId = m.ok(command('request:create', { delegation: 'MEX' as never, type: 'inscription', note: 'Minister attending' }), MEX)['requestId'] as RequestId
    const request = m.state.requests[requestId]!
    const shared = { ...m.state, requests: { [requestId]: sharedRequest(request) } }
    expect(shared.requests[requestId]).not.toHaveProperty('note')
    expect(shared.requests[requestId]).not.toHaveProperty('reason')
    const texts = [
      { requestId, delegation: request.delegation, note: 'Minister attending', reason: null },
      { requestId: '__proto__' as RequestId, delegation: request.delegation, note: 'x', reason: null },
      { requestId: 'req_later' as RequestId, delegation: request.delegation, note: 'y', reason: null }
    ]
    const merged = withRequestTexts(shared, texts)
    expect(merged.requests).toEqual({ [requestId]: request })
    expect(Object.getPrototypeOf(merged.requests)).toBe(Object.prototype)
    // Nothing to put back: the same state.
    expect(withRequestTexts(merged, texts)).toBe(merged)
  })
})
