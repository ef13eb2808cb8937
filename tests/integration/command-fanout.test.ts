import { describe, expect, it } from 'vitest'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { SpeakerId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

describe('a chair command reaches every client', () => {
  const { seed, connect } = useTestServer()

  it('shows the chair giving the floor to an observer and a delegation', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const observer = await connect(meeting.tokens.public)
    const kenya = await connect(meeting.tokens.delegations.KEN!)

    expect(observer.state?.meeting.title).toBe('Test debate')
    expect(await chair.command('meeting:open', {})).toEqual({ ok: true, data: expect.any(Object) })
    const next = nextWaitingSpeaker(chair.state!)!
    const ack = await chair.command('floor:next', { expectedSpeakerId: next.id })
    expect(ack.ok).toBe(true)

    await eventually(() => observer.state?.floor.speakerId === next.id && kenya.state?.floor.speakerId === next.id)
    expect(observer.state?.timer.state).toBe('running')
    expect(observer.state?.speakers[next.id]?.status).toBe('speaking')
  })

  it('refuses a stale floor:next and applies an idempotent retry once', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    await chair.command('meeting:open', {})
    const first = nextWaitingSpeaker(chair.state!)!

    const id = crypto.randomUUID()
    const once = await chair.command('floor:next', { expectedSpeakerId: first.id }, { id })
    const again = await chair.command('floor:next', { expectedSpeakerId: first.id }, { id })
    expect(again).toEqual(once)
    expect(Object.values(chair.state!.statements)).toHaveLength(1)

    const reused = await chair.command('list:close', {}, { id })
    expect(reused).toMatchObject({ ok: false, error: { code: 'COMMAND_ID_REUSED' } })
    expect(chair.state!.meeting.listClosed).toBe(false)

    const doublePress = await chair.command('floor:next', { expectedSpeakerId: first.id })
    expect(doublePress).toMatchObject({ ok: false, error: { code: 'STALE_NEXT' } })
    const unknown = await chair.command('floor:next', { expectedSpeakerId: 'spk_nobody' as SpeakerId })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'STALE_NEXT' } })
    expect(chair.state!.floor.speakerId).toBe(first.id)
  })

  it('gives each late joiner the state as it is when it joins', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    await chair.command('meeting:open', {})
    const early = await connect(meeting.tokens.public)
    expect(early.state?.meeting.status).toBe('open')

    const first = nextWaitingSpeaker(chair.state!)!
    await chair.command('floor:next', { expectedSpeakerId: first.id })
    const late = await connect(meeting.tokens.public)
    expect(late.state?.floor.speakerId).toBe(first.id)

    const second = nextWaitingSpeaker(chair.state!)!
    await chair.command('floor:next', { expectedSpeakerId: second.id })
    const later = await connect(meeting.tokens.delegations.KEN!)
    expect(later.state?.floor.speakerId).toBe(second.id)
    expect(later.state?.speakers[first.id]?.status).toBe('spoken')
  })
})
