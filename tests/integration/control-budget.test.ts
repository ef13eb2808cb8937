// A delegation's create-then-withdraw loop with long notes must not grow what every joining screen
// downloads, and must not stop the chair. Over a real socket with a delegation's link, on a server whose
// clock the test moves (so the hourly budget can refill without waiting).
import { afterEach, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import { CONTROL_DOCUMENT_BUDGET_BYTES, REQUESTS_PER_DELEGATION_PER_MEETING, type Actor, type DelegationCode, type RequestId, type SegmentId } from '../../shared/domain/index.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { decodeWire, encodeWire } from '../../shared/protocol/wire.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

const HOUR_MS = 60 * 60 * 1000
const NOTE = 'The Minister for Foreign Affairs will deliver the statement in person. '.repeat(60).slice(0, 4000)
/** More cycles than a delegation's budget for the meeting: the loop runs into it. */
const CYCLES = REQUESTS_PER_DELEGATION_PER_MEETING + 10
/** Sync step 1 with an empty state vector: what a screen that has nothing sends on joining. */
const EMPTY_STEP_1 = new Uint8Array([0, 1, 0])

describe('a delegation\'s request loop', () => {
  let nowMs = Date.UTC(2026, 10, 28, 15, 0)
  const { server, seed, connect } = useTestServer({ clock: { now: () => nowMs } })
  const sockets: Socket[] = []
  afterEach(() => { for (const socket of sockets.splice(0)) socket.disconnect() })

  /** Bytes of the control document's full state, as the server sends it to a screen that joins now. */
  async function joiningDownload (token: string): Promise<number> {
    const socket = io(server().url, { auth: { token }, transports: ['websocket'], reconnection: false })
    sockets.push(socket)
    const reply = new Promise<string>((resolve) => socket.on('sync', (doc, message: string) => { if (doc === 'control') resolve(message) }))
    socket.emit('sync', 'control', encodeWire(EMPTY_STEP_1))
    const decoded = decodeWire(await reply, Number.MAX_SAFE_INTEGER)
    socket.disconnect()
    if (!decoded.ok) throw new Error('the server sent a sync reply that is not base64')
    return decoded.bytes.byteLength
  }

  it('leaves what a joining screen downloads within a few kilobytes, and the chair running the floor', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const norway = await connect(meeting.tokens.delegations.NOR!)
    expect((await chair.command('meeting:open', {})).ok).toBe(true)
    const before = await joiningDownload(meeting.tokens.public)

    const refusals = new Map<string, number>()
    const refused = (ack: CommandAck) => { if (!ack.ok) refusals.set(ack.error.code, (refusals.get(ack.error.code) ?? 0) + 1) }
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const created = await norway.command('request:create', { delegation: 'NOR' as DelegationCode, type: 'inscription', note: NOTE })
      refused(created)
      if (created.ok) refused(await norway.command('request:withdraw', { requestId: created.data['requestId'] as RequestId }))
      // An hour passes every tenth cycle, so the hourly budget never stops the loop; the meeting's does.
      if (cycle % 10 === 9) nowMs += HOUR_MS
    }

    const after = await joiningDownload(meeting.tokens.public)
    console.info(`control document a screen downloads: ${before} B before, ${after} B after ${CYCLES} create/withdraw cycles`)
    expect(Object.fromEntries(refusals)).toEqual({ REQUEST_QUOTA_REACHED: CYCLES - REQUESTS_PER_DELEGATION_PER_MEETING })
    // Each withdrawn request stays on record at about 200 B; its 4,000-character note is gone.
    expect(after - before).toBeLessThan(REQUESTS_PER_DELEGATION_PER_MEETING * 400)

    const next = chair.state!.speakers
    const kenya = Object.values(next).find((speaker) => speaker.name === 'Kenya')!
    expect(await chair.command('floor:next', { expectedSpeakerId: kenya.id })).toMatchObject({ ok: true })
    expect(await chair.command('speaker:add', { name: 'Norway', delegation: 'NOR' as DelegationCode, segmentId: kenya.segmentId })).toMatchObject({ ok: true })
  })

  it(`refuses a delegation's request once what a screen downloads is ${CONTROL_DOCUMENT_BUDGET_BYTES} B, while the chair's floor goes on`, async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const norway = await connect(meeting.tokens.delegations.NOR!)
    expect((await chair.command('meeting:open', {})).ok).toBe(true)
    const segmentId = Object.values(chair.state!.segments).find((segment) => segment.name === 'Members')!.id as SegmentId

    // The chair's own commands fill the document (the chair is held to no budget). Run in the room
    // itself, as the server runs them, so the socket's command rate does not pace the test.
    const room = (await server().app.registry.get(meeting.id))!
    const actor: Actor = { role: 'chair', delegation: null, id: 'budget-test-chair' }
    const title = 'Minister for Foreign Affairs and International Cooperation. '.repeat(70).slice(0, 4000)
    for (let i = 0; room.state && Object.keys(room.state.speakers).length < 2000; i++) {
      const ack = await room.runCommand(actor, `fill-${i}`, { type: 'speaker:add', payload: { name: `Speaker ${i}`, segmentId, title } })
      expect(ack.ok).toBe(true)
      if (i % 50 === 49 && await joiningDownload(meeting.tokens.public) >= CONTROL_DOCUMENT_BUDGET_BYTES) break
    }
    expect(await joiningDownload(meeting.tokens.public)).toBeGreaterThanOrEqual(CONTROL_DOCUMENT_BUDGET_BYTES)

    const asked = await norway.command('request:create', { delegation: 'NOR' as DelegationCode, type: 'inscription' })
    expect(asked.ok ? 'accepted' : asked.error.code).toBe('CONTROL_BUDGET_REACHED')
    const kenya = Object.values(chair.state!.speakers).find((speaker) => speaker.name === 'Kenya')!
    expect(await chair.command('floor:next', { expectedSpeakerId: kenya.id })).toMatchObject({ ok: true })
    expect(await chair.command('request:create', { delegation: 'NOR' as DelegationCode, type: 'inscription' })).toMatchObject({ ok: true })
  })
})
