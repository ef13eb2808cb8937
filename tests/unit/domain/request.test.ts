import { describe, expect, it } from 'vitest'
import { type RequestId } from '../../../shared/domain/index.ts'
import { command, delegationActor, meetingWith, MINUTE, standardSegments, T0, type TestMeeting } from './builders.ts'

const mexico = delegationActor('MEX')
const debate = (listClosed = false) => meetingWith({ listClosed, segments: standardSegments([], ['Norway'], []) })
const ask = (m: TestMeeting, type: 'inscription' | 'right-of-reply' = 'inscription', code = 'MEX') =>
  m.ok(command('request:create', { delegation: code as never, type, note: 'Minister attending' }), delegationActor(code))['requestId'] as RequestId

describe('request:create', () => {
  it('records a pending request and acknowledges with its id', () => {
    const m = debate()
    const requestId = ask(m)
    expect(m.state.requests[requestId]).toEqual({
      id: requestId, delegation: 'MEX', type: 'inscription', note: 'Minister attending', onBehalfOf: null,
      status: 'pending', createdAtMs: T0, decidedAtMs: null, reason: null, speakerId: null
    })
  })

  it.each([
    ['an unknown delegation', false, 'ATL', 'inscription', [], 'UNKNOWN_DELEGATION'],
    ['an inscription on a closed list', true, 'MEX', 'inscription', [], 'LIST_CLOSED'],
    ['a second pending inscription', false, 'MEX', 'inscription', ['inscription'], 'DUPLICATE_REQUEST'],
    ['a second pending right of reply', false, 'MEX', 'right-of-reply', ['right-of-reply'], 'DUPLICATE_REQUEST'],
    ['an inscription while already waiting on the list', false, 'NOR', 'inscription', [], 'DUPLICATE_REQUEST']
  ] as const)('refuses %s', (_label, closed, code, type, earlier, errorCode) => {
    const m = debate(closed)
    for (const previous of earlier) ask(m, previous)
    m.refused(command('request:create', { delegation: code as never, type }), errorCode, delegationActor(code))
  })

  it.each([
    ['a right of reply on a closed list', true, 'MEX', 'right-of-reply', []],
    ['a right of reply beside a pending inscription', false, 'MEX', 'right-of-reply', ['inscription']],
    ['a right of reply while waiting on the list', false, 'NOR', 'right-of-reply', []]
  ] as const)('accepts %s', (_label, closed, code, type, earlier) => {
    const m = debate(closed)
    for (const previous of earlier) ask(m, previous)
    ask(m, type, code)
  })

  it('accepts a new inscription once the earlier one was declined', () => {
    const m = debate()
    const first = ask(m)
    m.ok(command('request:decline', { requestId: first }))
    ask(m)
  })
})

describe('deciding requests', () => {
  it('accept puts the delegation at the end of the last statement segment', () => {
    const m = debate()
    const requestId = ask(m)
    m.advance(MINUTE)
    const data = m.ok(command('request:accept', { requestId }))
    const speakerId = data['speakerId'] as string
    expect(data['requestId']).toBe(requestId)
    expect(m.state.requests[requestId]).toMatchObject({ status: 'accepted', decidedAtMs: T0 + MINUTE, speakerId })
    expect(m.state.speakers[speakerId]).toMatchObject({
      name: 'Mexico', delegation: 'MEX', kind: 'non-member', segmentId: m.segmentId('Speakers'), status: 'waiting', limitMs: null
    })
    expect(m.speaker('Mexico').orderKey > m.speaker('Norway').orderKey).toBe(true)
  })

  it('accept puts a right of reply in the right-of-reply segment, with a group and a limit', () => {
    const m = debate()
    const onBehalfOf = { group: 'Nordic countries', members: ['FIN', 'NOR'] as never[] }
    const requestId = m.ok(command('request:create', { delegation: 'FIN' as never, type: 'right-of-reply', onBehalfOf }), delegationActor('FIN'))['requestId'] as RequestId
    const data = m.ok(command('request:accept', { requestId, limitMs: 2 * MINUTE }))
    expect(m.state.speakers[data['speakerId'] as string]).toMatchObject({
      name: 'Finland', kind: 'non-member', onBehalfOf, segmentId: m.segmentId('Rights of reply'), limitMs: 2 * MINUTE
    })
  })

  it('accept honours an explicit segment and position', () => {
    const m = debate()
    const requestId = ask(m)
    m.ok(command('request:accept', { requestId, segmentId: m.segmentId('Speakers'), afterId: null }))
    expect(m.speaker('Mexico').orderKey < m.speaker('Norway').orderKey).toBe(true)
  })

  it.each([
    ['an unknown segment', 'seg-404', null, 'SEGMENT_NOT_FOUND'],
    ['an anchor in another segment', 'Rights of reply', 'Norway', 'INVALID_POSITION']
  ] as const)('accept refuses %s', (_label, segment, anchor, errorCode) => {
    const m = debate()
    const requestId = ask(m)
    const segmentId = segment === 'seg-404' ? (segment as never) : m.segmentId(segment)
    const afterId = anchor === null ? undefined : m.speakerId(anchor)
    m.refused(command('request:accept', { requestId, segmentId, ...(afterId ? { afterId } : {}) }), errorCode)
  })

  it('accept refuses when no segment takes that kind of request', () => {
    const m = meetingWith({ segments: [{ name: 'Speakers' }] })
    const requestId = ask(m, 'right-of-reply')
    m.refused(command('request:accept', { requestId }), 'SEGMENT_NOT_FOUND')
  })

  it('decline records the reason; withdraw needs a pending request', () => {
    const m = debate()
    const requestId = ask(m)
    m.advance(MINUTE).ok(command('request:decline', { requestId, reason: 'List closed at 18:00 yesterday' }))
    expect(m.state.requests[requestId]).toMatchObject({ status: 'declined', reason: 'List closed at 18:00 yesterday', decidedAtMs: T0 + MINUTE })
    m.refused(command('request:withdraw', { requestId }), 'REQUEST_NOT_PENDING', mexico)
  })

  it.each(['request:accept', 'request:decline', 'request:withdraw'] as const)('%s twice is refused', (type) => {
    const m = debate()
    const requestId = ask(m)
    m.ok(command(type, { requestId }))
    m.refused(command(type, { requestId }), 'REQUEST_NOT_PENDING')
  })

  it.each(['request:accept', 'request:decline', 'request:withdraw'] as const)('%s of an unknown request is refused', (type) => {
    debate().refused(command(type, { requestId: 'req-404' as never }), 'REQUEST_NOT_FOUND')
  })

  it('withdraw by the delegation itself', () => {
    const m = debate()
    const requestId = ask(m)
    m.ok(command('request:withdraw', { requestId }), mexico)
    expect(m.state.requests[requestId]?.status).toBe('withdrawn')
  })
})
