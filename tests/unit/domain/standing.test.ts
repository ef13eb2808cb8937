// An accepted request puts the delegation on the list in the standing it has — a Council member's right
// of reply is a member's, the Holy See and the European Union speak as observers — and a right of reply
// stays one.
import { describe, expect, it } from 'vitest'
import {
  applyCommand,
  createInitialState,
  standingOf,
  type Command,
  type CommandContext,
  type ControlState,
  type DelegationCode,
  type MeetingId,
  type RequestType,
  type Speaker
} from '../../../shared/domain/index.ts'
import { isRosterObserver } from '../../../shared/roster/observers.ts'
import { CHAIR, code, command, delegationActor, MINUTE, T0 } from './builders.ts'

function debate (): { state: ControlState; ctx: (actor?: CommandContext['actor']) => CommandContext } {
  let next = 0
  const newId = (prefix: string) => `${prefix}-${++next}`
  const state = createInitialState('mtg-1' as MeetingId, {
    title: 'Preventive diplomacy',
    scheduledStart: '2021-11-16T10:00',
    presidency: 'MEX',
    delegations: ['MEX', 'NOR', 'KEN', 'FIN', 'DNK', 'VAT', 'EU', 'PSE'].map((c) => ({ code: c, name: c })),
    segments: [
      { name: 'Council members', orderingRule: 'draw', speakers: [{ name: 'NOR', delegation: 'NOR', kind: 'member' }] },
      { name: 'Speakers', defaultLimitMs: 4 * MINUTE, speakers: [{ name: 'PSE', delegation: 'PSE', kind: 'non-member' }] },
      { name: 'Rights of reply', purpose: 'right-of-reply', defaultLimitMs: 3 * MINUTE }
    ]
  }, { nowMs: T0, newId })
  return {
    state: { ...state, meeting: { ...state.meeting, status: 'open' } },
    ctx: (actor = CHAIR) => ({ actor, nowMs: T0, newId, isObserver: isRosterObserver })
  }
}

function run (state: ControlState, ctx: CommandContext, cmd: Command): { state: ControlState; data: Readonly<Record<string, unknown>> } {
  const result = applyCommand(state, cmd, ctx)
  if (!result.ok) throw new Error(`${cmd.type}: ${result.error.code} ${result.error.message}`)
  return result
}

describe('request:accept keeps the delegation\'s standing', () => {
  it.each([
    // [case, who, request type, group members, standing]
    ['the Holy See: an observer State on the roster', 'VAT', 'inscription', null, 'observer'],
    ['the European Union: an observer organisation', 'EU', 'inscription', null, 'observer'],
    ['an observer\'s right of reply', 'EU', 'right-of-reply', null, 'observer'],
    ['a Council member\'s right of reply (listed as a member)', 'NOR', 'right-of-reply', null, 'member'],
    ['the presidency, not yet on the list', 'MEX', 'right-of-reply', null, 'member'],
    ['a Member State nothing says more of', 'KEN', 'inscription', null, 'non-member'],
    ['what its list entry says wins over the roster', 'PSE', 'right-of-reply', null, 'non-member'],
    ['a non-member speaking for a group', 'FIN', 'inscription', ['FIN', 'DNK'], 'non-member'],
    ['a Council member replying for a group', 'NOR', 'right-of-reply', ['NOR', 'DNK'], 'member']
  ] as const)('%s: %s', (_case, delegation, type: RequestType, members, standing) => {
    const meeting = debate()
    const onBehalfOf = members === null ? null : { group: 'A group', members: members.map(code) }
    const created = run(meeting.state, meeting.ctx(delegationActor(delegation)), command('request:create', { delegation: code(delegation), type, onBehalfOf }))
    const accepted = run(created.state, meeting.ctx(), command('request:accept', { requestId: created.data['requestId'] as never }))
    const speaker = accepted.state.speakers[accepted.data['speakerId'] as string] as Speaker
    expect(speaker).toMatchObject({ delegation, kind: standing, onBehalfOf })
    const segment = accepted.state.segments[speaker.segmentId]!
    expect(segment.purpose).toBe(type === 'right-of-reply' ? 'right-of-reply' : 'statement')

    // A right of reply stays one when its speaker takes the floor.
    const given = run(accepted.state, meeting.ctx(), command('floor:give', { speakerId: speaker.id }))
    expect(given.state.statements[given.data['statementId'] as string]?.kind).toBe(type === 'right-of-reply' ? 'right-of-reply' : 'statement')
  })

  it('without a roster, a delegation nothing says more of is a non-member', () => {
    const { state } = debate()
    expect(standingOf(state, 'VAT' as DelegationCode)).toBe('non-member')
    expect(standingOf(state, 'VAT' as DelegationCode, isRosterObserver)).toBe('observer')
  })
})
