import { describe, expect, it } from 'vitest'
import { type SpeakerStatus } from '../../../shared/domain/index.ts'
import { command, meetingWith, MINUTE, standardSegments, T0 } from './builders.ts'

const debate = () => meetingWith({ segments: standardSegments(['Secretary-General'], ['Mexico', 'Norway']) })

describe('speaker:add', () => {
  it('adds with defaults and returns the id', () => {
    const m = debate().advance(MINUTE)
    const data = m.ok(command('speaker:add', { name: 'Finland', segmentId: m.segmentId('Speakers') }))
    expect(m.state.speakers[data['speakerId'] as string]).toEqual({
      id: data['speakerId'],
      segmentId: m.segmentId('Speakers'),
      orderKey: expect.any(String),
      name: 'Finland',
      delegation: null,
      kind: 'member',
      onBehalfOf: null,
      protocolRank: null,
      limitMs: null,
      status: 'waiting',
      addedAtMs: T0 + MINUTE
    })
  })

  it('adds a group statement', () => {
    const m = debate()
    // Members must be among the meeting's delegations (group-members.test.ts); this one has Finland and Norway.
    const onBehalfOf = { group: 'Nordic countries', members: ['FIN', 'NOR'] as never[] }
    const data = m.ok(command('speaker:add', { name: 'Finland', delegation: 'FIN' as never, kind: 'non-member', onBehalfOf, segmentId: m.segmentId('Speakers') }))
    expect(m.state.speakers[data['speakerId'] as string]).toMatchObject({ kind: 'non-member', onBehalfOf, delegation: 'FIN' })
  })

  it.each([
    ['an unknown segment', { segmentId: 'seg-404' }, 'SEGMENT_NOT_FOUND'],
    ['an anchor outside the segment', { afterId: 'Secretary-General' }, 'INVALID_POSITION'],
    ['an unknown delegation', { delegation: 'ATL' }, 'UNKNOWN_DELEGATION']
  ] as const)('refuses %s', (_label, overrides, errorCode) => {
    const m = debate()
    const afterId = 'afterId' in overrides ? m.speakerId(overrides.afterId) : undefined
    m.refused(
      command('speaker:add', {
        name: 'X',
        segmentId: ('segmentId' in overrides ? overrides.segmentId : m.segmentId('Speakers')) as never,
        ...(afterId ? { afterId } : {}),
        ...('delegation' in overrides ? { delegation: overrides.delegation as never } : {})
      }),
      errorCode
    )
  })
})

describe('speaker:update', () => {
  it('changes fields and keeps every other entity by identity', () => {
    const m = debate()
    const before = m.state
    m.ok(command('speaker:update', { speakerId: m.speakerId('Mexico'), changes: { name: 'Mexico (Minister)', protocolRank: 2, limitMs: 7 * MINUTE } }))
    expect(m.speaker('Mexico (Minister)')).toMatchObject({ protocolRank: 2, limitMs: 7 * MINUTE, status: 'waiting' })
    expect(m.state.speakers[m.speakerId('Norway')]).toBe(before.speakers[m.speakerId('Norway')])
    for (const key of ['segments', 'statements', 'requests', 'meeting', 'floor', 'timer', 'delegations', 'questions'] as const) {
      expect(m.state[key], key).toBe(before[key])
    }
  })

  it('ignores fields that are not editable and returns the same state when nothing changes', () => {
    const m = debate()
    const before = m.state
    const changes = { status: 'spoken', name: 'Mexico' } as never
    m.ok(command('speaker:update', { speakerId: m.speakerId('Mexico'), changes }))
    expect(m.state).toBe(before)
  })

  it.each([
    ['a missing speaker', 'SPEAKER_NOT_FOUND'],
    ['an unknown delegation', 'UNKNOWN_DELEGATION']
  ] as const)('refuses %s', (label, errorCode) => {
    const m = debate()
    const speakerId = label === 'a missing speaker' ? ('spk-404' as never) : m.speakerId('Mexico')
    m.refused(command('speaker:update', { speakerId, changes: { delegation: 'ATL' as never } }), errorCode)
  })
})

describe('speaker:remove', () => {
  it('deletes a speaker who is not speaking', () => {
    const m = debate()
    const id = m.speakerId('Mexico')
    m.ok(command('speaker:remove', { speakerId: id }))
    expect(m.state.speakers[id]).toBeUndefined()
  })

  it.each([
    ['speaking', 'SPEAKER_IS_SPEAKING'],
    ['missing', 'SPEAKER_NOT_FOUND']
  ] as const)('refuses a %s speaker', (label, errorCode) => {
    const m = debate()
    if (label === 'speaking') m.give('Mexico')
    m.refused(command('speaker:remove', { speakerId: label === 'missing' ? ('spk-404' as never) : m.speakerId('Mexico') }), errorCode)
  })

  it('refuses a speaker interrupted by a point of order (still speaking)', () => {
    const m = debate().give('Mexico')
    m.ok(command('point-of-order:raise', { name: 'Norway' }))
    m.refused(command('speaker:remove', { speakerId: m.speakerId('Mexico') }), 'SPEAKER_IS_SPEAKING')
  })
})

describe('withdraw, pass, restore', () => {
  // [command, status before, outcome: the new status or the refusal]
  it.each([
    ['speaker:withdraw', 'waiting', 'withdrawn'],
    ['speaker:withdraw', 'speaking', 'SPEAKER_NOT_WAITING'],
    ['speaker:withdraw', 'spoken', 'SPEAKER_NOT_WAITING'],
    ['speaker:withdraw', 'passed', 'SPEAKER_NOT_WAITING'],
    ['speaker:pass', 'waiting', 'passed'],
    ['speaker:pass', 'withdrawn', 'SPEAKER_NOT_WAITING'],
    ['speaker:pass', 'spoken', 'SPEAKER_NOT_WAITING'],
    ['speaker:restore', 'withdrawn', 'waiting'],
    ['speaker:restore', 'passed', 'waiting'],
    ['speaker:restore', 'waiting', 'INVALID_TRANSITION'],
    ['speaker:restore', 'spoken', 'INVALID_TRANSITION'],
    ['speaker:restore', 'speaking', 'INVALID_TRANSITION']
  ] as const)('%s from %s → %s', (type, from, outcome) => {
    const m = debate()
    const speaker = m.speaker('Mexico')
    m.state = { ...m.state, speakers: { ...m.state.speakers, [speaker.id]: { ...speaker, status: from as SpeakerStatus } } }
    if (outcome === outcome.toUpperCase()) m.refused(command(type, { speakerId: speaker.id }), outcome as never)
    else {
      m.ok(command(type, { speakerId: speaker.id }))
      expect(m.speaker('Mexico').status).toBe(outcome)
    }
  })

  it.each(['speaker:withdraw', 'speaker:pass', 'speaker:restore'] as const)('%s refuses a missing speaker', (type) => {
    debate().refused(command(type, { speakerId: 'spk-404' as never }), 'SPEAKER_NOT_FOUND')
  })
})
