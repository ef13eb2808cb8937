import { describe, expect, it } from 'vitest'
import { drawOrder, seedFrom } from '../../../shared/domain/draw.ts'
import { speakersOfSegment } from '../../../shared/domain/order.ts'
import type { DelegationCode, OrderingRule, SegmentDescription } from '../../../shared/domain/index.ts'
import { applyCommand, createInitialState, type MeetingId, type SegmentId } from '../../../shared/domain/index.ts'
import { CHAIR, command, T0, delegationActor, MINUTE, meetingWith, type TestMeeting } from './builders.ts'

const MEMBERS_2021 = ['CHN', 'EST', 'FRA', 'IND', 'IRL', 'KEN', 'MEX', 'NER', 'NOR', 'RUS', 'VCT', 'TUN', 'GBR', 'USA', 'VNM']

describe('the draw', () => {
  const members = MEMBERS_2021.map((code) => ({ delegation: code as DelegationCode, name: code }))

  it.each([
    // Known answers: if these change, recorded draws no longer re-run. Never update them.
    ['2021abcd', ['NER', 'VNM', 'GBR', 'IRL', 'VCT', 'USA', 'KEN', 'MEX', 'CHN', 'EST', 'IND', 'NOR', 'FRA', 'TUN', 'RUS']],
    ['00000001', ['GBR', 'IND', 'VCT', 'EST', 'USA', 'MEX', 'VNM', 'NER', 'IRL', 'FRA', 'RUS', 'TUN', 'KEN', 'CHN', 'NOR']]
  ])('seed %s always gives the same order', (seed, order) => {
    expect(drawOrder(members, seed).map((s) => s.delegation)).toEqual(order)
    expect(drawOrder([...members].reverse(), seed).map((s) => s.delegation)).toEqual(order)
  })

  it('derives an 8-hex-digit seed from any text', () => {
    expect(seedFrom('draw_abc')).toMatch(/^[0-9a-f]{8}$/)
    expect(seedFrom('draw_abc')).toBe(seedFrom('draw_abc'))
    expect(seedFrom('draw_abc')).not.toBe(seedFrom('draw_abd'))
  })
})

function segmentOf (rule: OrderingRule, speakers: { name: string; delegation: string; protocolRank?: number }[]): SegmentDescription {
  return { name: 'Members', orderingRule: rule, defaultLimitMs: 5 * MINUTE, speakers: speakers.map((s) => ({ ...s, delegation: s.delegation as DelegationCode })) }
}

const names = (m: TestMeeting) => speakersOfSegment(m.state, m.segmentId('Members')).map((s) => s.name)

