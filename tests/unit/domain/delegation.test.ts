import { describe, expect, it } from 'vitest'
import { CHAIR, code, command, delegationActor, meetingWith, NOTETAKER, standardSegments } from './builders.ts'

const ITALY = { code: code('ITA'), name: 'Italy' }

describe('delegation:add', () => {
  it('adds a delegation that can then be inscribed and request at once', () => {
    const m = meetingWith({ segments: standardSegments() })
    const data = m.ok(command('delegation:add', ITALY))
    expect(data).toEqual({ delegation: ITALY })
    expect(m.state.delegations.at(-1)).toEqual(ITALY)
    m.ok(command('request:create', { delegation: code('ITA'), type: 'inscription' }), delegationActor('ITA'))
    m.ok(command('speaker:add', { name: 'Italy', delegation: code('ITA'), segmentId: m.segmentId('Speakers') }))
    m.ok(command('point-of-order:raise', { name: 'Italy', delegation: code('ITA') }))
  })

  it('refuses a code the meeting already has, and leaves the rest untouched', () => {
    const m = meetingWith()
    m.refused(command('delegation:add', { code: code('MEX'), name: 'Mexico again' }), 'DELEGATION_CODE_TAKEN')
    const before = m.state
    m.ok(command('delegation:add', ITALY))
    expect(m.state.speakers).toBe(before.speakers)
    expect(m.state.meeting).toBe(before.meeting)
  })

  it('is for the chair only', () => {
    const m = meetingWith()
    m.refused(command('delegation:add', ITALY), 'FORBIDDEN', delegationActor('MEX'))
    m.refused(command('delegation:add', ITALY), 'FORBIDDEN', NOTETAKER)
    m.refused(command('delegation:remove', { code: code('IND') }), 'FORBIDDEN', delegationActor('IND'))
  })

  it('is refused on an adjourned meeting', () => {
    meetingWith({ status: 'adjourned' }).refused(command('delegation:add', ITALY), 'MEETING_ADJOURNED')
  })
})

describe('delegation:remove', () => {
  it('removes a delegation nothing names', () => {
    const m = meetingWith()
    m.ok(command('delegation:remove', { code: code('IND') }))
    expect(m.state.delegations.map((d) => d.code)).not.toContain('IND')
    m.refused(command('request:create', { delegation: code('IND'), type: 'inscription' }), 'UNKNOWN_DELEGATION', CHAIR)
  })

  it('refuses an unknown code', () => {
    meetingWith().refused(command('delegation:remove', { code: code('ITA') }), 'UNKNOWN_DELEGATION')
  })

  it('refuses a delegation that spoke, or is speaking', () => {
    const m = meetingWith({ segments: standardSegments([], ['Mexico', 'Norway']) }).give('Mexico')
    m.refused(command('delegation:remove', { code: code('MEX') }), 'DELEGATION_IN_USE')
    m.ok(command('floor:end', {}))
    m.ok(command('speaker:remove', { speakerId: m.speakerId('Mexico') }))
    // The statement on record still names it.
    m.refused(command('delegation:remove', { code: code('MEX') }), 'DELEGATION_IN_USE')
  })

  it('refuses while the delegation has an entry on the list or a pending or accepted request', () => {
    const m = meetingWith({ segments: standardSegments([], ['Norway']) })
    m.refused(command('delegation:remove', { code: code('NOR') }), 'DELEGATION_IN_USE')
    m.ok(command('speaker:remove', { speakerId: m.speakerId('Norway') }))
    const { requestId } = m.ok(command('request:create', { delegation: code('NOR'), type: 'inscription' })) as { requestId: never }
    m.refused(command('delegation:remove', { code: code('NOR') }), 'DELEGATION_IN_USE')
    m.ok(command('request:decline', { requestId }))
    // A declined request is no trace: nothing came of it.
    m.ok(command('delegation:remove', { code: code('NOR') }))
  })

  it('refuses a delegation named in a group statement or holding the presidency', () => {
    const m = meetingWith({ segments: standardSegments() })
    m.ok(command('speaker:add', {
      name: 'Finland', delegation: code('FIN'), kind: 'non-member', segmentId: m.segmentId('Speakers'),
      onBehalfOf: { group: 'Nordic countries', members: [code('FIN'), code('NOR')] }
    }))
    m.refused(command('delegation:remove', { code: code('NOR') }), 'DELEGATION_IN_USE')
    m.ok(command('meeting:update', { changes: { presidency: code('KEN') } }))
    m.refused(command('delegation:remove', { code: code('KEN') }), 'DELEGATION_IN_USE')
  })
})
