// Issue 14, items 10 and 11: the meeting's own times (the frame of the verbatim record) kept in the
// control state, and statements circulated in writing instead of delivered.
import { describe, expect, it } from 'vitest'
import { coverage, digest, sittingFrame, timeUsed, waitingQueue, writtenStatements, type StatementId } from '../../../shared/domain/index.ts'
import type { NotesSnapshot } from '../../../shared/domain/notes.ts'
import { command, meetingWith, MINUTE, NOTETAKER, standardSegments, T0 } from './builders.ts'

describe('the meeting\'s own times', () => {
  it('open, suspend, resume and adjourn each record their moment by the server\'s clock, in order', () => {
    const m = meetingWith({ status: 'scheduled', segments: standardSegments([], ['Mexico']) })
    expect(m.state.sittings).toEqual([])
    m.advance(6 * MINUTE).ok(command('meeting:open', {}))
    m.advance(196 * MINUTE).ok(command('meeting:suspend', {}))
    m.advance(99 * MINUTE).ok(command('meeting:resume', {}))
    m.advance(184 * MINUTE).ok(command('meeting:adjourn', {}))
    expect(m.state.sittings).toEqual([
      { kind: 'called-to-order', atMs: T0 + 6 * MINUTE },
      { kind: 'suspended', atMs: T0 + 202 * MINUTE },
      { kind: 'resumed', atMs: T0 + 301 * MINUTE },
      { kind: 'rose', atMs: T0 + 485 * MINUTE }
    ])
    expect(sittingFrame(m.state.sittings)).toEqual({
      calledToOrderAtMs: T0 + 6 * MINUTE,
      suspensions: [{ suspendedAtMs: T0 + 202 * MINUTE, resumedAtMs: T0 + 301 * MINUTE }],
      roseAtMs: T0 + 485 * MINUTE
    })
  })

  it('a refused transition records nothing', () => {
    const m = meetingWith({ status: 'scheduled' })
    m.refused(command('meeting:resume', {}), 'INVALID_TRANSITION')
    expect(m.state.sittings).toEqual([])
  })

  it('a document from before the times were kept frames what it can', () => {
    expect(sittingFrame(undefined)).toEqual({ calledToOrderAtMs: null, suspensions: [], roseAtMs: null })
    expect(sittingFrame([{ kind: 'suspended', atMs: 5 }])).toEqual({
      calledToOrderAtMs: null, suspensions: [{ suspendedAtMs: 5, resumedAtMs: null }], roseAtMs: null
    })
  })
})

