// The chair edits the meeting's settings before and during the debate: the description, the guiding
// questions and the segments of the list.
import { describe, expect, it } from 'vitest'
import { coverage } from '../../../shared/domain/coverage.ts'
import { segmentsInOrder, type QuestionId, type SegmentId, type StatementId } from '../../../shared/domain/index.ts'
import { command, MINUTE, meetingWith, standardSegments, type TestMeeting } from './builders.ts'

function withQuestions (labels: string[] = ['a', 'b', 'c']): TestMeeting {
  const m = meetingWith({ segments: standardSegments(['Norway'], ['Mexico', 'Kenya']) })
  for (const label of labels) m.ok(command('question:add', { label, text: `Question ${label}?` }))
  return m
}

const labels = (m: TestMeeting) => m.state.questions.map((question) => question.label)
const questionId = (m: TestMeeting, label: string) => m.state.questions.find((q) => q.label === label)!.id
const segmentNames = (m: TestMeeting) => segmentsInOrder(m.state).map((segment) => segment.name)

describe('meeting:update', () => {
  it('changes only the given fields, and the same state when nothing differs', () => {
    const m = meetingWith()
    const before = m.state
    m.ok(command('meeting:update', { changes: { title: 'Maintenance of international peace', roomHours: [{ start: '10:00', end: '13:00' }] } }))
    expect(m.state.meeting).toEqual({
      ...before.meeting,
      title: 'Maintenance of international peace',
      roomHours: [{ start: '10:00', end: '13:00' }]
    })
    expect(m.state.speakers).toBe(before.speakers)
    const edited = m.state
    m.ok(command('meeting:update', { changes: { title: 'Maintenance of international peace', roomHours: [{ start: '10:00', end: '13:00' }] } }))
    expect(m.state).toBe(edited)
  })

  it.each(['scheduled', 'open', 'suspended'] as const)('is allowed while the meeting is %s', (status) => {
    const m = meetingWith({ status })
    m.ok(command('meeting:update', { changes: { timeZone: 'Europe/Geneva' } }))
    expect(m.state.meeting.timeZone).toBe('Europe/Geneva')
    expect(m.state.meeting.status).toBe(status)
  })

  it('never touches the status or the clock of the statement on the floor', () => {
    const m = meetingWith({ segments: standardSegments([], ['Mexico']) }).give('Mexico')
    const timer = m.state.timer
    m.ok(command('meeting:update', { changes: { roomHours: [{ start: '15:00', end: '18:00' }] } }))
    expect(m.state.timer).toBe(timer)
    expect(m.state.meeting.status).toBe('open')
  })

  it('is refused on an adjourned meeting', () => {
    meetingWith({ status: 'adjourned' }).refused(command('meeting:update', { changes: { title: 'Late' } }), 'MEETING_ADJOURNED')
  })
})

