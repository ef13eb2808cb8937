// The chair edits the meeting's settings while it runs; every screen sees the change, a refusal leaves
// the meeting as it was, and the record keeps the draw's seed and the reason for an override.
import { describe, expect, it } from 'vitest'
import { nextWaitingSpeaker, segmentsInOrder, speakersOfSegment } from '../../shared/domain/order.ts'
import type { MeetingId, QuestionId, SegmentId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

describe('meeting settings during a running meeting', () => {
  const { server, seed, connect } = useTestServer()

  it('reaches the public and a delegation while a speaker has the floor', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const observer = await connect(meeting.tokens.public)
    const kenya = await connect(meeting.tokens.delegations.KEN!)
    await chair.command('meeting:open', {})
    await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
    const timer = chair.state!.timer

    const edits = [
      await chair.command('meeting:update', { changes: { title: 'Preventive diplomacy', roomHours: [{ start: '10:00', end: '13:00' }] } }),
      await chair.command('question:update', { questionId: chair.state!.questions[0]!.id, changes: { text: 'How, exactly?' } }),
      await chair.command('question:add', { label: 'c', text: 'Who pays?', group: 'Follow-up', afterId: null }),
      await chair.command('segment:update', { segmentId: segmentsInOrder(chair.state!)[0]!.id, changes: { name: 'Council members', defaultLimitMs: 240_000 } })
    ]
    expect(edits.map((ack) => ack.ok)).toEqual([true, true, true, true])

    for (const viewer of [observer, kenya]) {
      // The last edit sent is the last to arrive.
      await eventually(() => segmentsInOrder(viewer.state!)[0]?.name === 'Council members', { message: 'the renamed segment' })
      expect(viewer.state!.meeting).toMatchObject({ title: 'Preventive diplomacy', roomHours: [{ start: '10:00', end: '13:00' }], status: 'open' })
      expect(viewer.state!.questions.map((q) => [q.label, q.text, q.group])).toEqual([
        ['c', 'Who pays?', 'Follow-up'], ['a', 'How, exactly?', undefined], ['b', 'Why?', undefined]
      ])
      expect(segmentsInOrder(viewer.state!)[0]).toMatchObject({ name: 'Council members', defaultLimitMs: 240_000 })
      // The statement on the floor keeps the limit it was given.
      expect(viewer.state!.timer).toEqual(timer)
    }
  })

  it('refuses a bad edit with its code and leaves every screen as it was', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const observer = await connect(meeting.tokens.public)
    const members = segmentsInOrder(chair.state!)[0]!.id
    const before = observer.state

    expect(await chair.command('question:add', { label: 'A', text: 'Again?' })).toMatchObject({ ok: false, error: { code: 'QUESTION_LABEL_TAKEN' } })
    expect(await chair.command('segment:remove', { segmentId: members })).toMatchObject({ ok: false, error: { code: 'SEGMENT_NOT_EMPTY' } })
    expect(await chair.command('question:remove', { questionId: 'q_gone' as QuestionId })).toMatchObject({ ok: false, error: { code: 'QUESTION_NOT_FOUND' } })
    expect(await chair.command('meeting:update', { changes: { timeZone: 'Mars/Olympus' } })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } })
    expect(await chair.command('meeting:update', { changes: { status: 'adjourned' } } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } })
    expect(await observer.command('meeting:update', { changes: { title: 'Hijacked' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // A harmless command after the refusals: once it arrives, anything the refusals wrote would have too.
    await chair.command('list:close', {})
    await eventually(() => observer.state?.meeting.listClosed === true)
    expect({ ...observer.state, meeting: { ...observer.state!.meeting, listClosed: false } }).toEqual(before)
  })

  it('records the draw seed on the segment, and a chair override with its reason in the audit log', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const observer = await connect(meeting.tokens.public)
    const members = segmentsInOrder(chair.state!)[0]!.id as SegmentId
    await chair.command('segment:update', { segmentId: members, changes: { orderingRule: 'draw' } })
    const drawn = await chair.command('segment:order', { segmentId: members })
    if (!drawn.ok) throw new Error(drawn.error.code)
    const seedUsed = drawn.data.seed as string
    await eventually(() => observer.state?.segments[members]?.drawSeed === seedUsed, { message: 'the seed on the public screen' })

    const [first, second] = speakersOfSegment(chair.state!, members)
    if (!first || !second) throw new Error('the small meeting has two members')
    const moved = await chair.command('speaker:move', { speakerId: first.id, segmentId: members, afterId: second.id, reason: 'Minister must leave early' })
    expect(moved.ok).toBe(true)
    const audit = (await server().store.listAudit(meeting.id as MeetingId))
    expect(audit.find((entry) => entry.type === 'speaker:move')?.payload).toMatchObject({ reason: 'Minister must leave early' })
    expect(audit.find((entry) => entry.type === 'segment:order')?.result).toMatchObject({ ok: true, data: { seed: seedUsed } })
  })
})
