// One rule for the codes a list entry names, whichever way the entry comes in: the speaker's own delegation
// must be among the meeting's delegations; a group's members may also be any code the UN roster knows
// (South Africa speaks for the ten elected members, who need no link), never an unknown one.
import { describe, expect, it } from 'vitest'
import { applyCommand, unknownDelegationCode, type Command, type DelegationCode, type RequestId } from '../../../shared/domain/index.ts'
import { isRosterCode } from '../../../shared/roster/codes.ts'
import { meetingDescriptionSchema } from '../../../shared/protocol/schemas.ts'
import { CHAIR, command, delegationActor, DELEGATIONS, meetingWith, standardSegments, T0, type TestMeeting } from './builders.ts'

const nordic = (members: string[]) => ({ group: 'Nordic countries', members: members as DelegationCode[] })

describe('unknownDelegationCode', () => {
  it.each([
    ['no codes at all', {}, null],
    ['a known delegation and known members', { delegation: 'FIN', onBehalfOf: nordic(['NOR', 'FIN']) }, null],
    ['an unknown delegation', { delegation: 'ATL' }, 'ATL'],
    ['an unknown member', { delegation: 'FIN', onBehalfOf: nordic(['NOR', 'ISL']) }, 'ISL'],
    ['an unknown member of a group without a speaking delegation', { delegation: null, onBehalfOf: nordic(['DNK']) }, 'DNK']
  ])('%s', (_label, fields, expected) => {
    expect(unknownDelegationCode(DELEGATIONS, fields)).toBe(expected)
  })

  it.each([
    ['members on the roster but not in the meeting', { delegation: 'FIN', onBehalfOf: nordic(['DNK', 'ISL', 'SWE']) }, null],
    ['a member the roster does not know either', { delegation: 'FIN', onBehalfOf: nordic(['DNK', 'ATL']) }, 'ATL'],
    ['a speaking delegation on the roster but not in the meeting', { delegation: 'ZAF', onBehalfOf: nordic(['NOR']) }, 'ZAF']
  ])('with the roster: %s', (_label, fields, expected) => {
    expect(unknownDelegationCode(DELEGATIONS, fields, isRosterCode)).toBe(expected)
  })
})

describe('with the roster in the context, as the server gives it', () => {
  const E10 = ['IND', 'IRL', 'KEN', 'MEX', 'NER', 'NOR', 'VCT', 'EST', 'TUN', 'VNM'] as DelegationCode[]
  const elected = (members: string[]) => ({ group: 'elected members', members: members as DelegationCode[] })
  const run = (m: TestMeeting, cmd: Command, actor = CHAIR) =>
    applyCommand(m.state, cmd, { actor, nowMs: T0, newId: (prefix) => `${prefix}-1`, isRosterCode })
  const codeOf = (result: ReturnType<typeof run>) => result.ok ? 'accepted' : result.error.code
  const debate = () => meetingWith({ segments: standardSegments([], ['Norway'], []) })

  it('speaker:add, speaker:update and request:create accept members who are not at the meeting', () => {
    const m = debate()
    expect(codeOf(run(m, command('speaker:add', { segmentId: m.segmentId('Speakers'), name: 'Norway', delegation: 'NOR' as DelegationCode, onBehalfOf: elected(E10) })))).toBe('accepted')
    expect(codeOf(run(m, command('speaker:update', { speakerId: m.speakerId('Norway'), changes: { onBehalfOf: nordic(['DNK', 'FIN', 'ISL', 'NOR', 'SWE']) } })))).toBe('accepted')
    expect(codeOf(run(m, command('request:create', { delegation: 'FIN' as DelegationCode, type: 'inscription', onBehalfOf: nordic(['DNK', 'ISL']) }), delegationActor('FIN')))).toBe('accepted')
  })

  it('still refuses a member no roster knows, and a speaking delegation not in the meeting', () => {
    const m = debate()
    const add = (delegation: string, members: string[]) => run(m, command('speaker:add', { segmentId: m.segmentId('Speakers'), name: 'Speaker', delegation: delegation as DelegationCode, onBehalfOf: elected(members) }))
    expect(codeOf(add('NOR', ['IND', 'ATL']))).toBe('UNKNOWN_DELEGATION')
    expect(codeOf(add('ZAF', ['NOR']))).toBe('UNKNOWN_DELEGATION')
    expect(codeOf(run(m, command('speaker:update', { speakerId: m.speakerId('Norway'), changes: { delegation: 'SWE' as DelegationCode } })))).toBe('UNKNOWN_DELEGATION')
  })
})

describe('every way onto the list refuses a group member who is not in the meeting (without the roster, the schema with it)', () => {
  const debate = () => meetingWith({ segments: standardSegments([], ['Norway'], []) })

  it('the meeting description (POST /api/meetings) takes a member by name, never checking it against the roster', () => {
    const description = {
      title: 'Open debate', scheduledStart: '2021-11-16T10:00', delegations: DELEGATIONS,
      segments: [{ name: 'Speakers', speakers: [{ name: 'Finland', delegation: 'FIN', onBehalfOf: { group: 'Friends', members: ['NOR', { name: 'Cook Islands' }] } }] }]
    }
    expect(meetingDescriptionSchema.safeParse(description).success).toBe(true)
    expect(unknownDelegationCode(DELEGATIONS, { delegation: 'FIN', onBehalfOf: { members: [{ name: 'ATL' }, 'NOR'] } })).toBe(null)
  })

  it('the meeting description (POST /api/meetings)', () => {
    const description = (members: string[]) => ({
      title: 'Open debate', scheduledStart: '2021-11-16T10:00', delegations: DELEGATIONS,
      segments: [{ name: 'Speakers', speakers: [{ name: 'Finland', delegation: 'FIN', onBehalfOf: nordic(members) }] }]
    })
    expect(meetingDescriptionSchema.safeParse(description(['NOR', 'FIN'])).success).toBe(true)
    expect(meetingDescriptionSchema.safeParse(description(['NOR', 'ISL'])).success).toBe(true)
    const refused = meetingDescriptionSchema.safeParse(description(['NOR', 'ATL']))
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]?.message).toContain('ATL')
  })

  it('speaker:add', () => {
    const m = debate()
    const add = (members: string[]) => command('speaker:add', { segmentId: m.segmentId('Speakers'), name: 'Finland', delegation: 'FIN' as DelegationCode, onBehalfOf: nordic(members) })
    m.refused(add(['NOR', 'ISL']), 'UNKNOWN_DELEGATION')
    m.ok(add(['NOR', 'FIN']))
  })

  it('speaker:update', () => {
    const m = debate()
    const norway = m.speakerId('Norway')
    m.refused(command('speaker:update', { speakerId: norway, changes: { onBehalfOf: nordic(['SWE']) } }), 'UNKNOWN_DELEGATION')
    m.ok(command('speaker:update', { speakerId: norway, changes: { onBehalfOf: nordic(['FIN']) } }))
  })

  it('request:create', () => {
    const m = debate()
    const ask = (members: string[]) => command('request:create', { delegation: 'FIN' as DelegationCode, type: 'inscription', onBehalfOf: nordic(members) })
    m.refused(ask(['NOR', 'ISL']), 'UNKNOWN_DELEGATION', delegationActor('FIN'))
    const requestId = m.ok(ask(['NOR', 'FIN']), delegationActor('FIN'))['requestId'] as RequestId
    expect(m.state.requests[requestId]?.onBehalfOf?.members).toEqual(['NOR', 'FIN'])
  })
})
