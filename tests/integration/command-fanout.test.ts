import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { SpeakerId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { connect, eventually, seedMeeting, startTestServer, type TestServer } from '../support/server.ts'

describe('a chair command reaches every client', () => {
  let server: TestServer
  const clients: RostrumClient[] = []

  beforeEach(async () => { server = await startTestServer() })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await server.destroy()
  })

  it('shows the chair giving the floor to an observer and a delegation', async () => {
    const meeting = seedMeeting(server, smallMeeting())
    const chair = await connect(server, meeting.tokens.chair, clients)
    const observer = await connect(server, meeting.tokens.public, clients)
    const kenya = await connect(server, meeting.tokens.delegations.KEN!, clients)

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
    const meeting = seedMeeting(server, smallMeeting())
    const chair = await connect(server, meeting.tokens.chair, clients)
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
})
