// Issue 14, item 9: a meeting keeps its own groups, which the chair defines and edits after creation and
// picks when adding a group speaker; members are codes (the meeting's or the roster's) or names typed by hand.
import { describe, expect, it } from 'vitest'
import { applyCommand, createInitialState, type CommandPayloads, type CommandType, type DelegationCode, type GroupId, type GroupMember, type MeetingId } from '../../../shared/domain/index.ts'
import { MAX_GROUPS } from '../../../shared/domain/commands/group.ts'
import { isRosterCode } from '../../../shared/roster/codes.ts'
import { commandPayloadSchemas, meetingDescriptionSchema } from '../../../shared/protocol/schemas.ts'
import { CHAIR, command, delegationActor, meetingWith, standardSegments, T0, type TestMeeting } from './builders.ts'

const members = (...list: (string | { name: string })[]) => list as GroupMember[]
/** As the server runs commands: with the roster. */
const run = <T extends CommandType>(m: TestMeeting, cmd: { type: T; payload: CommandPayloads[T] }, actor = CHAIR) => {
  const result = applyCommand(m.state, cmd, { actor, nowMs: T0, newId: (prefix) => m.newId(prefix), isRosterCode })
  if (result.ok) m.state = result.state
  return result.ok ? { ok: true as const, data: result.data } : { ok: false as const, code: result.error.code }
}
/** Adds a group that must be accepted and returns its id. */
const addGroup = (m: TestMeeting, name: string, list: GroupMember[]): GroupId => {
  const added = run(m, command('group:add', { name, members: list }))
  if (!added.ok) throw new Error(`group:add refused: ${added.code}`)
  return added.data.groupId
}

describe('the meeting\'s groups', () => {
  const debate = () => meetingWith({ segments: standardSegments([], ['Finland']) })

  it('group:add keeps a group with members by code and by name; group:update and group:remove edit it', () => {
    const m = debate()
    const groupId = addGroup(m, 'Nordic countries', members('DNK', 'FIN', 'ISL', 'NOR', 'SWE'))
    expect(m.state.groups).toEqual([{ id: groupId, name: 'Nordic countries', members: ['DNK', 'FIN', 'ISL', 'NOR', 'SWE'] }])

    expect(run(m, command('group:update', { groupId, changes: { members: members('DNK', 'FIN', 'ISL', 'NOR', 'SWE', { name: 'Åland Islands' }) } })).ok).toBe(true)
    expect(m.state.groups[0]?.members.at(-1)).toEqual({ name: 'Åland Islands' })
    expect(m.state.groups[0]?.name).toBe('Nordic countries')

    expect(run(m, command('group:remove', { groupId })).ok).toBe(true)
    expect(m.state.groups).toEqual([])
  })

  it('a speaker takes a copy of the group: editing or removing the group later leaves who spoke for whom alone', () => {
    const m = debate()
    const groupId = addGroup(m, 'Nordic countries', members('DNK', 'ISL', 'NOR', 'SWE'))
    const group = m.state.groups[0]!
    expect(run(m, command('speaker:update', { speakerId: m.speakerId('Finland'), changes: { onBehalfOf: { group: group.name, members: group.members } } })).ok).toBe(true)
    run(m, command('group:update', { groupId, changes: { name: 'Nordic States', members: members('DNK') } }))
    run(m, command('group:remove', { groupId }))
    expect(m.speaker('Finland').onBehalfOf).toEqual({ group: 'Nordic countries', members: ['DNK', 'ISL', 'NOR', 'SWE'] })
  })

  it('refuses an unknown code, an unknown group, a delegation, and more than the limit, changing nothing', () => {
    const m = debate()
    const before = m.state
    expect(run(m, command('group:add', { name: 'Made up', members: members('NOR', 'ATL') }))).toEqual({ ok: false, code: 'UNKNOWN_DELEGATION' })
    expect(run(m, command('group:update', { groupId: 'grp-none' as GroupId, changes: { name: 'x' } }))).toEqual({ ok: false, code: 'GROUP_NOT_FOUND' })
    expect(run(m, command('group:remove', { groupId: 'grp-none' as GroupId }))).toEqual({ ok: false, code: 'GROUP_NOT_FOUND' })
    expect(run(m, command('group:add', { name: 'Nordic countries', members: members('NOR') }), delegationActor('NOR'))).toEqual({ ok: false, code: 'FORBIDDEN' })
    expect(m.state).toBe(before)
    const groupId = addGroup(m, 'Nordic countries', members('NOR'))
    expect(run(m, command('group:update', { groupId, changes: { members: members('ATL') } }))).toEqual({ ok: false, code: 'UNKNOWN_DELEGATION' })
    for (let i = 1; i < MAX_GROUPS; i++) run(m, command('group:add', { name: `Group ${i}`, members: [] }))
    expect(m.state.groups).toHaveLength(MAX_GROUPS)
    expect(run(m, command('group:add', { name: 'One too many', members: [] }))).toEqual({ ok: false, code: 'LIMIT_REACHED' })
  })

  it('the payload schema takes a code or { name } as a member, nothing else', () => {
    const schema = commandPayloadSchemas['group:add']
    expect(schema.safeParse({ name: 'Friends', members: ['NOR', { name: 'Cook Islands' }] }).success).toBe(true)
    expect(schema.safeParse({ name: 'Friends', members: ['Cook Islands'] }).success).toBe(false)
    expect(schema.safeParse({ name: 'Friends', members: [{ name: '' }] }).success).toBe(false)
    expect(schema.safeParse({ name: 'Friends', members: [{ name: 'Cook Islands', code: 'XKX' }] }).success).toBe(false)
    expect(schema.safeParse({ name: 'Friends', members: Array(201).fill('NOR') }).success).toBe(false)
  })
})

