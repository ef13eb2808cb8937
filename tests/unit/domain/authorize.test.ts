import { describe, expect, it } from 'vitest'
import { authorize, COMMAND_TYPES, type Actor, type Command } from '../../../shared/domain/index.ts'
import { CHAIR, command, delegationActor, meetingWith, NOTETAKER, PUBLIC, standardSegments } from './builders.ts'

function withRequests () {
  const m = meetingWith({ segments: standardSegments([], ['Mexico', 'Norway']) })
  const mexicoRequest = m.ok(command('request:create', { delegation: 'MEX' as never, type: 'right-of-reply' }))['requestId']
  const norwayRequest = m.ok(command('request:create', { delegation: 'NOR' as never, type: 'right-of-reply' }))['requestId']
  return { m, mexicoRequest: mexicoRequest as never, norwayRequest: norwayRequest as never }
}

const everyCommand = (m: ReturnType<typeof withRequests>['m'], requestId: never): Command[] => [
  command('speaker:add', { name: 'X', segmentId: m.segmentId('Speakers') }),
  command('speaker:update', { speakerId: m.speakerId('Mexico'), changes: { name: 'Y' } }),
  command('speaker:remove', { speakerId: m.speakerId('Mexico') }),
  command('speaker:move', { speakerId: m.speakerId('Mexico'), segmentId: m.segmentId('Speakers'), afterId: null }),
  command('speaker:withdraw', { speakerId: m.speakerId('Mexico') }),
  command('speaker:pass', { speakerId: m.speakerId('Mexico') }),
  command('speaker:restore', { speakerId: m.speakerId('Mexico') }),
  command('speaker:written', { speakerIds: [m.speakerId('Mexico')] }),
  command('segment:order', { segmentId: m.segmentId('Speakers') }),
  command('segment:add', { name: 'Observers' }),
  command('segment:update', { segmentId: m.segmentId('Speakers'), changes: { orderingRule: 'draw' } }),
  command('segment:remove', { segmentId: m.segmentId('Briefers') }),
  command('meeting:update', { changes: { title: 'Renamed' } }),
  command('question:add', { label: 'z', text: 'Anything else?' }),
  command('question:update', { questionId: 'q-1' as never, changes: { text: 'Changed' } }),
  command('question:remove', { questionId: 'q-1' as never }),
  command('question:move', { questionId: 'q-1' as never, afterId: null }),
  command('floor:next', { expectedSpeakerId: m.speakerId('Mexico') }),
  command('floor:give', { speakerId: m.speakerId('Mexico') }),
  command('floor:end', {}),
  command('timer:start', {}),
  command('timer:pause', {}),
  command('timer:resume', {}),
  command('timer:extend', { byMs: 1 }),
  command('timer:set-limit', { limitMs: 1 }),
  command('point-of-order:raise', { name: 'Mexico' }),
  command('point-of-order:close', {}),
  command('list:close', {}),
  command('list:reopen', {}),
  command('meeting:open', {}),
  command('meeting:suspend', {}),
  command('meeting:resume', {}),
  command('meeting:adjourn', {}),
  command('request:create', { delegation: 'MEX' as never, type: 'inscription' }),
  command('request:withdraw', { requestId }),
  command('request:accept', { requestId }),
  command('request:decline', { requestId }),
  command('delegation:add', { code: 'ITA' as never, name: 'Italy' }),
  command('delegation:remove', { code: 'IND' as never }),
  command('group:add', { name: 'Nordic countries', members: ['DNK' as never] }),
  command('group:update', { groupId: 'grp-1' as never, changes: { name: 'Nordic States' } }),
  command('group:remove', { groupId: 'grp-1' as never })
]

describe('authorize', () => {
  const { m, mexicoRequest, norwayRequest } = withRequests()
  const mexico = delegationActor('MEX')
  const mexicoAllowed = new Set(['request:create', 'request:withdraw', 'speaker:withdraw'])

  it('covers every command type', () => {
    expect(new Set(everyCommand(m, mexicoRequest).map((c) => c.type))).toEqual(new Set(COMMAND_TYPES))
  })

  it.each(everyCommand(m, mexicoRequest))('the chair may send $type', (cmd) => {
    expect(authorize(CHAIR, cmd, m.state)).toBeNull()
  })

  it.each([
    ['notetaker', NOTETAKER],
    ['public', PUBLIC],
    ['delegation without a code', { role: 'delegation', delegation: null, id: 'broken' } as Actor]
  ] as const)('a %s may send nothing', (_label, actor) => {
    for (const cmd of everyCommand(m, mexicoRequest)) expect(authorize(actor, cmd, m.state)?.code, cmd.type).toBe('FORBIDDEN')
  })

  it.each(everyCommand(m, mexicoRequest).map((cmd) => [cmd.type, cmd] as const))('a delegation and %s', (type, cmd) => {
    expect(authorize(mexico, cmd, m.state)?.code ?? null).toBe(mexicoAllowed.has(type) ? null : 'FORBIDDEN')
  })

  it.each([
    ['creates a request for another delegation', command('request:create', { delegation: 'NOR' as never, type: 'inscription' }), 'NOT_YOUR_DELEGATION'],
    ['withdraws another delegation’s request', command('request:withdraw', { requestId: norwayRequest }), 'NOT_YOUR_DELEGATION'],
    ['withdraws another delegation’s speaker', command('speaker:withdraw', { speakerId: m.speakerId('Norway') }), 'NOT_YOUR_DELEGATION'],
    ['withdraws a request that does not exist', command('request:withdraw', { requestId: 'req-404' as never }), 'REQUEST_NOT_FOUND'],
    ['withdraws a speaker that does not exist', command('speaker:withdraw', { speakerId: 'spk-404' as never }), 'SPEAKER_NOT_FOUND']
  ] as const)('a delegation that %s is refused', (_label, cmd, errorCode) => {
    m.refused(cmd, errorCode, mexico)
  })

  it('a delegation withdraws its own request and its own entry', () => {
    const world = withRequests()
    world.m.ok(command('request:withdraw', { requestId: world.mexicoRequest }), mexico)
    world.m.ok(command('speaker:withdraw', { speakerId: world.m.speakerId('Mexico') }), mexico)
    expect(world.m.speaker('Mexico').status).toBe('withdrawn')
  })

  it('authorization comes before the rules: a forbidden command on an adjourned meeting is FORBIDDEN', () => {
    const closed = meetingWith({ status: 'adjourned' })
    closed.refused(command('meeting:open', {}), 'FORBIDDEN', PUBLIC)
  })
})
