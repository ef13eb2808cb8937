import { describe, expect, it } from 'vitest'
import {
  nextWaitingSpeaker,
  orderKeyForPlacement,
  segmentsInOrder,
  speakersInOrder,
  speakersOfSegment,
  waitingQueue,
  type SpeakerId
} from '../../../shared/domain/index.ts'
import { command, meetingWith, standardSegments, type TestMeeting } from './builders.ts'

const names = (m: TestMeeting, segment: string) => speakersOfSegment(m.state, m.segmentId(segment)).map((s) => s.name)

function listed () {
  return meetingWith({ segments: standardSegments(['Secretary-General'], ['Mexico', 'Norway', 'Finland', 'Kenya'], ['India']) })
}

describe('ordering', () => {
  it('orders segments by key and the whole list segment by segment', () => {
    const m = listed()
    expect(segmentsInOrder(m.state).map((s) => s.name)).toEqual(['Briefers', 'Speakers', 'Rights of reply'])
    expect(speakersInOrder(m.state).map((s) => s.name)).toEqual([
      'Secretary-General', 'Mexico', 'Norway', 'Finland', 'Kenya', 'India'
    ])
  })

  it('compares keys by code unit, not locale (upper case sorts before lower case)', () => {
    const m = listed()
    const speakers = { ...m.state.speakers }
    const [a, b] = speakersOfSegment(m.state, m.segmentId('Speakers'))
    if (!a || !b) throw new Error('fixture')
    speakers[a.id] = { ...a, orderKey: 'a1' }
    speakers[b.id] = { ...b, orderKey: 'Zz' }
    m.state = { ...m.state, speakers }
    expect(names(m, 'Speakers').slice(0, 2)).toEqual(['Norway', 'Mexico'])
  })

  it('the waiting queue skips those who spoke, withdrew or passed', () => {
    const m = listed()
    m.give('Secretary-General')
    m.ok(command('speaker:withdraw', { speakerId: m.speakerId('Norway') }))
    m.ok(command('speaker:pass', { speakerId: m.speakerId('Finland') }))
    expect(waitingQueue(m.state).map((s) => s.name)).toEqual(['Mexico', 'Kenya', 'India'])
    expect(nextWaitingSpeaker(m.state)?.name).toBe('Mexico')
  })

  it('has no next speaker when nobody waits', () => {
    expect(nextWaitingSpeaker(meetingWith({ segments: standardSegments() }).state)).toBeNull()
  })
})

describe('placement keys', () => {
  it.each([
    ['first (afterId null)', null, ['NEW', 'Mexico', 'Norway', 'Finland', 'Kenya']],
    ['at the end (afterId omitted)', undefined, ['Mexico', 'Norway', 'Finland', 'Kenya', 'NEW']],
    ['after Norway', 'Norway', ['Mexico', 'Norway', 'NEW', 'Finland', 'Kenya']],
    ['after the last', 'Kenya', ['Mexico', 'Norway', 'Finland', 'Kenya', 'NEW']]
  ])('adds a speaker %s', (_label, after, expected) => {
    const m = listed()
    const afterId = after === undefined || after === null ? after : m.speakerId(after)
    m.ok(command('speaker:add', { name: 'NEW', segmentId: m.segmentId('Speakers'), ...(afterId === undefined ? {} : { afterId }) }))
    expect(names(m, 'Speakers')).toEqual(expected)
  })

  it('refuses a speaker of another segment as the anchor', () => {
    const m = listed()
    expect(orderKeyForPlacement(m.state, m.segmentId('Speakers'), m.speakerId('India'))).toBeNull()
  })

  it('places first in an empty segment', () => {
    const m = meetingWith({ segments: standardSegments() })
    expect(orderKeyForPlacement(m.state, m.segmentId('Speakers'), null)).toEqual(expect.any(String))
  })
})

