import { afterEach, describe, expect, it } from 'vitest'
import { COVERAGE_RESOLUTION_MS, CoverageView, fileNameFrom, type ExportTransport } from '../../../client/lib/coverage-view.svelte.ts'
import { parseRoute, takeToken, type Route } from '../../../client/lib/route.ts'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import { addHighlight, statementNotes, tagStatement } from '../../../shared/doc/notes.ts'
import type { StatementId } from '../../../shared/domain/types.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { useMemoryPairs, type MemoryPair } from '../../support/memory-pair.ts'
import { eventually, useTestServer } from '../../support/server.ts'
import { callNext } from './call-next.ts'

/**
 * How long each statement runs on the pair's clock. Statements that started at one instant would be
 * ordered by their random ids.
 */
const STATEMENT_MS = 60_000

const alice = { id: 'alice', name: 'Alice' }
const bob = { id: 'bob', name: 'Bob' }

/** Saves nothing to disk: records what the page would have saved. */
function recordingTransport () {
  const saved: { fileName: string; text: string }[] = []
  const pending: Promise<void>[] = []
  const transport: ExportTransport = {
    fetch: (url, init) => fetch(url, init),
    save: (blob, fileName) => { pending.push(blob.text().then((text) => { saved.push({ fileName, text }) })) }
  }
  return { transport, saved, settled: () => Promise.all(pending) }
}

describe('the coverage view (coverage and digest over the session and the notes)', () => {
  const startPair = useMemoryPairs()
  const opened: MeetingSession[] = []
  let pair: MemoryPair
  const open = (token: string) => {
    const client = pair.open(token)
    const session = new MeetingSession(client, { ticker: pair.ticker })
    // No download in these tests: the server's URL is never fetched.
    const view = new CoverageView(session, { token, serverUrl: 'http://memory-pair.invalid' })
    opened.push(session)
    return { view, session, client }
  }
  const settled = <T>(action: T | Promise<T>) => pair.settle(action)
  afterEach(() => {
    for (const session of opened.splice(0)) session.destroy()
  })

  it('says which questions are not yet addressed, and follows tags from another note-taker', async () => {
    pair = await startPair(smallMeeting())
    const chair = open(pair.meeting.tokens.chair)
    const notetaker = open(pair.meeting.tokens.notetaker)
    await pair.flush()
    expect([chair.session.connection, notetaker.session.connection]).toEqual(['live', 'live'])
    expect(chair.view.signals.map((signal) => signal.statementsSinceLast)).toEqual([null, null])
    expect(chair.view.statementRows).toEqual([])

    expect(await settled(chair.session.run('meeting:open', {}))).toBe(true)
    expect(await settled(callNext(chair.session))).toBe(true)
    const kenya = notetaker.session.floor!.statement.id
    const [qa, qb] = notetaker.session.state!.questions
    tagStatement(notetaker.client.notes, kenya, qa!.id, alice, pair.nowMs)

    expect(chair.view.signals[0]?.statementsSinceLast).toBeNull()
    await pair.flush()
    expect(chair.view.signals[0]?.statementsSinceLast).toBe(0)
    expect(chair.view.signals[1]?.statementsSinceLast).toBeNull()
    expect(chair.view.coverage?.notYetAddressed.map((question) => question.id)).toEqual([qb!.id])
    expect(chair.view.statementRows[0]?.cells).toEqual([{ authors: 1, of: 1 }, null])
    expect(chair.view.delegationRows).toEqual([{ speaker: 'KEN', name: 'Kenya', counts: [1, 0] }])

    // A second note-taker agrees on (a); Mexico speaks next, untagged: (a) was last addressed 1 ago.
    tagStatement(chair.client.notes, kenya, qa!.id, bob, pair.nowMs)
    pair.advance(STATEMENT_MS)
    expect(await settled(chair.session.run('floor:end', {}))).toBe(true)
    expect(await settled(callNext(chair.session))).toBe(true)
    expect(notetaker.view.signals[0]?.statementsSinceLast).toBe(1)
    expect(notetaker.view.noteTakers).toBe(2)
    expect(notetaker.view.statementRows.map((row) => row.cells[0])).toEqual([{ authors: 2, of: 2 }, null])
  })

  it('gathers notes and highlights into the digest, per question and in the record', async () => {
    pair = await startPair(smallMeeting())
    const chair = open(pair.meeting.tokens.chair)
    await pair.flush()
    await settled(chair.session.run('meeting:open', {}))
    await settled(callNext(chair.session))
    pair.advance(STATEMENT_MS)
    await settled(chair.session.run('floor:end', {}))
    expect(chair.session.delivered).toHaveLength(1)
    const kenya = chair.session.delivered[0]!.id as StatementId
    const [qa] = chair.session.state!.questions
    tagStatement(chair.client.notes, kenya, qa!.id, alice, pair.nowMs)
    statementNotes(chair.client.notes, kenya).insert(0, 'Calls for an annual joint meeting of the organs.')
    addHighlight(chair.client.notes, kenya, { kind: 'proposal', text: 'annual joint meeting' }, alice, pair.nowMs)

    const contributions = chair.view.digest?.questions[0]?.contributions ?? []
    expect(contributions.map((contribution) => contribution.speaker)).toEqual(['Kenya (KEN)'])
    expect(contributions[0]?.notes).toBe('Calls for an annual joint meeting of the organs.')
    expect(contributions[0]?.highlights.map((highlight) => highlight.text)).toEqual(['annual joint meeting'])
    expect(chair.view.digest?.questions[1]?.contributions).toEqual([])
    expect(chair.view.digest?.record.map((entry) => entry.questions.map((question) => question.id))).toEqual([[qa!.id]])
  })

  it('keeps its figures still between clock readings: coverage moves with statements, not frames', async () => {
    // The pair's clock starts on a resolution step, so a few ticks stay inside it.
    pair = await startPair(smallMeeting())
    expect(pair.nowMs % COVERAGE_RESOLUTION_MS).toBe(0)
    const chair = open(pair.meeting.tokens.chair)
    await pair.flush()
    await settled(chair.session.run('meeting:open', {}))
    await settled(chair.session.run('floor:next', { expectedSpeakerId: chair.session.nextSpeaker!.id, startTimer: true }))
    expect(chair.session.state?.timer.state).toBe('running')
    const first = chair.view.coverage
    const tickedFrom = chair.session.nowMs
    for (let tick = 0; tick < 3; tick++) pair.advance(100)
    expect(chair.session.nowMs).toBe(tickedFrom + 300)
    // Several ticks later, inside one resolution step: the same figures, not recomputed.
    const second = chair.view.coverage
    expect(second).toBe(first)
    expect(chair.view.coverage).toBe(second)
    // Across the step's end they are worked out again.
    pair.advance(COVERAGE_RESOLUTION_MS)
    expect(chair.view.coverage).not.toBe(first)
  })

  it('reads the server’s file name from Content-Disposition', () => {
    expect(fileNameFrom(`attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent('مناقشة.csv')}`)).toBe('مناقشة.csv')
    expect(fileNameFrom('attachment; filename="export.md"')).toBe('export.md')
    expect(fileNameFrom("attachment; filename*=UTF-8''%E0%A4%A")).toBeNull()
    expect(fileNameFrom(null)).toBeNull()
  })
})

