import { describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { estimateSchedule } from '../../shared/domain/analytics.ts'
import { nextWaitingSpeaker, waitingQueue } from '../../shared/domain/order.ts'
import type { DelegationCode } from '../../shared/domain/types.ts'
import { demoMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

describe('the demo debate, run through the headless client', () => {
  const { server, seed, connect } = useTestServer()

  it('goes from opening to adjournment with inscriptions, a point of order and a right of reply', async () => {
    const meeting = await seed(demoMeeting())
    const chair = await connect(meeting.tokens.chair)
    const screen = await connect(meeting.tokens.public)
    const japan = await connect(meeting.tokens.delegations.JPN!)
    const egypt = await connect(meeting.tokens.delegations.EGY!)
    const ok = async (...args: Parameters<RostrumClient['command']>) => {
      const ack = await chair.command(...args)
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true })
      return ack.ok ? ack.data : {}
    }

    expect(chair.state!.questions.map((q) => q.label)).toEqual(['أ', 'ب', 'ج', 'د', 'هـ', 'و'])
    expect(waitingQueue(chair.state!)).toHaveLength(4 + 15 + 10)
    await ok('meeting:open', {})

    // A delegation that is not on the list asks to be inscribed; the chair accepts.
    const request = await japan.command('request:create', { delegation: 'JPN' as DelegationCode, type: 'inscription' })
    expect(request).toMatchObject({ ok: false, error: { code: 'DUPLICATE_REQUEST' } })
    await ok('speaker:withdraw', { speakerId: waitingQueue(chair.state!).find((s) => s.delegation === 'JPN')!.id })
    const again = await japan.command('request:create', { delegation: 'JPN' as DelegationCode, type: 'inscription' })
    expect(again.ok).toBe(true)
    const requestId = again.ok ? again.data.requestId as never : never()
    await ok('request:accept', { requestId })
    await eventually(() => japan.state!.requests[requestId]?.status === 'accepted')
    const schedule = estimateSchedule(japan.state!, japan.serverNowMs())
    const japanEntry = waitingQueue(japan.state!).find((s) => s.delegation === 'JPN')!
    expect(schedule.etas[japanEntry.id]?.position).toBe(waitingQueue(japan.state!).length)

    // Everyone speaks; a point of order interrupts the fifth speaker.
    let called = 0
    while (nextWaitingSpeaker(chair.state!) !== null) {
      await ok('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
      called++
      if (called === 5) {
        await ok('point-of-order:raise', { name: 'الاتحاد الروسي', delegation: 'RUS' as DelegationCode })
        expect(chair.state!.timer.state).toBe('running')
        expect(chair.state!.floor.interrupted?.wasRunning).toBe(true)
        await ok('point-of-order:close', {})
      }
    }
    await ok('floor:end', {})
    expect(called).toBe(4 + 15 + 10)

    // A right of reply after the list.
    const reply = await egypt.command('request:create', { delegation: 'EGY' as DelegationCode, type: 'right-of-reply' })
    await ok('request:accept', { requestId: reply.ok ? reply.data.requestId as never : never() })
    const replying = nextWaitingSpeaker(chair.state!)!
    await ok('floor:next', { expectedSpeakerId: replying.id })
    expect(chair.state!.statements[chair.state!.floor.statementId!]?.kind).toBe('right-of-reply')
    await ok('floor:end', {})
    await ok('meeting:adjourn', {})

    await eventually(() => screen.state!.meeting.status === 'adjourned')
    const statements = Object.values(screen.state!.statements)
    expect(statements.filter((s) => s.kind === 'statement')).toHaveLength(29)
    expect(statements.filter((s) => s.kind === 'point-of-order')).toHaveLength(1)
    expect(statements.filter((s) => s.kind === 'right-of-reply')).toHaveLength(1)
    expect(statements.every((s) => s.endedAtMs !== null && s.durationMs !== null)).toBe(true)

    const audit = (await server().store.listAudit(meeting.id))
    expect(audit.filter((a) => a.actorRole === 'delegation')).toHaveLength(3)
    expect(audit.every((a) => a.result.ok || a.type === 'request:create')).toBe(true)
  })
})

function never (): never {
  throw new Error('unreachable')
}