describe('guiding questions', () => {
  it.each([
    ['last when afterId is omitted', undefined, ['a', 'b', 'c', 'd']],
    ['first when afterId is null', null, ['d', 'a', 'b', 'c']],
    ['after the given question', 'a', ['a', 'd', 'b', 'c']]
  ] as const)('question:add puts the question %s', (_label, after, expected) => {
    const m = withQuestions()
    const afterId = after === undefined || after === null ? after : questionId(m, after)
    const data = m.ok(command('question:add', { label: 'd', text: 'And then?', group: '2. Follow-up', ...(afterId === undefined ? {} : { afterId }) }))
    expect(labels(m)).toEqual(expected)
    expect(m.state.questions.find((q) => q.id === data.questionId)).toEqual({ id: data.questionId, label: 'd', text: 'And then?', group: '2. Follow-up' })
  })

  it.each([
    ['a label already in use, whatever its case', (m: TestMeeting) => command('question:add', { label: 'B', text: 'Again?' }), 'QUESTION_LABEL_TAKEN'],
    ['a question to place after that does not exist', () => command('question:add', { label: 'd', text: '?', afterId: 'q-404' as QuestionId }), 'QUESTION_NOT_FOUND'],
    ['an edit of a question that does not exist', () => command('question:update', { questionId: 'q-404' as QuestionId, changes: { text: '?' } }), 'QUESTION_NOT_FOUND'],
    ['an edit to a label another question has', (m: TestMeeting) => command('question:update', { questionId: questionId(m, 'a'), changes: { label: 'c' } }), 'QUESTION_LABEL_TAKEN'],
    ['removing a question that does not exist', () => command('question:remove', { questionId: 'q-404' as QuestionId }), 'QUESTION_NOT_FOUND'],
    ['moving a question after itself', (m: TestMeeting) => command('question:move', { questionId: questionId(m, 'a'), afterId: questionId(m, 'a') }), 'INVALID_POSITION'],
    ['moving after a question that does not exist', (m: TestMeeting) => command('question:move', { questionId: questionId(m, 'a'), afterId: 'q-404' as QuestionId }), 'QUESTION_NOT_FOUND']
  ] as const)('refuses %s', (_label, build, errorCode) => {
    const m = withQuestions()
    m.refused(build(m), errorCode)
  })

  it('refuses a 51st question', () => {
    const m = withQuestions(Array.from({ length: 50 }, (_, i) => `${i + 1}`))
    m.refused(command('question:add', { label: 'z', text: 'One too many?' }), 'LIMIT_REACHED')
  })

  it('question:update changes label, text and group; an empty group removes it; its own label is no clash', () => {
    const m = withQuestions()
    const a = questionId(m, 'a')
    m.ok(command('question:update', { questionId: a, changes: { label: 'A', text: 'How, exactly?', group: '1. Early warning' } }))
    expect(m.state.questions[0]).toEqual({ id: a, label: 'A', text: 'How, exactly?', group: '1. Early warning' })
    m.ok(command('question:update', { questionId: a, changes: { group: '' } }))
    expect(m.state.questions[0]).toEqual({ id: a, label: 'A', text: 'How, exactly?' })
    const unchanged = m.state
    m.ok(command('question:update', { questionId: a, changes: { label: 'A', group: null } }))
    expect(m.state).toBe(unchanged)
  })

  it.each([
    ['to the top', 'c', null, ['c', 'a', 'b']],
    ['down one', 'a', 'b', ['b', 'a', 'c']],
    ['to the end', 'a', 'c', ['b', 'c', 'a']]
  ] as const)('question:move moves a question %s, keeping its id', (_label, moved, after, expected) => {
    const m = withQuestions()
    const id = questionId(m, moved)
    m.ok(command('question:move', { questionId: id, afterId: after === null ? null : questionId(m, after) }))
    expect(labels(m)).toEqual(expected)
    expect(questionId(m, moved)).toBe(id)
  })

  it('removing a tagged question keeps the tags in the notes, reported as orphaned rather than dropped', () => {
    const m = withQuestions(['a', 'b'])
    const statementId = m.give('Norway').state.floor.statementId as StatementId
    m.advance(MINUTE)
    const [a, b] = [questionId(m, 'a'), questionId(m, 'b')]
    const notes = {
      tags: [a, b, b].map((q, i) => ({ statementId, questionId: q, authorId: `nt${i}`, authorName: 'N', atMs: 0 })),
      highlights: [],
      notes: {}
    }
    expect(coverage(m.state, notes, m.nowMs).orphanedTags).toBe(0)
    m.ok(command('question:remove', { questionId: b }))
    expect(labels(m)).toEqual(['a'])
    const covered = coverage(m.state, notes, m.nowMs)
    expect(covered.questions.map((q) => q.question.label)).toEqual(['a'])
    expect(covered.questions[0]!.statementCount).toBe(1)
    expect(covered.orphanedTags).toBe(2)
  })
})

