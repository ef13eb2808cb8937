// A delegation's note on its request and the chair's reason for declining it are read by the chair and
// that delegation only. Every other link — another delegation, the public, a note-taker, a screen on the
// live link — gets them by no route: not in the control document, not in any event, not in an export.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import type { DelegationCode, RequestId } from '../../shared/domain/index.ts'
import type { CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import { generateToken, hashToken } from '../../server/auth/tokens.ts'
import { smallMeeting } from '../support/meetings.ts'
import { connect, eventually, seedMeeting, startTestServer, watch, type TestServer } from '../support/server.ts'

const NOTE = 'Note-9f3c: the Minister arrives at noon'
const REPLY_NOTE = 'Note-71ab: in reply to the statement of Kenya'
const REASON = 'Reason-c55e: the right of reply comes at the end of the day'
const SECRETS = [NOTE, REPLY_NOTE, REASON]
const NOR = 'NOR' as DelegationCode

describe('request notes and decline reasons', () => {
  let server: TestServer
  const clients: MeetingReplica[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await server?.destroy()
  })

  /** Everything a Socket.IO link receives, as text, from now on. */
  function recordEvents (client: RostrumClient): string[] {
    const received: string[] = []
    client.socket.onAny((event: string, ...args: unknown[]) => received.push(`${event} ${JSON.stringify(args)}`))
    return received
  }
  const docText = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('latin1')
  const storedText = async (meeting: CreatedMeeting) =>
    (await server.store.loadDocument(meeting.id, 'control'))!.updates.map((update) => Buffer.from(update).toString('latin1')).join('')
  const leaks = (text: string) => SECRETS.filter((secret) => text.includes(Buffer.from(secret).toString('latin1')) || text.includes(secret))

  it('reach the chair and the requesting delegation, and no one else by any route', async () => {
    server = await startTestServer()
    const meeting = await seedMeeting(server, smallMeeting())
    const chair = await connect(server, meeting.tokens.chair, clients)
    const norway = await connect(server, meeting.tokens.delegations.NOR!, clients)
    const others = {
      mexico: await connect(server, meeting.tokens.delegations.MEX!, clients),
      public: await connect(server, meeting.tokens.public, clients),
      notetaker: await connect(server, meeting.tokens.notetaker, clients)
    }
    const screen = await watch(server, meeting.tokens.public, clients)
    const heard = Object.fromEntries(Object.entries(others).map(([name, client]) => [name, recordEvents(client)]))

    const asked = await norway.command('request:create', { delegation: NOR, type: 'inscription', note: NOTE })
    const replied = await norway.command('request:create', { delegation: NOR, type: 'right-of-reply', note: REPLY_NOTE })
    if (!asked.ok || !replied.ok) throw new Error('the requests were refused')
    const inscription = asked.data['requestId'] as RequestId
    const reply = replied.data['requestId'] as RequestId
    expect(await chair.command('request:decline', { requestId: reply, reason: REASON })).toMatchObject({ ok: true })

    // The two who may read them have them in their state, as the views show them.
    for (const reader of [chair, norway]) {
      await eventually(() => reader.state?.requests[reply]?.reason === REASON, { message: 'the reason' })
      expect(reader.state!.requests[inscription]).toMatchObject({ note: NOTE, status: 'pending' })
      // Declining drops the note (it is of no more use), keeping the reason the delegation is told.
      expect(reader.state!.requests[reply]).toMatchObject({ note: '', reason: REASON, status: 'declined' })
    }

    // Everyone else has the requests, without their text: in state, in the document, in every event.
    await eventually(() => screen.state?.requests[reply]?.status === 'declined', { message: 'the screen\'s copy' })
    for (const [name, client] of [...Object.entries(others), ['screen', screen] as const]) {
      await eventually(() => client.state?.requests[reply]?.status === 'declined', { message: `${name}'s copy` })
      expect({ name, note: client.state!.requests[inscription]!.note, reason: client.state!.requests[reply]!.reason })
        .toEqual({ name, note: undefined, reason: undefined })
      expect({ name, leaks: leaks(docText(client.control)) }).toEqual({ name, leaks: [] })
    }
    for (const [name, events] of Object.entries(heard)) {
      expect(events.length).toBeGreaterThan(0)
      expect({ name, leaks: leaks(events.join('\n')) }).toEqual({ name, leaks: [] })
    }
    // Nor does the server keep them where the document is served from.
    expect(leaks(docText(server.app.registry.loaded(meeting.id)!.control))).toEqual([])
    expect(leaks(await storedText(meeting))).toEqual([])

    // The exports are the chair's and the note-takers'; the other links are turned away.
    for (const token of [meeting.tokens.public, meeting.tokens.delegations.MEX!, meeting.tokens.delegations.NOR!]) {
      for (const format of ['json', 'csv', 'md', 'docx']) {
        const response = await fetch(`${server.url}/api/meetings/${meeting.id}/export.${format}`, { headers: { authorization: `Bearer ${token}` } })
        expect([401, 403]).toContain(response.status)
        expect(leaks(await response.text())).toEqual([])
      }
    }

    // Another delegation's link hears nothing of Norway's texts on joining; Norway's and the chair's do.
    const kenya = await connect(server, meeting.tokens.delegations.KEN!, clients)
    expect(kenya.state!.requests[inscription]!.note).toBeUndefined()
    const norwayAgain = await connect(server, meeting.tokens.delegations.NOR!, clients)
    await eventually(() => norwayAgain.state?.requests[inscription]?.note === NOTE, { message: 'Norway\'s note on joining' })
  })

  it('are kept across a restart, for the chair and the requester only', async () => {
    server = await startTestServer()
    const meeting = await seedMeeting(server, smallMeeting())
    const norway = await connect(server, meeting.tokens.delegations.NOR!, clients)
    const asked = await norway.command('request:create', { delegation: NOR, type: 'inscription', note: NOTE })
    if (!asked.ok) throw new Error(asked.error.message)
    for (const client of clients.splice(0)) client.close()
    const { dataDir } = server
    await server.stop()
    server = await startTestServer({ dataDir })

    const chair = await connect(server, meeting.tokens.chair, clients)
    const mexico = await connect(server, meeting.tokens.delegations.MEX!, clients)
    const requestId = asked.data['requestId'] as RequestId
    await eventually(() => chair.state?.requests[requestId]?.note === NOTE, { message: 'the chair\'s note after the restart' })
    expect(mexico.state!.requests[requestId]!.note).toBeUndefined()
  })

  it('that an older server wrote into the control document move out of it on loading', async () => {
    server = await startTestServer()
    const meeting = await seedMeeting(server, smallMeeting())
    // What an older server wrote: the request whole, its note inside the shared document.
    const stored = new Y.Doc()
    for (const update of (await server.store.loadDocument(meeting.id, 'control'))!.updates) Y.applyUpdate(stored, update)
    const requestId = 'req_olderserver1' as RequestId
    const captured: Uint8Array[] = []
    stored.on('update', (update: Uint8Array) => captured.push(update))
    stored.getMap('requests').set(requestId, {
      id: requestId, delegation: NOR, type: 'inscription', note: NOTE, onBehalfOf: null, status: 'pending',
      createdAtMs: 1, decidedAtMs: null, reason: null, speakerId: null
    })
    await server.store.appendUpdate(meeting.id, 'control', captured[0]!)

    const publicLink = await connect(server, meeting.tokens.public, clients)
    const chair = await connect(server, meeting.tokens.chair, clients)
    expect(publicLink.state!.requests[requestId]).toMatchObject({ status: 'pending', delegation: 'NOR' })
    expect(leaks(docText(publicLink.control))).toEqual([])
    await eventually(() => chair.state?.requests[requestId]?.note === NOTE, { message: 'the chair\'s note' })
    expect((await server.store.listRequestTexts(meeting.id))).toEqual([{ requestId, delegation: NOR, note: NOTE, reason: null }])
    // Gone from the document's log on disk as well, not only from the copy served.
    expect(leaks(await storedText(meeting))).toEqual([])
  })

  it('do not reach a delegation link misissued without a delegation, which speaks for no one', async () => {
    server = await startTestServer()
    const meeting = await seedMeeting(server, smallMeeting())
    const token = generateToken()
    await server.store.reissueToken({ hash: hashToken(token), meetingId: meeting.id, role: 'delegation', delegation: null, createdAtMs: Date.now(), revokedAtMs: null })
    const nobody = await connect(server, token, clients)
    const heard = recordEvents(nobody)
    const norway = await connect(server, meeting.tokens.delegations.NOR!, clients)
    const chair = await connect(server, meeting.tokens.chair, clients)
    const asked = await norway.command('request:create', { delegation: NOR, type: 'inscription', note: NOTE })
    if (!asked.ok) throw new Error(asked.error.message)
    await eventually(() => chair.state?.requests[asked.data['requestId'] as string]?.note === NOTE, { message: 'the chair\'s note' })
    await eventually(() => nobody.state?.requests[asked.data['requestId'] as string] !== undefined, { message: 'the request reaching the link' })
    expect(leaks(heard.join('\n'))).toEqual([])
  })
})