describe('speaker:written', () => {
  const debate = () => meetingWith({ segments: standardSegments([], ['Mexico', 'Norway', 'Finland', 'Kenya']) })

  it('marks the remaining waiting speakers at once, each with a written statement that takes no time', () => {
    const m = debate().give('Mexico').advance(4 * MINUTE)
    m.ok(command('floor:end', {}))
    m.advance(MINUTE)
    const data = m.ok(command('speaker:written', { speakerIds: waitingQueue(m.state).map((speaker) => speaker.id) }))
    expect(waitingQueue(m.state)).toEqual([])
    for (const name of ['Norway', 'Finland', 'Kenya']) expect(m.speaker(name).status).toBe('written')
    const written = writtenStatements(m.state)
    expect(written.map((statement) => statement.name)).toEqual(['Norway', 'Finland', 'Kenya'])
    expect(data.statementIds).toEqual(written.map((statement) => statement.id))
    expect(written[0]).toMatchObject({
      kind: 'written', speakerId: m.speakerId('Norway'), delegation: 'NOR', startedAtMs: T0 + 5 * MINUTE,
      endedAtMs: T0 + 5 * MINUTE, durationMs: null, limitMs: null, overrunMs: null, pauses: []
    })
    // No speaking time: the debate's time used is Mexico's alone.
    expect(timeUsed(m.state).totalMs).toBe(4 * MINUTE)
  })

  it('marks one speaker; the others keep their places', () => {
    const m = debate()
    m.ok(command('speaker:written', { speakerIds: [m.speakerId('Finland')] }))
    expect(waitingQueue(m.state).map((speaker) => speaker.name)).toEqual(['Mexico', 'Norway', 'Kenya'])
  })

  it.each([
    ['speaking', (m: ReturnType<typeof debate>) => m.give('Norway')],
    ['withdrawn', (m: ReturnType<typeof debate>) => m.ok(command('speaker:withdraw', { speakerId: m.speakerId('Norway') }))]
  ] as const)('refuses the whole command when one speaker is %s', (_label, setUp) => {
    const m = debate()
    setUp(m)
    m.refused(command('speaker:written', { speakerIds: [m.speakerId('Mexico'), m.speakerId('Norway')] }), 'SPEAKER_NOT_WAITING')
  })

  it('refuses an unknown speaker, a note-taker, and an adjourned meeting', () => {
    const m = debate()
    m.refused(command('speaker:written', { speakerIds: [m.speakerId('Mexico'), 'spk-nope' as never] }), 'SPEAKER_NOT_FOUND')
    m.refused(command('speaker:written', { speakerIds: [m.speakerId('Mexico')] }), 'FORBIDDEN', NOTETAKER)
    m.ok(command('meeting:adjourn', {}))
    m.refused(command('speaker:written', { speakerIds: [m.speakerId('Mexico')] }), 'MEETING_ADJOURNED')
  })

  it('a written statement can be tagged: coverage and the digest count it, the record lists it apart', () => {
    const m = debate().give('Mexico').advance(4 * MINUTE)
    m.ok(command('floor:end', {}))
    m.ok(command('speaker:written', { speakerIds: [m.speakerId('Norway')] }))
    m.ok(command('question:add', { label: 'a', text: 'How can the organs coordinate?' }))
    const [written] = writtenStatements(m.state)
    const questionId = m.state.questions[0]?.id
    if (!written || !questionId) throw new Error('expected a written statement and a question')
    const notes: NotesSnapshot = {
      tags: [{ statementId: written.id as StatementId, questionId, authorId: 'a', authorName: 'A', atMs: m.nowMs }],
      highlights: [],
      notes: { [written.id]: 'Norway supports early warning.' }
    }
    expect(coverage(m.state, notes, m.nowMs).questions[0]?.statementCount).toBe(1)
    const result = digest(m.state, notes, m.nowMs)
    expect(result.record.map((entry) => entry.statement.name)).toEqual(['Mexico'])
    expect(result.written.map((entry) => [entry.statement.name, entry.questions.map((q) => q.id), entry.notes]))
      .toEqual([['Norway', [questionId], 'Norway supports early warning.']])
    expect(result.questions[0]?.contributions.map((c) => c.statement.id)).toEqual([written.id])
  })

  it('speaker:restore takes a circulation back: the speaker waits again in their place, the written statement leaves the record', () => {
    const m = debate()
    m.ok(command('speaker:written', { speakerIds: [m.speakerId('Norway'), m.speakerId('Finland')] }))
    m.ok(command('speaker:restore', { speakerId: m.speakerId('Norway') }))
    expect(m.speaker('Norway').status).toBe('waiting')
    expect(waitingQueue(m.state).map((speaker) => speaker.name)).toEqual(['Mexico', 'Norway', 'Kenya'])
    expect(writtenStatements(m.state).map((statement) => statement.name)).toEqual(['Finland'])
    expect(digest(m.state, { tags: [], highlights: [], notes: {} }, m.nowMs).written.map((entry) => entry.statement.name)).toEqual(['Finland'])
    // Restored once, it is an ordinary waiting speaker: restoring again is no transition.
    m.refused(command('speaker:restore', { speakerId: m.speakerId('Norway') }), 'INVALID_TRANSITION')
  })
})

describe('the control document and the meeting\'s times', () => {
  it('a document written before the times were kept reads with none; a new one round-trips them', async () => {
    const { createControlDoc, readControlState, writeControlState } = await import('../../../shared/doc/control.ts')
    const m = meetingWith({ status: 'scheduled' })
    m.ok(command('meeting:open', {}))
    const doc = createControlDoc()
    writeControlState(doc, null, m.state)
    expect(readControlState(doc)?.sittings).toEqual([{ kind: 'called-to-order', atMs: T0 }])
    doc.getMap('meeting').delete('sittings')
    expect(readControlState(doc)?.sittings).toEqual([])
  })
})