// Over the real server: a download is an HTTP request to the export API with the link's token, and
// its file name and language come from the server's answer. Only the real server shows them.
describe('the coverage view downloads over the real server', () => {
  const { server, seed } = useTestServer()
  const opened: MeetingSession[] = []
  const open = (token: string, transport: ExportTransport) => {
    const session = new MeetingSession(new RostrumClient({ url: server().url, token }))
    const view = new CoverageView(session, { token, serverUrl: server().url, transport })
    opened.push(session)
    return { view, session }
  }
  afterEach(() => {
    for (const session of opened.splice(0)) session.destroy()
  })

  it('downloads an export with the link token under the server’s file name, and refuses without one', async () => {
    const meeting = await seed(smallMeeting())
    const recording = recordingTransport()
    const chair = open(meeting.tokens.chair, recording.transport)
    await eventually(() => chair.session.connection === 'live')
    expect(chair.view.canDownload).toBe(true)
    expect(await chair.view.download('csv')).toBe(true)
    await recording.settled()
    expect(recording.saved).toHaveLength(1)
    expect(recording.saved[0]?.fileName).toMatch(/\.csv$/)
    expect(recording.saved[0]?.text.length).toBeGreaterThan(0)
    expect(chair.view.downloading).toBeNull()
    // In the reader's language when asked: the smallMeeting is English, the file French.
    expect(await chair.view.download('md', 'fr')).toBe(true)
    await recording.settled()
    expect(recording.saved[1]?.fileName).toBe(`Compte rendu ${meeting.id}.md`)
    expect(recording.saved[1]?.text).toContain('Compte rendu de la séance')

    const kenya = open(meeting.tokens.delegations.KEN ?? '', recording.transport)
    await eventually(() => kenya.session.connection === 'live')
    expect(await kenya.view.download('csv')).toBe(false)
    expect(kenya.view.downloadFailed).toBe(true)
  })
})

describe('the report route', () => {
  const storageWith = (entries: Record<string, string>) => ({
    getItem: (key: string) => entries[key] ?? null,
    setItem: (key: string, value: string) => { entries[key] = value }
  })
  const env = (pathname: string, entries: Record<string, string>) => ({
    location: { pathname, search: '', hash: '' },
    history: { state: null, replaceState: () => undefined },
    storage: storageWith(entries)
  })

  it('parses /m/:id/report and reuses the chair’s or note-taker’s token kept in this tab', () => {
    const route = parseRoute('/m/mtg_1/report')
    expect(route).toEqual({ kind: 'meeting', meetingId: 'mtg_1', view: 'report' })
    const report = route as Extract<Route, { kind: 'meeting' }>
    expect(takeToken(report, env('/m/mtg_1/report', { 'rostrum.token:mtg_1/notes': 'notes-token' }))).toBe('notes-token')
    expect(takeToken(report, env('/m/mtg_1/report', { 'rostrum.token:mtg_1/public': 'public-token' }))).toBeNull()
    // Only the report falls back: a public page never picks up the chair's token.
    const publicRoute = parseRoute('/m/mtg_1/public') as Extract<Route, { kind: 'meeting' }>
    expect(takeToken(publicRoute, env('/m/mtg_1/public', { 'rostrum.token:mtg_1/chair': 'chair-token' }))).toBeNull()
  })
})
