import { describe, expect, it } from 'vitest'
import { COMMAND_TYPES, type Command, type MeetingStatus } from '../../../shared/domain/index.ts'
import { command, meetingWith, standardSegments } from './builders.ts'

describe('meeting transitions', () => {
  // [from, command, resulting status or the refusal]
  it.each([
    ['scheduled', 'meeting:open', 'open'],
    ['scheduled', 'meeting:suspend', 'INVALID_TRANSITION'],
    ['scheduled', 'meeting:resume', 'INVALID_TRANSITION'],
    ['scheduled', 'meeting:adjourn', 'INVALID_TRANSITION'],
    ['open', 'meeting:open', 'INVALID_TRANSITION'],
    ['open', 'meeting:suspend', 'suspended'],
    ['open', 'meeting:resume', 'INVALID_TRANSITION'],
    ['open', 'meeting:adjourn', 'adjourned'],
    ['suspended', 'meeting:open', 'INVALID_TRANSITION'],
    ['suspended', 'meeting:suspend', 'INVALID_TRANSITION'],
    ['suspended', 'meeting:resume', 'open'],
    ['suspended', 'meeting:adjourn', 'adjourned'],
    ['adjourned', 'meeting:open', 'MEETING_ADJOURNED'],
    ['adjourned', 'meeting:suspend', 'MEETING_ADJOURNED'],
    ['adjourned', 'meeting:resume', 'MEETING_ADJOURNED'],
    ['adjourned', 'meeting:adjourn', 'MEETING_ADJOURNED']
  ] as const)('%s + %s → %s', (from, type, outcome) => {
    const m = meetingWith({ status: from as MeetingStatus })
    if (outcome === outcome.toUpperCase()) {
      m.refused(command(type, {}), outcome as never)
    } else {
      const before = m.state
      m.ok(command(type, {}))
      expect(m.state.meeting.status).toBe(outcome)
      expect(m.state.speakers).toBe(before.speakers)
    }
  })

  // Suspending under a speaker pauses the statement (tests/unit/domain/suspension.test.ts).
  it('adjourning refuses while someone has the floor', () => {
    const m = meetingWith({ segments: standardSegments([], ['Mexico']) }).give('Mexico')
    m.refused(command('meeting:adjourn', {}), 'FLOOR_OCCUPIED')
  })

  it('refuses every command on an adjourned meeting', () => {
    const m = meetingWith({ status: 'adjourned' })
    for (const type of COMMAND_TYPES) {
      m.refused({ type, payload: {} } as unknown as Command, 'MEETING_ADJOURNED')
    }
  })
})

describe('status gates', () => {
  it.each(['scheduled', 'suspended'] as const)('calling speakers needs an open meeting, not a %s one', (status) => {
    const m = meetingWith({ status, segments: standardSegments([], ['Mexico']) })
    const mexico = m.speakerId('Mexico')
    m.refused(command('floor:next', { expectedSpeakerId: mexico }), 'MEETING_NOT_OPEN')
    m.refused(command('floor:give', { speakerId: mexico }), 'MEETING_NOT_OPEN')
    m.refused(command('point-of-order:raise', { name: 'Kenya' }), 'MEETING_NOT_OPEN')
  })

  it.each(['scheduled', 'open', 'suspended'] as const)('the list can be edited while %s', (status) => {
    const m = meetingWith({ status, segments: standardSegments([], ['Mexico']) })
    m.ok(command('speaker:add', { name: 'Kenya', segmentId: m.segmentId('Speakers') }))
    m.ok(command('list:close', {}))
    m.ok(command('request:create', { delegation: 'IND' as never, type: 'right-of-reply' }))
  })
})

describe('list:close / list:reopen', () => {
  it('toggles and refuses the same state twice', () => {
    const m = meetingWith()
    m.ok(command('list:close', {}))
    expect(m.state.meeting.listClosed).toBe(true)
    m.refused(command('list:close', {}), 'INVALID_TRANSITION')
    m.ok(command('list:reopen', {}))
    expect(m.state.meeting.listClosed).toBe(false)
    m.refused(command('list:reopen', {}), 'INVALID_TRANSITION')
  })
})
