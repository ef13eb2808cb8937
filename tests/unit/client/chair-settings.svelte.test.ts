import { describe, expect, it } from 'vitest'
import { ChairConsole, parseRoomHours, questionAfterStep, roomHoursText } from '../../../client/lib/chair-console.svelte.ts'
import { segmentsInOrder, speakersOfSegment, type GuidingQuestion, type MeetingId, type QuestionId } from '../../../shared/domain/index.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { useMemoryPairs, type MemoryPair } from '../../support/memory-pair.ts'
import { usePairSessions } from './pair-sessions.ts'

describe('settings helpers', () => {
  it.each([
    ['10:00-13:00, 15:00–18:00', [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }]],
    ['9:30 – 12:00', [{ start: '09:30', end: '12:00' }]],
    ['10:00-13:00، 15:00-18:00', [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }]],
    ['', []],
    ['13:00-10:00', undefined],
    ['10:00-10:00', undefined],
    ['10-13', undefined],
    ['10:00-24:30', undefined]
  ])('reads room hours %j', (text, expected) => {
    expect(parseRoomHours(text)).toEqual(expected)
  })

  it('writes room hours back in a form it reads', () => {
    const sessions = [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }]
    expect(parseRoomHours(roomHoursText(sessions))).toEqual(sessions)
  })

  const questions = ['a', 'b', 'c'].map((label) => ({ id: `q-${label}`, label, text: '?' })) as GuidingQuestion[]
  it.each([
    ['b', -1, null],
    ['c', -1, 'q-a'],
    ['a', 1, 'q-b'],
    ['b', 1, 'q-c'],
    ['a', -1, undefined],
    ['c', 1, undefined]
  ] as const)('moves question %s by %i: after %s', (label, step, afterId) => {
    expect(questionAfterStep(questions, `q-${label}` as QuestionId, step)).toBe(afterId)
  })
})

describe('the chair console edits the settings', () => {
  const startPair = useMemoryPairs()
  const openSession = usePairSessions()
  let pair: MemoryPair
  const open = async (token: string) => {
    const session = openSession(pair, token)
    await pair.flush()
    expect(session.connection).toBe('live')
    return new ChairConsole(session, { localNowMs: () => pair.localNowMs() })
  }
  const settled = <T>(action: T | Promise<T>) => pair.settle(action)

  it('sends one command per edit, and keeps the refusal for the panel to show', async () => {
    pair = await startPair(smallMeeting())
    const chair = await open(pair.meeting.tokens.chair)
    expect(await settled(chair.updateMeeting({ title: 'Renamed' }))).toBe(true)
    expect(await settled(chair.addQuestion({ label: 'c', text: 'When?' }))).toBe(true)
    expect(await settled(chair.stepQuestion(chair.state!.questions[2]!.id, -1))).toBe(true)
    expect(chair.state?.questions.map((q) => q.label).join()).toBe('a,c,b')
    expect(chair.state?.meeting.title).toBe('Renamed')

    expect(await settled(chair.addQuestion({ label: 'A', text: 'Again?' }))).toBe(false)
    expect(chair.session.lastError).toBe('QUESTION_LABEL_TAKEN')
    const members = segmentsInOrder(chair.state!)[0]!.id
    expect(await settled(chair.removeSegment(members))).toBe(false)
    expect(chair.session.lastError).toBe('SEGMENT_NOT_EMPTY')
  })

  it('offers a reason only after a move in a segment with a rule, and records it with the placement', async () => {
    pair = await startPair(smallMeeting())
    const meeting = pair.meeting
    const chair = await open(meeting.tokens.chair)
    const members = segmentsInOrder(chair.state!)[0]!.id
    const [kenya, mexico] = speakersOfSegment(chair.state!, members)
    if (!kenya || !mexico) throw new Error('the small meeting lists Kenya and Mexico')

    await settled(chair.updateSegment(members, { orderingRule: 'fixed' }))
    expect(await settled(chair.move(kenya.id, { segmentId: members, afterId: mexico.id }))).toBe(true)
    expect(chair.reasonFor).toBeNull()

    await settled(chair.updateSegment(members, { orderingRule: 'protocol-then-draw' }))
    expect(await settled(chair.move(kenya.id, { segmentId: members, afterId: null }))).toBe(true)
    expect(chair.reasonFor).toBe(kenya.id)
    expect(await settled(chair.recordReason('  '))).toBe(false)
    expect(await settled(chair.recordReason('Head of State'))).toBe(true)
    expect(chair.reasonFor).toBeNull()
    expect(speakersOfSegment(chair.state!, members).map((s) => s.name)).toEqual(['Kenya', 'Mexico'])
    const moves = (await pair.store.listAudit(meeting.id as MeetingId)).filter((entry) => entry.type === 'speaker:move')
    expect(moves.map((entry) => (entry.payload as { reason?: string }).reason)).toEqual([undefined, undefined, 'Head of State'])

    expect(await settled(chair.orderSegment(members))).toBe(true)
    expect(chair.state?.segments[members]?.drawSeed).not.toBeNull()
  })
})
