import { afterEach, describe, expect, it } from 'vitest'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { NotesDesk, WRITING_MS, normaliseLabel } from '../../../client/lib/notes-desk.svelte.ts'
import type { IdleTimer } from '../../../client/lib/statement-review.svelte.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import { readHighlights, readTags } from '../../../shared/doc/notes.ts'
import type { DelegationCode } from '../../../shared/domain/index.ts'
import type { MeetingDescription } from '../../../shared/domain/meeting-description.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { useMemoryPairs, type MemoryPair, type MemoryReplica } from '../../support/memory-pair.ts'
import { eventually, useTestServer } from '../../support/server.ts'
import { callNext } from './call-next.ts'

/**
 * How long each statement runs on the pair's clock. Statements that started at one instant would be
 * ordered by their random ids.
 */
const STATEMENT_MS = 60_000

/** localStorage's shape, in memory: each "browser" of the test keeps its own. */
function memoryStorage (): Pick<Storage, 'getItem' | 'setItem'> {
  const values = new Map<string, string>()
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => { values.set(key, value) } }
}

/** An idle timer the test moves by hand: nothing fires until `advance` passes its time. */
function manualTimer (): { timer: IdleTimer; advance: (ms: number) => void; pending: () => number } {
  let nowMs = 0
  let waiting: { atMs: number; onIdle: () => void }[] = []
  return {
    timer: (ms, onIdle) => {
      const entry = { atMs: nowMs + ms, onIdle }
      waiting.push(entry)
      return () => { waiting = waiting.filter((other) => other !== entry) }
    },
    advance: (ms) => {
      nowMs += ms
      const due = waiting.filter((entry) => entry.atMs <= nowMs)
      waiting = waiting.filter((entry) => entry.atMs > nowMs)
      for (const entry of due) entry.onIdle()
    },
    pending: () => waiting.length
  }
}

const threeMembers = () => smallMeeting({
  segments: [{ name: 'Members', defaultLimitMs: 300_000, speakers: [
    { name: 'Kenya', delegation: 'KEN' }, { name: 'Mexico', delegation: 'MEX' }, { name: 'Norway', delegation: 'NOR' }
  ] }]
})

const meetingWithArabicLabels = () => smallMeeting({
  questions: [{ label: 'أ', text: 'Coordination?' }, { label: 'ب', text: 'Institutions?' }, { label: 'هـ', text: 'The Secretary-General?' }]
})