describe('segments', () => {
  it.each([
    ['last when afterId is omitted', undefined, ['Briefers', 'Speakers', 'Rights of reply', 'Observers']],
    ['first when afterId is null', null, ['Observers', 'Briefers', 'Speakers', 'Rights of reply']],
    ['after the given segment', 'Speakers', ['Briefers', 'Speakers', 'Observers', 'Rights of reply']]
  ] as const)('segment:add puts the segment %s', (_label, after, expected) => {
    const m = meetingWith()
    const afterId = after === undefined || after === null ? after : m.segmentId(after)
    const data = m.ok(command('segment:add', { name: 'Observers', ...(afterId === undefined ? {} : { afterId }) }))
    expect(segmentNames(m)).toEqual(expected)
    expect(m.state.segments[data.segmentId as string]).toMatchObject({
      name: 'Observers', defaultLimitMs: null, orderingRule: 'inscription', purpose: 'statement', drawSeed: null
    })
  })

  it('segment:add takes the rule, the limit and the purpose', () => {
    const m = meetingWith()
    const data = m.ok(command('segment:add', { name: 'Members', orderingRule: 'protocol-then-draw', defaultLimitMs: 4 * MINUTE, purpose: 'statement', afterId: m.segmentId('Briefers') }))
    expect(m.state.segments[data.segmentId as string]).toMatchObject({ orderingRule: 'protocol-then-draw', defaultLimitMs: 4 * MINUTE })
  })

  it('segment:update renames, changes the rule and the default limit; the floor keeps its limit, the next speaker gets the new one', () => {
    const m = meetingWith({ segments: standardSegments([], ['Mexico', 'Kenya']) }).give('Mexico')
    const speakers = m.segmentId('Speakers')
    const order = Object.values(m.state.speakers).map((s) => s.orderKey)
    m.ok(command('segment:update', { segmentId: speakers, changes: { name: 'Members', orderingRule: 'draw', defaultLimitMs: 4 * MINUTE } }))
    expect(m.state.segments[speakers]).toMatchObject({ name: 'Members', orderingRule: 'draw', defaultLimitMs: 4 * MINUTE, drawSeed: null })
    expect(Object.values(m.state.speakers).map((s) => s.orderKey)).toEqual(order)
    expect(m.state.timer.limitMs).toBe(5 * MINUTE)
    m.give('Kenya')
    expect(m.state.timer.limitMs).toBe(4 * MINUTE)
    const unchanged = m.state
    m.ok(command('segment:update', { segmentId: speakers, changes: { name: 'Members' } }))
    expect(m.state).toBe(unchanged)
  })

  it('a segment switched to a draw is ordered by the seed the chair can read back', () => {
    const m = meetingWith({ segments: standardSegments([], ['Mexico', 'Norway', 'Finland', 'Kenya', 'India']) })
    const speakers = m.segmentId('Speakers')
    m.ok(command('segment:update', { segmentId: speakers, changes: { orderingRule: 'draw' } }))
    const { seed } = m.ok(command('segment:order', { segmentId: speakers }))
    expect(m.state.segments[speakers]!.drawSeed).toBe(seed)
    expect(seed).toMatch(/^[0-9a-f]{8}$/)
  })

  it.each([
    ['a segment that does not exist', () => command('segment:update', { segmentId: 'seg-404' as SegmentId, changes: { name: 'X' } }), 'SEGMENT_NOT_FOUND'],
    ['removing a segment that does not exist', () => command('segment:remove', { segmentId: 'seg-404' as SegmentId }), 'SEGMENT_NOT_FOUND'],
    ['adding after a segment that does not exist', () => command('segment:add', { name: 'X', afterId: 'seg-404' as SegmentId }), 'SEGMENT_NOT_FOUND'],
    ['removing a segment with speakers on it', (m: TestMeeting) => command('segment:remove', { segmentId: m.segmentId('Speakers') }), 'SEGMENT_NOT_EMPTY']
  ] as const)('refuses %s', (_label, build, errorCode) => {
    const m = meetingWith({ segments: standardSegments([], ['Mexico']) })
    m.refused(build(m), errorCode)
  })

  it('removes an empty segment, but not one a delivered statement points to after its speaker was removed', () => {
    const m = meetingWith({ segments: standardSegments(['Norway'], ['Mexico']) })
    m.ok(command('segment:remove', { segmentId: m.segmentId('Rights of reply') }))
    expect(segmentNames(m)).toEqual(['Briefers', 'Speakers'])
    m.give('Norway').ok(command('floor:end', {}))
    m.ok(command('speaker:remove', { speakerId: m.speakerId('Norway') }))
    m.refused(command('segment:remove', { segmentId: m.segmentId('Briefers') }), 'SEGMENT_NOT_EMPTY')
  })

  it('refuses a 21st segment', () => {
    const m = meetingWith()
    for (let i = 0; i < 17; i++) m.ok(command('segment:add', { name: `Part ${i}` }))
    m.refused(command('segment:add', { name: 'One too many' }), 'LIMIT_REACHED')
  })
})
