import { describe, expect, it } from 'vitest'
import { createInitialState } from '../../../shared/domain/create-meeting.ts'
import { speakersOfSegment } from '../../../shared/domain/order.ts'
import { fromStoredSpeaker } from '../../../shared/domain/standing.ts'
import type { MeetingId, SegmentDescription, Speaker, SpeakerDescription } from '../../../shared/domain/index.ts'
import { command, DELEGATIONS, MINUTE, meetingWith, T0, type TestMeeting } from './builders.ts'

const MINISTER = { person: 'Mr. Teodor Meleşcanu', title: 'Minister for Foreign Affairs' }

const members = (speakers: SpeakerDescription[], orderingRule: SegmentDescription['orderingRule'] = 'protocol-then-draw'): SegmentDescription[] =>
  [{ name: 'Members', orderingRule, defaultLimitMs: 5 * MINUTE, speakers }]

const council = (speakers: SpeakerDescription[]) => meetingWith({ segments: members(speakers) })
const order = (m: TestMeeting) => speakersOfSegment(m.state, m.segmentId('Members')).map((s) => s.name)
const onFloor = (m: TestMeeting) => m.state.statements[m.state.floor.statementId!]!

describe('who speaks, in what capacity', () => {
  it.each([
    ['person and title', MINISTER, MINISTER],
    ['a title alone', { title: 'Executive Director of Security Council Report' }, { title: 'Executive Director of Security Council Report' }],
    ['the President in national capacity', { nationalCapacity: true }, { nationalCapacity: true }]
  ])('the statement copies %s from the speaker', (_case, fields, expected) => {
    const m = council([{ name: 'Kenya', delegation: 'KEN', ...fields }])
    expect(m.speaker('Kenya')).toMatchObject(expected)
    m.give('Kenya')
    expect(onFloor(m)).toMatchObject(expected)
  })

  it('a statement without a capacity carries none of the fields (old records read the same)', () => {
    const m = council([{ name: 'Kenya', delegation: 'KEN' }]).give('Kenya')
    expect(Object.keys(onFloor(m))).not.toContain('person')
    expect(Object.keys(onFloor(m))).not.toContain('nationalCapacity')
  })

  it.each([
    ['a person named while speaking', {}, { person: 'Mr. Martin Kimani' }, { person: 'Mr. Martin Kimani' }],
    ['a title corrected while speaking', MINISTER, { title: 'Permanent Representative' }, { ...MINISTER, title: 'Permanent Representative' }],
    ['national capacity flagged while speaking', {}, { nationalCapacity: true }, { nationalCapacity: true }]
  ])('speaker:update keeps the speaking statement in step: %s', (_case, initial, changes, expected) => {
    const m = council([{ name: 'Kenya', delegation: 'KEN', ...initial }]).give('Kenya')
    m.ok(command('speaker:update', { speakerId: m.speakerId('Kenya'), changes }))
    expect(onFloor(m)).toMatchObject(expected)
  })

  it('a cleared title leaves the statement too', () => {
    const m = council([{ name: 'Kenya', delegation: 'KEN', ...MINISTER }]).give('Kenya')
    m.ok(command('speaker:update', { speakerId: m.speakerId('Kenya'), changes: { title: null, nationalCapacity: false } }))
    expect(onFloor(m)).toMatchObject({ person: MINISTER.person })
    expect(onFloor(m).title ?? null).toBeNull()
  })

  it('speaker:add takes person, title and national capacity', () => {
    const m = council([])
    const data = m.ok(command('speaker:add', { segmentId: m.segmentId('Members'), name: 'Mexico', delegation: 'MEX' as never, ...MINISTER, nationalCapacity: true }))
    expect(m.state.speakers[data['speakerId'] as string]).toMatchObject({ ...MINISTER, nationalCapacity: true })
  })
})

describe('the President in national capacity', () => {
  const four = (flagged: string): SpeakerDescription[] => ['Mexico', 'Norway', 'Kenya', 'India'].map((name) => ({
    name, delegation: DELEGATIONS.find((d) => d.name === name)!.code, ...(name === flagged ? { nationalCapacity: true } : {})
  }))

  it.each(['00000001', '2021abcd', 'ffffffff', '12345678'])('is placed last among the members whatever the draw (seed %s)', (seed) => {
    const m = council(four('Kenya'))
    m.ok(command('segment:order', { segmentId: m.segmentId('Members'), seed }))
    expect(order(m).at(-1)).toBe('Kenya')
  })

  it('stays last under protocol ranks too (a minister ranks first elsewhere, not before the President)', () => {
    const m = council(four('Kenya').map((s) => s.name === 'Kenya' || s.name === 'India' ? { ...s, protocolRank: 2 } : s))
    m.ok(command('segment:order', { segmentId: m.segmentId('Members'), seed: '00000001' }))
    expect(order(m)[0]).toBe('India')
    expect(order(m).at(-1)).toBe('Kenya')
  })

  it("is flagged automatically on the presidency's own member entry when the meeting is created", () => {
    const description = { title: 'Open debate', scheduledStart: '2021-11-16T10:00', delegations: DELEGATIONS, presidency: 'MEX', segments: members(four('')) }
    let n = 0
    const state = createInitialState('mtg-1' as MeetingId, description, { nowMs: T0, newId: (prefix) => `${prefix}-${++n}` })
    const flagged = Object.values(state.speakers).filter((s) => s.nationalCapacity === true).map((s) => s.delegation)
    expect(flagged).toEqual(['MEX'])
  })
})

describe('standing and a group statement are independent', () => {
  const E10 = { group: 'the elected members of the Council', members: ['KEN', 'IND', 'NOR', 'MEX'] as never[] }

  it('a member speaking for a group keeps member standing and its place among the members', () => {
    const m = council([{ name: 'Mexico', delegation: 'MEX' }, { name: 'Kenya', delegation: 'KEN', onBehalfOf: E10 }, { name: 'India', delegation: 'IND' }])
    expect(m.speaker('Kenya')).toMatchObject({ kind: 'member', onBehalfOf: E10, segmentId: m.segmentId('Members') })
    m.ok(command('speaker:update', { speakerId: m.speakerId('India'), changes: { onBehalfOf: E10 } }))
    expect(m.speaker('India')).toMatchObject({ kind: 'member', onBehalfOf: E10 })
    expect(order(m)).toEqual(['Mexico', 'Kenya', 'India'])
  })

  it("a stored speaker of the old standing 'group' reads as a non-member speaking on behalf of its group", () => {
    const stored = { id: 'spk-1', name: 'Finland', delegation: 'FIN', kind: 'group', onBehalfOf: { group: 'Nordic countries', members: ['DNK', 'FIN'] } }
    expect(fromStoredSpeaker(stored as unknown as Speaker)).toMatchObject({ kind: 'non-member', onBehalfOf: stored.onBehalfOf, name: 'Finland' })
    const member = { ...stored, kind: 'member' } as unknown as Speaker
    expect(fromStoredSpeaker(member)).toBe(member)
  })
})
