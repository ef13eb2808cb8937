// What each command reports beside the new state is typed by the command (CommandResults), from the
// handler that makes it to the ack a client reads: tsc fails this file (npm test runs it) if a
// handler reports something else or a reader reaches for a field its command does not report.
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { CommandResults, RequestId, SpeakerId, StatementId } from '../../../shared/domain/index.ts'
import type { CommandAck } from '../../../shared/protocol/events.ts'
import { command, delegationActor, meetingWith, standardSegments } from './builders.ts'

const debate = () => meetingWith({ segments: standardSegments(['Secretary-General'], ['Mexico', 'Norway'], ['India']) })

describe('what a command reports', () => {
  it('is the ids it made, typed by the command', () => {
    const m = debate()
    const called = m.ok(command('floor:next', { expectedSpeakerId: m.speakerId('Secretary-General') }))
    expectTypeOf(called).toEqualTypeOf<{ readonly statementId: StatementId; readonly speakerId: SpeakerId }>()
    expect(m.state.statements[called.statementId]?.speakerId).toBe(called.speakerId)

    const ended = m.ok(command('floor:end', {}))
    expect(ended.statementId).toBe(called.statementId)
    // @ts-expect-error floor:end reports the statement it ended, not a speaker
    expect(ended.speakerId).toBeUndefined()
  })

  it('is nothing for a command that makes nothing', () => {
    const m = debate()
    const closed = m.ok(command('list:close', {}))
    expectTypeOf(closed).toEqualTypeOf<CommandResults['list:close']>()
    expect(closed).toEqual({})
  })

  it('reaches the client typed: a request\'s ack carries its id', () => {
    const m = debate()
    const asked = m.ok(command('request:create', { delegation: 'MEX' as never, type: 'right-of-reply' }), delegationActor('MEX'))
    expectTypeOf<Extract<CommandAck<'request:create'>, { ok: true }>['data']>().toEqualTypeOf<{ readonly requestId: RequestId }>()
    const accepted = m.ok(command('request:accept', { requestId: asked.requestId }))
    expect(m.state.speakers[accepted.speakerId]?.delegation).toBe('MEX')
    expect(accepted.requestId).toBe(asked.requestId)
  })
})
