// One rule for the codes a list entry names, whichever way the entry comes in: a group's members must be
// among the meeting's delegations as much as the speaker's own delegation.
import { describe, expect, it } from 'vitest'
import { unknownDelegationCode, type DelegationCode, type RequestId } from '../../../shared/domain/index.ts'
import { meetingDescriptionSchema } from '../../../shared/protocol/schemas.ts'
import { command, delegationActor, DELEGATIONS, meetingWith, standardSegments } from './builders.ts'

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
})

describe('every way onto the list refuses a group member who is not in the meeting', () => {
  const debate = () => meetingWith({ segments: standardSegments([], ['Norway'], []) })

  it('the meeting description (POST /api/meetings)', () => {
    const description = (members: string[]) => ({
      title: 'Open debate', scheduledStart: '2021-11-16T10:00', delegations: DELEGATIONS,
      segments: [{ name: 'Speakers', speakers: [{ name: 'Finland', delegation: 'FIN', onBehalfOf: nordic(members) }] }]
    })
    expect(meetingDescriptionSchema.safeParse(description(['NOR', 'FIN'])).success).toBe(true)
    const refused = meetingDescriptionSchema.safeParse(description(['NOR', 'ISL']))
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]?.message).toContain('ISL')
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