describe('the notes desk (focus, tags and highlights over the session)', () => {
  const startPair = useMemoryPairs()
  const opened: { desk: NotesDesk; session: MeetingSession; client: MemoryReplica }[] = []
  let pair: MemoryPair
  // No real timer either: a test that does not move the idle timer never sees it fire.
  const open = (token: string, storage = memoryStorage(), idleTimer: IdleTimer = manualTimer().timer) => {
    const client = pair.open(token)
    const session = new MeetingSession(client, { ticker: pair.ticker })
    const desk = new NotesDesk(session, { storage, idleTimer })
    const opening = { desk, session, client }
    opened.push(opening)
    return opening
  }
  const settled = <T>(action: T | Promise<T>) => pair.settle(action)
  /** A chair and a note-taker whose idle timer the test moves, the meeting open and its first speaker (Kenya) called. */
  const kenyaOnTheFloor = async (description: MeetingDescription, questions: number) => {
    pair = await startPair(description)
    const chair = open(pair.meeting.tokens.chair)
    const time = manualTimer()
    const notetaker = open(pair.meeting.tokens.notetaker, memoryStorage(), time.timer)
    await pair.flush()
    expect(chair.session.connection).toBe('live')
    expect(notetaker.desk.questions).toHaveLength(questions)
    await settled(chair.session.run('meeting:open', {}))
    await settled(callNext(chair.session))
    expect(notetaker.desk.focused?.name).toBe('Kenya')
    return { chair, time, ...notetaker }
  }
  afterEach(() => {
    for (const { desk, session } of opened.splice(0)) {
      desk.destroy()
      session.destroy()
    }
  })

  it('focuses the live statement, follows the floor, and reviews an earlier one until sent back', async () => {
    pair = await startPair(meetingWithArabicLabels())
    const chair = open(pair.meeting.tokens.chair)
    const { desk } = open(pair.meeting.tokens.notetaker)
    await pair.flush()
    expect(chair.session.connection).toBe('live')
    expect(desk.questions).toHaveLength(3)
    expect(desk.focusedId).toBeNull()

    await settled(chair.session.run('meeting:open', {}))
    await settled(callNext(chair.session))
    expect(desk.focused?.name).toBe('Kenya')
    const kenya = desk.focusedId!
    expect(desk.mode).toBe('follow')

    pair.advance(STATEMENT_MS)
    await settled(chair.session.run('floor:end', {}))
    await settled(callNext(chair.session))
    expect(desk.focused?.name).toBe('Mexico')
    expect(desk.statements.map((item) => [item.statement.name, item.live])).toEqual([['Mexico', true], ['Kenya', false]])

    desk.step(1)
    expect(desk.focusedId).toBe(kenya)
    expect([desk.mode, desk.live?.name]).toEqual(['review', 'Mexico'])
    desk.followFloor()
    expect([desk.mode, desk.focused?.name]).toEqual(['follow', 'Mexico'])
    // Picking the live statement is following the floor, not a review of it.
    desk.select(kenya)
    desk.select(desk.liveId!)
    expect(desk.mode).toBe('follow')

    // A point of order is procedure: the statement it interrupts stays in focus.
    expect(await settled(chair.session.run('point-of-order:raise', { name: 'Norway', delegation: 'NOR' as DelegationCode }))).toBe(true)
    expect(chair.session.state?.floor.interrupted).not.toBeNull()
    expect(desk.focused?.name).toBe('Mexico')
    expect(desk.statements.some((item) => item.statement.kind === 'point-of-order')).toBe(false)
  })

  it('toggles tags by digit or label for this author only, and counts agreement', async () => {
    pair = await startPair(meetingWithArabicLabels())
    const chair = open(pair.meeting.tokens.chair)
    const one = open(pair.meeting.tokens.notetaker)
    const two = open(pair.meeting.tokens.notetaker)
    await pair.flush()
    expect([chair, one, two].map(({ session }) => session.connection)).toEqual(['live', 'live', 'live'])
    await settled(chair.session.run('meeting:open', {}))
    await settled(callNext(chair.session))
    expect(one.desk.focusedId).not.toBeNull()
    expect(two.desk.focusedId).not.toBeNull()
    expect(one.desk.authorId).not.toBe(two.desk.authorId)

    expect(one.desk.toggleByKey('1')).toBe(true)
    expect(two.desk.toggleByKey('أ')).toBe(true)
    expect(two.desk.toggleByKey('ه')).toBe(true) // "هـ" without the tatweel, as a keyboard types it
    expect(one.desk.toggleByKey('x')).toBe(false)
    await pair.flush()
    expect(one.desk.rows.map((row) => [row.key, row.mine, row.authors, row.of])).toEqual([
      ['1', true, 2, 2], ['2', false, 0, 2], ['3', false, 1, 2]
    ])

    // Removing my tag leaves my colleague's.
    one.desk.toggle(one.desk.rows[0]!.question.id)
    expect(two.desk.rows[0]?.authors).toBe(2)
    await pair.flush()
    expect(two.desk.rows[0]?.authors).toBe(1)
    expect(two.desk.rows[0]?.mine).toBe(true)
    expect(readTags(two.client.notes).map((tag) => tag.authorId)).not.toContain(one.desk.authorId)
  })

  it('keeps the author id and name per browser, and writes highlights under them', async () => {
    pair = await startPair(smallMeeting())
    const storage = memoryStorage()
    const chair = open(pair.meeting.tokens.chair)
    const first = open(pair.meeting.tokens.notetaker, storage)
    await pair.flush()
    expect([chair.session.connection, first.session.connection]).toEqual(['live', 'live'])
    expect(first.desk.name).toMatch(/^Note-taker \d+$/)
    first.desk.rename('  Précis writer  ')
    const again = open(pair.meeting.tokens.notetaker, storage)
    expect(again.desk.authorId).toBe(first.desk.authorId)
    expect(again.desk.name).toBe('Précis writer')

    await settled(chair.session.run('meeting:open', {}))
    await settled(callNext(chair.session))
    expect(again.desk.focusedId).not.toBeNull()
    expect(again.desk.highlight('quote', '   ')).toBeNull()
    const highlight = again.desk.highlight('proposal', ' an annual joint meeting ')
    expect(highlight).toMatchObject({ kind: 'proposal', text: 'an annual joint meeting', authorName: 'Précis writer' })
    expect(first.desk.highlights).toEqual([])
    await pair.flush()
    expect(first.desk.highlights).toHaveLength(1)
    expect(readHighlights(chair.client.notes)).toHaveLength(1)
  })

  it('shows which other note-takers are present and where, and forgets one that leaves', async () => {
    pair = await startPair(smallMeeting())
    const chair = open(pair.meeting.tokens.chair)
    const one = open(pair.meeting.tokens.notetaker)
    const two = open(pair.meeting.tokens.notetaker)
    await pair.flush()
    expect([chair, one, two].map(({ session }) => session.connection)).toEqual(['live', 'live', 'live'])
    one.desk.rename('Ana')
    two.desk.rename('Bo')
    const bo = () => one.desk.peers.find((peer) => peer.name === 'Bo')
    expect(bo()).toBeUndefined()
    await pair.flush()
    expect(bo()).toMatchObject({ statementId: null })
    await settled(chair.session.run('meeting:open', {}))
    await settled(callNext(chair.session))
    expect(two.desk.focusedId).not.toBeNull()
    expect(bo()?.statementId).toBe(two.desk.focusedId)

    const [leaving] = opened.splice(opened.indexOf(two), 1)
    leaving!.desk.destroy()
    expect(bo()).toBeDefined()
    await pair.flush()
    expect(bo()).toBeUndefined()
    leaving!.session.destroy()
  })

  it('shows a note-taker who comes later everyone already there, who answer its arrival', async () => {
    pair = await startPair(smallMeeting())
    const one = open(pair.meeting.tokens.notetaker)
    one.desk.rename('Ana')
    await pair.flush()
    const late = open(pair.meeting.tokens.notetaker)
    late.desk.rename('Bo')
    await pair.flush()
    expect(late.desk.peers.map((peer) => peer.name)).toEqual(['Ana'])
    expect(one.desk.peers.map((peer) => peer.name)).toEqual(['Bo'])
  })

  it('ends a review by itself after the idle time, which each key press or click restarts (the test decides time)', async () => {
    const { chair, time, desk } = await kenyaOnTheFloor(meetingWithArabicLabels(), 3)
    const kenya = desk.focusedId!
    pair.advance(STATEMENT_MS)
    await settled(chair.session.run('floor:end', {}))
    await settled(callNext(chair.session))
    expect(desk.focused?.name).toBe('Mexico')

    desk.select(kenya)
    expect([desk.mode, desk.focused?.name]).toEqual(['review', 'Kenya'])
    time.advance(desk.reviewIdleMs - 1)
    expect(desk.mode).toBe('review')
    desk.noteActivity()
    time.advance(desk.reviewIdleMs - 1)
    expect(desk.focused?.name).toBe('Kenya')
    time.advance(1)
    expect([desk.mode, desk.focused?.name]).toEqual(['follow', 'Mexico'])
    expect(time.pending()).toBe(0)

    // Following the floor, activity arms nothing; leaving a review disarms its timer.
    desk.noteActivity()
    expect(time.pending()).toBe(0)
    desk.select(kenya)
    desk.followFloor()
    expect(time.pending()).toBe(0)
  })

  it('keeps a review while the floor moves on, and says where a tag went when someone else speaks', async () => {
    const { chair, time, desk, client } = await kenyaOnTheFloor(threeMembers(), 2)
    const kenya = desk.focusedId!
    pair.advance(STATEMENT_MS)
    await settled(chair.session.run('floor:end', {}))
    expect(desk.liveId).toBeNull()
    // Between speakers the desk stays on the latest statement, following the floor.
    expect([desk.mode, desk.focused?.name]).toEqual(['follow', 'Kenya'])
    desk.select(kenya)
    expect(desk.mode).toBe('follow')

    // Reviewing Kenya with nobody on the floor: a tag goes there and needs no notice.
    await settled(callNext(chair.session))
    expect(desk.focused?.name).toBe('Mexico')
    pair.advance(STATEMENT_MS)
    await settled(chair.session.run('floor:end', {}))
    expect(desk.liveId).toBeNull()
    desk.select(kenya)
    expect(desk.toggleByKey('1')).toBe(true)
    expect(desk.tagNotice).toBeNull()

    // A little later the floor moves on during the review: the desk stays, the live speaker is named.
    pair.advance(STATEMENT_MS)
    await settled(callNext(chair.session))
    expect(desk.live?.name).toBe('Norway')
    const norway = desk.liveId!
    expect([desk.mode, desk.focused?.name]).toEqual(['review', 'Kenya'])

    // A tag key now tags what is on screen, and the notice says so and offers the live speaker.
    expect(desk.toggleByKey('2')).toBe(true)
    expect(desk.tagNotice).toMatchObject({ added: true, statement: { name: 'Kenya' }, live: { name: 'Norway' }, question: { label: 'b' } })
    const tagsOn = (id: string) => readTags(client.notes).filter((tag) => tag.statementId === id).map((tag) => tag.questionId)
    const [a, b] = desk.questions.map((question) => question.id)
    expect(tagsOn(kenya)).toEqual([a, b])

    desk.moveTagToLive()
    expect(tagsOn(kenya)).toEqual([a])
    expect(tagsOn(norway)).toEqual([b])
    expect([desk.mode, desk.focused?.name, desk.tagNotice]).toEqual(['follow', 'Norway', null])

    // Untagging during a review is said too, with nothing to move.
    desk.select(kenya)
    desk.toggleByKey('1')
    expect(desk.tagNotice).toMatchObject({ added: false, statement: { name: 'Kenya' } })
    desk.moveTagToLive()
    expect(tagsOn(kenya)).toEqual([])
    expect(desk.mode).toBe('review')
    time.advance(desk.reviewIdleMs)
    expect([desk.mode, desk.tagNotice]).toEqual(['follow', null])
  })

  it('keeps the statement being written in when the floor moves on mid-sentence, as a review', async () => {
    const { chair, time, desk } = await kenyaOnTheFloor(threeMembers(), 2)

    // Typing as the chair calls the next speaker: Kenya stays, as a review naming Mexico.
    desk.noteTyping()
    pair.advance(STATEMENT_MS)
    await settled(chair.session.run('floor:end', {}))
    await settled(callNext(chair.session))
    expect(desk.live?.name).toBe('Mexico')
    expect([desk.mode, desk.focused?.name]).toEqual(['review', 'Kenya'])
    desk.leaveNotes()
    desk.followFloor()
    expect(desk.focused?.name).toBe('Mexico')

    // A pause long enough ends the sentence: the next call is followed.
    desk.noteTyping()
    time.advance(WRITING_MS)
    pair.advance(STATEMENT_MS)
    await settled(chair.session.run('floor:end', {}))
    await settled(callNext(chair.session))
    expect(desk.live?.name).toBe('Norway')
    expect([desk.mode, desk.focused?.name]).toEqual(['follow', 'Norway'])
  })
})