describe('the meeting description\'s groups (POST /api/meetings)', () => {
  const description = (members: unknown[]) => ({
    title: 'Open debate', scheduledStart: '2021-11-16T10:00', delegations: [{ code: 'FIN', name: 'Finland' }],
    groups: [{ name: 'Nordic countries', members }]
  })

  it('become the meeting\'s groups, each with an id; a member the roster does not know is refused with its path', () => {
    const parsed = meetingDescriptionSchema.safeParse(description(['DNK', 'FIN', { name: 'Åland Islands' }]))
    expect(parsed.success).toBe(true)
    const state = createInitialState('mtg-1' as MeetingId, parsed.data!, { nowMs: T0, newId: (prefix) => `${prefix}-1` })
    expect(state.groups).toEqual([{ id: 'grp-1', name: 'Nordic countries', members: ['DNK', 'FIN', { name: 'Åland Islands' }] }])
    const refused = meetingDescriptionSchema.safeParse(description(['DNK', 'ATL']))
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]).toMatchObject({ path: ['groups', 0, 'members'], message: expect.stringContaining('ATL') })
  })
})

describe('a group member given by name, whichever way the group comes onto the list', () => {
  const named = { group: 'Group of Friends of Mediation', members: members('FIN', 'TUR', { name: 'Cook Islands' }) }

  it('the meeting description, speaker:add, speaker:update and request:create accept it; an unknown code is still refused', () => {
    const m = meetingWith({ segments: standardSegments([], ['Finland']) })
    expect(run(m, command('speaker:add', { segmentId: m.segmentId('Speakers'), name: 'Norway', delegation: 'NOR' as DelegationCode, onBehalfOf: named })).ok).toBe(true)
    expect(run(m, command('speaker:update', { speakerId: m.speakerId('Finland'), changes: { onBehalfOf: named } })).ok).toBe(true)
    expect(run(m, command('request:create', { delegation: 'KEN' as DelegationCode, type: 'inscription', onBehalfOf: named }), delegationActor('KEN')).ok).toBe(true)
    expect(m.speaker('Finland').onBehalfOf?.members).toEqual(['FIN', 'TUR', { name: 'Cook Islands' }])
    const withUnknown = { ...named, members: members({ name: 'Cook Islands' }, 'ATL') }
    expect(run(m, command('speaker:add', { segmentId: m.segmentId('Speakers'), name: 'Norway', delegation: 'NOR' as DelegationCode, onBehalfOf: withUnknown }))).toEqual({ ok: false, code: 'UNKNOWN_DELEGATION' })

    const parsed = commandPayloadSchemas['speaker:add'].safeParse({ segmentId: 'seg-1', name: 'Norway', onBehalfOf: named })
    expect(parsed.success).toBe(true)
  })
})
