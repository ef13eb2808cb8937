import { afterEach, describe, expect, it } from 'vitest'
import { CoverageView, fileNameFrom, type ExportTransport } from '../../../client/lib/coverage-view.svelte.ts'
import { parseRoute, takeToken, type Route } from '../../../client/lib/route.ts'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import { addHighlight, statementNotes, tagStatement } from '../../../shared/doc/notes.ts'
import type { StatementId } from '../../../shared/domain/types.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { eventually, useTestServer } from '../../support/server.ts'
import { callNext } from './call-next.ts'

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
  const { server, seed } = useTestServer()
  const opened: MeetingSession[] = []
  const open = (token: string, transport?: ExportTransport) => {
    const client = new RostrumClient({ url: server().url, token })
    const session = new MeetingSession(client)
    const view = new CoverageView(session, { token, serverUrl: server().url, ...(transport ? { transport } : {}) })
    opened.push(session)
    return { view, session, client }
  }
  afterEach(() => {
    for (const session of opened.splice(0)) session.destroy()
  })

  it('says which questions are not yet addressed, and follows tags from another note-taker', async () => {
    const meeting = await seed(smallMeeting())
    const chair = open(meeting.tokens.chair)
    const notetaker = open(meeting.tokens.notetaker)
    await eventually(() => chair.session.connection === 'live' && notetaker.session.connection === 'live')
    expect(chair.view.signals.map((signal) => signal.statementsSinceLast)).toEqual([null, null])
    expect(chair.view.statementRows).toEqual([])

    expect(await chair.session.run('meeting:open', {})).toBe(true)
    expect(await callNext(chair.session)).toBe(true)
    await eventually(() => notetaker.session.floor !== null)
    const kenya = notetaker.session.floor!.statement.id
    const [qa, qb] = notetaker.session.state!.questions
    tagStatement(notetaker.client.notes, kenya, qa!.id, alice, Date.now())

    await eventually(() => chair.view.signals[0]?.statementsSinceLast === 0, { message: 'the tag reaches the chair' })
    expect(chair.view.signals[1]?.statementsSinceLast).toBeNull()
    expect(chair.view.coverage?.notYetAddressed.map((question) => question.id)).toEqual([qb!.id])
    expect(chair.view.statementRows[0]?.cells).toEqual([{ authors: 1, of: 1 }, null])
    expect(chair.view.delegationRows).toEqual([{ speaker: 'KEN', name: 'Kenya', counts: [1, 0] }])

    // A second note-taker agrees on (a); Mexico speaks next, untagged: (a) was last addressed 1 ago.
    tagStatement(chair.client.notes, kenya, qa!.id, bob, Date.now())
    expect(await chair.session.run('floor:end', {})).toBe(true)
    expect(await callNext(chair.session)).toBe(true)
    await eventually(() => notetaker.view.signals[0]?.statementsSinceLast === 1 && notetaker.view.noteTakers === 2)
    expect(notetaker.view.statementRows.map((row) => row.cells[0])).toEqual([{ authors: 2, of: 2 }, null])
  })

  it('gathers notes and highlights into the digest, per question and in the record', async () => {
    const meeting = await seed(smallMeeting())
    const chair = open(meeting.tokens.chair)
    await eventually(() => chair.session.connection === 'live')
    await chair.session.run('meeting:open', {})
    await callNext(chair.session)
    await chair.session.run('floor:end', {})
    await eventually(() => chair.session.delivered.length === 1)
    const kenya = chair.session.delivered[0]!.id as StatementId
    const [qa] = chair.session.state!.questions
    tagStatement(chair.client.notes, kenya, qa!.id, alice, Date.now())
    statementNotes(chair.client.notes, kenya).insert(0, 'Calls for an annual joint meeting of the organs.')
    addHighlight(chair.client.notes, kenya, { kind: 'proposal', text: 'annual joint meeting' }, alice, Date.now())

    const contributions = chair.view.digest?.questions[0]?.contributions ?? []
    expect(contributions.map((contribution) => contribution.speaker)).toEqual(['Kenya (KEN)'])
    expect(contributions[0]?.notes).toBe('Calls for an annual joint meeting of the organs.')
    expect(contributions[0]?.highlights.map((highlight) => highlight.text)).toEqual(['annual joint meeting'])
    expect(chair.view.digest?.questions[1]?.contributions).toEqual([])
    expect(chair.view.digest?.record.map((entry) => entry.questions.map((question) => question.id))).toEqual([[qa!.id]])
  })

  it('keeps its figures still between clock readings: coverage moves with statements, not frames', async () => {
    const meeting = await seed(smallMeeting())
    const chair = open(meeting.tokens.chair)
    await eventually(() => chair.session.connection === 'live')
    await chair.session.run('meeting:open', {})
    await chair.session.run('floor:next', { expectedSpeakerId: chair.session.nextSpeaker!.id, startTimer: true })
    await eventually(() => chair.session.state?.timer.state === 'running')
    const first = chair.view.coverage
    const tickedFrom = chair.session.nowMs
    await eventually(() => chair.session.nowMs > tickedFrom + 250)
    // Several ticks later, inside one resolution step (or, rarely, across one boundary).
    const second = chair.view.coverage
    const third = chair.view.coverage
    expect(second).toBe(third)
    expect(first === second || Math.floor(tickedFrom / 15_000) !== Math.floor(chair.session.nowMs / 15_000)).toBe(true)
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

  it('reads the server’s file name from Content-Disposition', () => {
    expect(fileNameFrom(`attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent('مناقشة.csv')}`)).toBe('مناقشة.csv')
    expect(fileNameFrom('attachment; filename="export.md"')).toBe('export.md')
    expect(fileNameFrom("attachment; filename*=UTF-8''%E0%A4%A")).toBeNull()
    expect(fileNameFrom(null)).toBeNull()
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