describe('ordering a segment by its rule', () => {
  it('orders by inscription: first added, first heard', () => {
    const m = meetingWith({ segments: [segmentOf('inscription', [])] })
    for (const name of ['Kenya', 'Mexico', 'India']) {
      m.ok(command('speaker:add', { segmentId: m.segmentId('Members'), name, afterId: null }))
      m.advance(MINUTE)
    }
    expect(names(m)).toEqual(['India', 'Mexico', 'Kenya'])
    m.ok(command('segment:order', { segmentId: m.segmentId('Members') }))
    expect(names(m)).toEqual(['Kenya', 'Mexico', 'India'])
    expect(m.state.segments[m.segmentId('Members')]?.drawSeed).toBeNull()
  })

  it('puts protocol rank first, then inscription', () => {
    const m = meetingWith({ segments: [segmentOf('protocol-then-inscription', [
      { name: 'Mexico', delegation: 'MEX', protocolRank: 3 }, { name: 'Norway', delegation: 'NOR', protocolRank: 2 },
      { name: 'Kenya', delegation: 'KEN' }, { name: 'India', delegation: 'IND', protocolRank: 2 }
    ])] })
    m.ok(command('segment:order', { segmentId: m.segmentId('Members') }))
    expect(names(m)).toEqual(['Norway', 'India', 'Mexico', 'Kenya'])
  })

  it('draws with a recorded seed that re-runs the same order, ranks first where the rule says so', () => {
    const speakers = MEMBERS_2021.map((code) => ({ name: code, delegation: code, protocolRank: code === 'MEX' || code === 'KEN' ? 1 : 2 }))
    const m = meetingWith({ segments: [segmentOf('protocol-then-draw', speakers)] })
    const data = m.ok(command('segment:order', { segmentId: m.segmentId('Members') }))
    const seed = m.state.segments[m.segmentId('Members')]!.drawSeed!
    expect(data).toEqual({ seed })
    expect(seed).toMatch(/^[0-9a-f]{8}$/)
    const drawn = names(m)
    expect(drawn.slice(0, 2).sort()).toEqual(['KEN', 'MEX'])

    const again = meetingWith({ segments: [segmentOf('protocol-then-draw', speakers)] })
    again.ok(command('segment:order', { segmentId: again.segmentId('Members'), seed }))
    expect(names(again)).toEqual(drawn)
  })

  it.each(['draw', 'protocol-then-draw'] as const)('%s: the presidency speaks last among the members, whatever the lot or its rank', (rule) => {
    // Mexico presided in November 2021; in the lot of seed 2021abcd it came eighth, and it has the best rank.
    const speakers = MEMBERS_2021.map((code) => ({ name: code, delegation: code, ...(code === 'MEX' ? { protocolRank: 1 } : {}) }))
    const m = meetingWith({ segments: [segmentOf(rule, speakers)] })
    m.ok(command('meeting:update', { changes: { presidency: 'MEX' as DelegationCode } }))
    m.ok(command('segment:order', { segmentId: m.segmentId('Members'), seed: '2021abcd' }))
    const order = names(m)
    expect(order.at(-1)).toBe('MEX')
    // The others keep their places in the lot: a recorded seed still re-runs.
    const lot = drawOrder(MEMBERS_2021.map((code) => ({ delegation: code as DelegationCode, name: code })), '2021abcd').map((s) => s.name)
    expect(order.slice(0, -1)).toEqual(lot.filter((name) => name !== 'MEX'))
  })

  it('with no presidency recorded, the lot alone decides', () => {
    const m = meetingWith({ segments: [segmentOf('draw', MEMBERS_2021.map((code) => ({ name: code, delegation: code })))] })
    m.ok(command('segment:order', { segmentId: m.segmentId('Members'), seed: '2021abcd' }))
    expect(names(m)).toEqual(drawOrder(MEMBERS_2021.map((code) => ({ delegation: code as DelegationCode, name: code })), '2021abcd').map((s) => s.name))
  })

  it('moves only waiting speakers, after those already called', () => {
    const m = meetingWith({ segments: [segmentOf('draw', MEMBERS_2021.map((code) => ({ name: code, delegation: code })))] })
    m.give('CHN').advance(MINUTE).give('EST')
    m.ok(command('segment:order', { segmentId: m.segmentId('Members'), seed: '2021abcd' }))
    const order = names(m)
    expect(order.slice(0, 2)).toEqual(['CHN', 'EST'])
    const remaining = MEMBERS_2021.filter((code) => code !== 'CHN' && code !== 'EST').map((code) => ({ delegation: code as DelegationCode, name: code }))
    expect(order.slice(2)).toEqual(drawOrder(remaining, '2021abcd').map((s) => s.name))
  })

  it('is the chair\'s: refused for an unknown segment and for a delegation', () => {
    const m = meetingWith({ segments: [segmentOf('draw', [{ name: 'Kenya', delegation: 'KEN' }])] })
    m.refused(command('segment:order', { segmentId: 'seg-none' as never }), 'SEGMENT_NOT_FOUND')
    m.refused(command('segment:order', { segmentId: m.segmentId('Members') }), 'FORBIDDEN', delegationActor('KEN'))
  })

  it('lets the chair override the order with a reason', () => {
    const m = meetingWith({ segments: [segmentOf('inscription', [{ name: 'Kenya', delegation: 'KEN' }, { name: 'Mexico', delegation: 'MEX' }])] })
    m.ok(command('speaker:move', { speakerId: m.speakerId('Mexico'), segmentId: m.segmentId('Members'), afterId: null, reason: 'Minister present, leaves at 11:00' }))
    expect(names(m)).toEqual(['Mexico', 'Kenya'])
  })
})

describe('speakers inscribed together', () => {
  // One meeting description inscribes them all at one instant, with random ids: the ids must not decide.
  const listed = Array.from({ length: 22 }, (_, index) => ({ name: `Speaker ${index + 1}`, delegation: 'MEX' as DelegationCode }))
  const seededIds = (seed: number) => {
    let next = seed
    return (prefix: string) => {
      next = (next * 1103515245 + 12345) % 2 ** 31
      return `${prefix}_${next.toString(36)}`
    }
  }

  it.each(['inscription', 'protocol-then-inscription'] as const)('keep their listed order under %s, whatever their ids', (rule) => {
    for (const seed of [1, 7, 42, 2021, 8906]) {
      const ctx = { actor: CHAIR, nowMs: T0, newId: seededIds(seed) }
      const state = createInitialState('mtg-1' as MeetingId, {
        title: 'Open debate', scheduledStart: '2021-11-16T10:00', delegations: [{ code: 'MEX', name: 'Mexico' }],
        segments: [{ name: 'Members', orderingRule: rule, speakers: listed }]
      }, ctx)
      const segmentId = Object.keys(state.segments)[0] as SegmentId
      const result = applyCommand({ ...state, meeting: { ...state.meeting, status: 'open' } }, command('segment:order', { segmentId }), ctx)
      if (!result.ok) throw new Error(result.error.message)
      expect(speakersOfSegment(result.state, segmentId).map((s) => s.name), `seed ${seed}`).toEqual(listed.map((s) => s.name))
    }
  })
})
