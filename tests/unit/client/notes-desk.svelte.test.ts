import { afterEach, describe, expect, it } from 'vitest'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { NotesDesk, normaliseLabel } from '../../../client/lib/notes-desk.svelte.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import { readHighlights, readTags } from '../../../shared/doc/notes.ts'
import type { DelegationCode } from '../../../shared/domain/index.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { eventually, useTestServer } from '../../support/server.ts'

/** localStorage's shape, in memory: each "browser" of the test keeps its own. */
function memoryStorage (): Pick<Storage, 'getItem' | 'setItem'> {
  const values = new Map<string, string>()
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => { values.set(key, value) } }
}

const meetingWithArabicLabels = () => smallMeeting({
  questions: [{ label: 'أ', text: 'Coordination?' }, { label: 'ب', text: 'Institutions?' }, { label: 'هـ', text: 'The Secretary-General?' }]
})

describe('the notes desk (focus, tags, highlights and presence over the session)', () => {
  const { server, seed } = useTestServer()
  const opened: { desk: NotesDesk; session: MeetingSession; client: RostrumClient }[] = []
  const open = (token: string, storage = memoryStorage()) => {
    const client = new RostrumClient({ url: server().url, token })
    const session = new MeetingSession(client)
    const desk = new NotesDesk(session, client, { storage })
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

  it('focuses the live statement, follows the floor, and stays on a pinned one with a jump offered', async () => {
    const meeting = seed(meetingWithArabicLabels())
    const chair = open(meeting.tokens.chair)
    const { desk } = open(meeting.tokens.notetaker)
    await eventually(() => chair.session.connection === 'live' && desk.questions.length === 3)
    expect(desk.focusedId).toBeNull()

    await chair.session.open()
    await chair.session.next()
    await eventually(() => desk.focused?.name === 'Kenya')
    const kenya = desk.focusedId!
    expect(desk.liveElsewhere).toBeNull()

    await chair.session.end()
    await chair.session.next()
    await eventually(() => desk.focused?.name === 'Mexico')
    expect(desk.statements.map((item) => [item.statement.name, item.live])).toEqual([['Mexico', true], ['Kenya', false]])

    desk.step(1)
    expect(desk.focusedId).toBe(kenya)
    expect(desk.liveElsewhere?.name).toBe('Mexico')
    desk.jumpToLive()
    expect(desk.focused?.name).toBe('Mexico')

    // A point of order is procedure: the statement it interrupts stays in focus.
    desk.select(kenya)
    desk.jumpToLive()
    expect(await chair.session.run('point-of-order:raise', { name: 'Norway', delegation: 'NOR' as DelegationCode })).toBe(true)
    await eventually(() => chair.session.state?.floor.interrupted !== null)
    expect(desk.focused?.name).toBe('Mexico')
    expect(desk.statements.some((item) => item.statement.kind === 'point-of-order')).toBe(false)
  })

  it('toggles tags by digit or label for this author only, and counts agreement', async () => {
    const meeting = seed(meetingWithArabicLabels())
    const chair = open(meeting.tokens.chair)
    const one = open(meeting.tokens.notetaker)
    const two = open(meeting.tokens.notetaker)
    await eventually(() => chair.session.connection === 'live' && one.session.connection === 'live' && two.session.connection === 'live')
    await chair.session.open()
    await chair.session.next()
    await eventually(() => one.desk.focusedId !== null && two.desk.focusedId !== null)
    expect(one.desk.authorId).not.toBe(two.desk.authorId)

    expect(one.desk.toggleByKey('1')).toBe(true)
    expect(two.desk.toggleByKey('أ')).toBe(true)
    expect(two.desk.toggleByKey('ه')).toBe(true) // "هـ" without the tatweel, as a keyboard types it
    expect(one.desk.toggleByKey('x')).toBe(false)
    await eventually(() => one.desk.rows[0]?.authors === 2 && one.desk.rows[2]?.authors === 1)
    expect(one.desk.rows.map((row) => [row.key, row.mine, row.authors, row.of])).toEqual([
      ['1', true, 2, 2], ['2', false, 0, 2], ['3', false, 1, 2]
    ])

    // Removing my tag leaves my colleague's.
    one.desk.toggle(one.desk.rows[0]!.question.id)
    await eventually(() => two.desk.rows[0]?.authors === 1)
    expect(two.desk.rows[0]?.mine).toBe(true)
    expect(readTags(two.client.notes).map((tag) => tag.authorId)).not.toContain(one.desk.authorId)
  })

  it('keeps the author id and name per browser, and writes highlights under them', async () => {
    const meeting = seed(smallMeeting())
    const storage = memoryStorage()
    const chair = open(meeting.tokens.chair)
    const first = open(meeting.tokens.notetaker, storage)
    await eventually(() => chair.session.connection === 'live' && first.session.connection === 'live')
    expect(first.desk.name).toMatch(/^Note-taker \d+$/)
    first.desk.rename('  Précis writer  ')
    const again = open(meeting.tokens.notetaker, storage)
    expect(again.desk.authorId).toBe(first.desk.authorId)
    expect(again.desk.name).toBe('Précis writer')

    await chair.session.open()
    await chair.session.next()
    await eventually(() => again.desk.focusedId !== null)
    expect(again.desk.highlight('quote', '   ')).toBeNull()
    const highlight = again.desk.highlight('proposal', ' an annual joint meeting ')
    expect(highlight).toMatchObject({ kind: 'proposal', text: 'an annual joint meeting', authorName: 'Précis writer' })
    await eventually(() => first.desk.highlights.length === 1)
    expect(readHighlights(chair.client.notes)).toHaveLength(1)
  })

  it('shows which other note-takers are present and where, and forgets one that leaves', async () => {
    const meeting = seed(smallMeeting())
    const chair = open(meeting.tokens.chair)
    const one = open(meeting.tokens.notetaker)
    const two = open(meeting.tokens.notetaker)
    await eventually(() => [chair, one, two].every(({ session }) => session.connection === 'live'))
    one.desk.rename('Ana')
    two.desk.rename('Bo')
    await eventually(() => one.desk.peers.some((peer) => peer.name === 'Bo'))
    await chair.session.open()
    await chair.session.next()
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