describe('speaker:move', () => {
  it.each([
    ['to the top', 'Kenya', 'Speakers', null, { Speakers: ['Kenya', 'Mexico', 'Norway', 'Finland'] }],
    ['between two', 'Mexico', 'Speakers', 'Finland', { Speakers: ['Norway', 'Finland', 'Mexico', 'Kenya'] }],
    ['down by one', 'Mexico', 'Speakers', 'Norway', { Speakers: ['Norway', 'Mexico', 'Finland', 'Kenya'] }],
    ['to the end', 'Norway', 'Speakers', 'Kenya', { Speakers: ['Mexico', 'Finland', 'Kenya', 'Norway'] }],
    [
      'to another segment',
      'Norway',
      'Rights of reply',
      'India',
      { Speakers: ['Mexico', 'Finland', 'Kenya'], 'Rights of reply': ['India', 'Norway'] }
    ],
    ['to the top of another segment', 'India', 'Speakers', null, { Speakers: ['India', 'Mexico', 'Norway', 'Finland', 'Kenya'] }]
  ] as const)('moves %s', (_label, who, segment, after, expected) => {
    const m = listed()
    const before = m.state
    const moving = m.speaker(who)
    m.ok(command('speaker:move', { speakerId: moving.id, segmentId: m.segmentId(segment), afterId: after === null ? null : m.speakerId(after) }))
    for (const [seg, order] of Object.entries(expected)) expect(names(m, seg)).toEqual(order)
    // Only the moved speaker changes, and only its key and segment.
    for (const speaker of Object.values(before.speakers)) {
      if (speaker.id === moving.id) continue
      expect(m.state.speakers[speaker.id]).toBe(speaker)
    }
    const moved = m.state.speakers[moving.id]
    expect({ ...moved, orderKey: '', segmentId: '' }).toEqual({ ...moving, orderKey: '', segmentId: '' })
    expect(m.state.segments).toBe(before.segments)
    expect(m.state.statements).toBe(before.statements)
  })

  it.each([
    ['after itself', 'Mexico', 'Speakers', 'Mexico', 'INVALID_POSITION'],
    ['after a speaker of another segment', 'Mexico', 'Speakers', 'India', 'INVALID_POSITION'],
    ['into a segment that does not exist', 'Mexico', 'nope', null, 'SEGMENT_NOT_FOUND']
  ] as const)('refuses a move %s', (_label, who, segment, after, errorCode) => {
    const m = listed()
    const segmentId = segment === 'nope' ? m.segmentId('Speakers').replace('seg', 'zzz') : m.segmentId(segment)
    m.refused(
      command('speaker:move', { speakerId: m.speakerId(who), segmentId: segmentId as never, afterId: after === null ? null : m.speakerId(after) }),
      errorCode
    )
  })

  it('keeps a strict order over many random moves (seeded)', () => {
    const seed = 20211116
    let random = seed
    const next = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648
    const m = listed()
    const segmentId = m.segmentId('Speakers')
    const model = names(m, 'Speakers')
    for (let step = 0; step < 300; step++) {
      const who = model[Math.floor(next() * model.length)] ?? 'Mexico'
      const rest = model.filter((name) => name !== who)
      const slot = Math.floor(next() * (rest.length + 1)) // 0 = top, else after rest[slot - 1]
      const after = slot === 0 ? null : (rest[slot - 1] ?? null)
      m.ok(command('speaker:move', { speakerId: m.speakerId(who), segmentId, afterId: after === null ? null : m.speakerId(after) }))
      rest.splice(slot, 0, who)
      model.splice(0, model.length, ...rest)
      const keys = speakersOfSegment(m.state, segmentId).map((s) => s.orderKey)
      expect(new Set(keys).size, `seed ${seed}, step ${step}`).toBe(keys.length)
      expect(names(m, 'Speakers'), `seed ${seed}, step ${step}`).toEqual(model)
    }
  })

  it('a speaker placed after an anchor with a duplicate key still sorts after the anchor', () => {
    const m = listed()
    const [mexico, norway] = speakersOfSegment(m.state, m.segmentId('Speakers'))
    if (!mexico || !norway) throw new Error('fixture')
    // Two chairs inserting concurrently can leave equal keys; order then falls back to the id.
    m.state = { ...m.state, speakers: { ...m.state.speakers, [norway.id]: { ...norway, orderKey: mexico.orderKey } } }
    const data = m.ok(command('speaker:add', { name: 'NEW', segmentId: m.segmentId('Speakers'), afterId: mexico.id }))
    const order = names(m, 'Speakers')
    expect(order.indexOf('NEW')).toBeGreaterThan(order.indexOf('Mexico'))
    expect(data['speakerId'] as SpeakerId).toBe(m.speakerId('NEW'))
  })
})
