// A delegation's requests cannot grow the control document without bound: withdrawn and declined
// requests drop their free text, and creating requests has budgets the chair is never held to.
import { describe, expect, it } from 'vitest'
import {
  CONTROL_DOCUMENT_BUDGET_BYTES,
  MAX_REQUESTS_PER_MEETING,
  REQUESTS_PER_DELEGATION_PER_HOUR,
  REQUESTS_PER_DELEGATION_PER_MEETING,
  type RequestId
} from '../../../shared/domain/index.ts'
import { CHAIR, command, delegationActor, meetingWith, MINUTE, standardSegments, type TestMeeting } from './builders.ts'

const HOUR = 60 * MINUTE
const NOTE = 'The Minister for Foreign Affairs will deliver the statement. '.repeat(60).slice(0, 4000)
const debate = () => meetingWith({ segments: standardSegments([], ['Norway'], []) })
const create = (code = 'MEX', note = NOTE) =>
  command('request:create', { delegation: code as never, type: 'inscription', note })
const ask = (m: TestMeeting, code = 'MEX') => m.ok(create(code), delegationActor(code))['requestId'] as RequestId
const askAndWithdraw = (m: TestMeeting, code = 'MEX') => {
  const requestId = ask(m, code)
  m.ok(command('request:withdraw', { requestId }), delegationActor(code))
  return requestId
}

describe('free text of a request that went nowhere', () => {
  it('is dropped when the delegation withdraws the request, which stays on record', () => {
    const m = debate()
    const requestId = askAndWithdraw(m)
    expect(m.state.requests[requestId]).toMatchObject({ status: 'withdrawn', note: '', delegation: 'MEX', type: 'inscription' })
  })

  it('is dropped when the chair declines, keeping the reason the delegation is told', () => {
    const m = debate()
    const requestId = ask(m)
    m.ok(command('request:decline', { requestId, reason: 'The list is full.' }))
    expect(m.state.requests[requestId]).toMatchObject({ status: 'declined', note: '', reason: 'The list is full.' })
  })

  it('stays on an accepted request, beside the place it gave', () => {
    const m = debate()
    const requestId = ask(m)
    m.ok(command('request:accept', { requestId }))
    expect(m.state.requests[requestId]).toMatchObject({ status: 'accepted', note: NOTE })
  })
})

describe('open requests per delegation', () => {
  it('are at most one of each type: a third is a duplicate', () => {
    const m = debate()
    ask(m)
    m.ok(command('request:create', { delegation: 'MEX' as never, type: 'right-of-reply' }), delegationActor('MEX'))
    m.refused(create(), 'DUPLICATE_REQUEST', delegationActor('MEX'))
    m.refused(command('request:create', { delegation: 'MEX' as never, type: 'right-of-reply' }), 'DUPLICATE_REQUEST', delegationActor('MEX'))
  })
})

describe('requests a delegation may make', () => {
  it(`are ${REQUESTS_PER_DELEGATION_PER_HOUR} an hour, counted over the last hour`, () => {
    const m = debate()
    for (let i = 0; i < REQUESTS_PER_DELEGATION_PER_HOUR; i++) askAndWithdraw(m)
    m.refused(create(), 'REQUEST_QUOTA_REACHED', delegationActor('MEX'))
    // Another delegation has its own quota.
    ask(m, 'FIN')
    m.advance(HOUR)
    askAndWithdraw(m)
  })

  it(`are ${REQUESTS_PER_DELEGATION_PER_MEETING} in a meeting, however slowly`, () => {
    const m = debate()
    for (let i = 0; i < REQUESTS_PER_DELEGATION_PER_MEETING; i++) {
      askAndWithdraw(m)
      m.advance(HOUR)
    }
    m.refused(create(), 'REQUEST_QUOTA_REACHED', delegationActor('MEX'))
  })

  it('do not hold the chair, who may still ask on a delegation\'s behalf and run the floor', () => {
    const m = debate()
    for (let i = 0; i < REQUESTS_PER_DELEGATION_PER_HOUR; i++) askAndWithdraw(m)
    m.refused(create(), 'REQUEST_QUOTA_REACHED', delegationActor('MEX'))
    const requestId = m.ok(create(), CHAIR)['requestId'] as RequestId
    m.ok(command('request:accept', { requestId }))
  })
})

describe('the meeting\'s budget for delegations\' requests', () => {
  it(`is ${MAX_REQUESTS_PER_MEETING} requests, all delegations together, the chair's among them`, () => {
    const m = debate()
    for (let i = 0; i < MAX_REQUESTS_PER_MEETING; i++) {
      const requestId = m.ok(create('FIN', ''), CHAIR)['requestId'] as RequestId
      m.ok(command('request:withdraw', { requestId }))
    }
    m.refused(create('KEN', ''), 'CONTROL_BUDGET_REACHED', delegationActor('KEN'))
    m.ok(create('KEN', ''), CHAIR)
  })

  it(`refuses a delegation's request once the document is ${CONTROL_DOCUMENT_BUDGET_BYTES} bytes, while the chair's floor goes on`, () => {
    const m = debate()
    m.controlBytes = CONTROL_DOCUMENT_BUDGET_BYTES - 1
    const first = ask(m)
    m.controlBytes = CONTROL_DOCUMENT_BUDGET_BYTES
    m.refused(create('FIN'), 'CONTROL_BUDGET_REACHED', delegationActor('FIN'))
    m.ok(command('request:accept', { requestId: first }))
    m.ok(command('floor:next', { expectedSpeakerId: m.speakerId('Norway') }))
    m.ok(command('speaker:add', { name: 'Kenya', delegation: 'KEN' as never, segmentId: m.segmentId('Speakers') }))
    m.ok(create('FIN'), CHAIR)
  })
})