// Over the real server: the same, with awareness carried as Socket.IO events (RostrumClient's
// awareness channel, which the memory pair does not use).
describe('the notes desk shows the other note-takers over the real server', () => {
  const { server, seed } = useTestServer()
  const opened: { desk: NotesDesk; session: MeetingSession; client: RostrumClient }[] = []
  const open = (token: string) => {
    const client = new RostrumClient({ url: server().url, token })
    const session = new MeetingSession(client)
    const desk = new NotesDesk(session, { storage: memoryStorage() })
    const opening = { desk, session, client }
    opened.push(opening)
    return opening
  }
  afterEach(() => {
    for (const { desk, session, client } of opened.splice(0)) {
      desk.destroy()
      session.destroy()
      client.close()
    }
  })

  it('shows which other note-takers are present and where, and forgets one that leaves', async () => {
    const meeting = await seed(smallMeeting())
    const chair = open(meeting.tokens.chair)
    const one = open(meeting.tokens.notetaker)
    const two = open(meeting.tokens.notetaker)
    await eventually(() => [chair, one, two].every(({ session }) => session.connection === 'live'))
    one.desk.rename('Ana')
    two.desk.rename('Bo')
    await eventually(() => one.desk.peers.some((peer) => peer.name === 'Bo'))
    await chair.session.run('meeting:open', {})
    await callNext(chair.session)
    await eventually(() => one.desk.peers.find((peer) => peer.name === 'Bo')?.statementId === two.desk.focusedId && two.desk.focusedId !== null)

    const [leaving] = opened.splice(opened.indexOf(two), 1)
    leaving!.desk.destroy()
    await eventually(() => !one.desk.peers.some((peer) => peer.name === 'Bo'))
    leaving!.session.destroy()
    leaving!.client.close()
  })
})

describe('normaliseLabel', () => {
  it.each([['هـ', 'ه'], ['(a)', 'a'], ['B', 'b'], [' 1 ', '1']])('%j → %j', (label, normalised) => {
    expect(normaliseLabel(label)).toBe(normalised)
  })
})
