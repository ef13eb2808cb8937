import * as Y from 'yjs'
import WebSocket from 'ws'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { LiveViewer } from '../../shared/client/live-viewer.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import { readControlState } from '../../shared/doc/control.ts'
import { statementNotes, tagStatement, tagsOfStatement } from '../../shared/doc/notes.ts'
import type { ControlState, DelegationCode, MeetingId, StatementId } from '../../shared/domain/types.ts'
import { openWithSpeakerOnTheFloor } from '../support/floor.ts'
import { demoMeeting, smallMeeting } from '../support/meetings.ts'
import { startTestCluster, type TestCluster } from '../support/cluster.ts'
import { startCuttableProxy, type CuttableProxy } from '../support/cuttable-proxy.ts'
import { pgTestUrl, redisTestUrl } from '../support/services.ts'
import { undecodableUpdates } from '../support/hostile-notes.ts'
import * as prng from 'lib0/prng'
import pg from 'pg'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { awarenessClientIds } from '../../server/core/awareness-owners.ts'
import { hashToken as hashOf } from '../../server/auth/tokens.ts'

const pgUrl = pgTestUrl()
const redisUrl = redisTestUrl()

async function client (url: string, token: string, open: MeetingReplica[]): Promise<RostrumClient> {
  const replica = new RostrumClient({ url, token })
  open.push(replica)
  await replica.whenSynced
  return replica
}

async function screen (url: string, token: string, open: MeetingReplica[]): Promise<LiveViewer> {
  const viewer = new LiveViewer({ url, token, WebSocket })
  open.push(viewer)
  await viewer.whenSynced
  return viewer
}

/** What a reader that starts now from PostgreSQL alone finds: the meeting's control state and notes document. */
async function freshRead (cluster: TestCluster, meetingId: MeetingId): Promise<{ state: ControlState; notes: Y.Doc }> {
  const stored = (await cluster.reader.loadMeeting(meetingId))!
  const control = new Y.Doc()
  for (const update of stored.control.updates) Y.applyUpdate(control, update)
  const notes = new Y.Doc()
  for (const update of stored.notes.updates) Y.applyUpdate(notes, update)
  return { state: readControlState(control)!, notes }
}

/** The control state every link shares (request texts travel apart). */
function sharedState (state: ControlState | null): unknown {
  if (state === null) return null
  return { ...state, requests: Object.fromEntries(Object.entries(state.requests).map(([id, { note: _n, reason: _r, ...rest }]) => [id, rest])) }
}

// Each test starts three node processes: on a busy 2-core machine that alone can take most of a minute.
describe.skipIf(pgUrl === null || redisUrl === null)('a cluster of three nodes on PostgreSQL and Redis', { timeout: 180_000 }, () => {
  /** The cluster the tests that harm no node share (each with meetings of its own). */
  let shared: TestCluster | null = null
  /** A cluster of one test's own, which it kills a node of or cuts off from Redis. */
  let own: TestCluster | null = null
  let proxy: CuttableProxy | null = null
  const open: MeetingReplica[] = []
  const sharedCluster = async (): Promise<TestCluster> => (shared ??= await startTestCluster(pgUrl!, redisUrl!))

  afterEach(async () => {
    for (const replica of open.splice(0)) replica.close()
    await own?.close()
    own = null
    await proxy?.close()
    proxy = null
  })

  afterAll(async () => {
    await shared?.close()
  })

  it('runs a command sent to a node that does not own the meeting at its owner, acks it with the change applied, and every node converges', async () => {
    const cluster = await sharedCluster()
    const meeting = await cluster.seed(demoMeeting())
    const [a, b, c] = cluster.nodes
    // The first node to open a meeting takes its lease.
    const screenOnA = await screen(a!.url, meeting.tokens.public, open)
    expect(await cluster.ownerOf(meeting.id)).toBe(0)
    const chairOnB = await client(b!.url, meeting.tokens.chair, open)
    const publicOnC = await client(c!.url, meeting.tokens.public, open)

    const statementId = await openWithSpeakerOnTheFloor(chairOnB)
    // Read your writes: the ack came after the change reached the chair's own node and page.
    expect(chairOnB.state!.floor?.statementId).toBe(statementId)
    await expect.poll(() => screenOnA.state?.floor?.statementId).toBe(statementId)
    await expect.poll(() => publicOnC.state?.floor?.statementId).toBe(statementId)

    const audit = await cluster.reader.listAudit(meeting.id)
    expect(audit.map((entry) => [entry.type, entry.result.ok])).toEqual([['meeting:open', true], ['floor:next', true]])
    expect(await cluster.ownerOf(meeting.id)).toBe(0)
    const { state } = await freshRead(cluster, meeting.id)
    for (const replica of [chairOnB, publicOnC, screenOnA]) expect(sharedState(replica.state)).toEqual(sharedState(state))
    // Who is watching counts every node's connections: the screen on A and the public page on C.
    await expect.poll(() => chairOnB.presence).toEqual({ chair: 1, notetaker: 0, delegation: 0, public: 2 })
    await expect.poll(() => publicOnC.presence).toEqual({ chair: 1, notetaker: 0, delegation: 0, public: 2 })
  })

  it('stores a note-taker\'s notes written on a replica node at the owner, and every node shows them', async () => {
    const cluster = await sharedCluster()
    const meeting = await cluster.seed(demoMeeting())
    const [a, b, c] = cluster.nodes
    const chairOnA = await client(a!.url, meeting.tokens.chair, open)
    const statementId: StatementId = await openWithSpeakerOnTheFloor(chairOnA)
    const noteTakerOnB = await client(b!.url, meeting.tokens.notetaker, open)
    const chairOnC = await client(c!.url, meeting.tokens.chair, open)
    const questionId = noteTakerOnB.state!.questions[0]!.id

    tagStatement(noteTakerOnB.notes, statementId, questionId, { id: 'nt-1', name: 'Note-taker' }, 1)
    statementNotes(noteTakerOnB.notes, statementId).insert(0, 'يقترح آلية تشاور دائمة.')
    const seenBy = (notes: Y.Doc) => ({ tags: [...tagsOfStatement(notes, statementId).keys()], text: statementNotes(notes, statementId).toString() })
    const written = { tags: [questionId], text: 'يقترح آلية تشاور دائمة.' }
    await expect.poll(() => seenBy(chairOnC.notes)).toEqual(written)
    await expect.poll(async () => seenBy((await freshRead(cluster, meeting.id)).notes)).toEqual(written)
    expect(await cluster.ownerOf(meeting.id)).toBe(0)

    // Who is editing what reaches the writers on other nodes too.
    const heardOnC: Uint8Array[] = []
    chairOnC.awareness!.onUpdate((update) => heardOnC.push(update))
    const page = new Awareness(new Y.Doc())
    page.setLocalState({ authorId: 'nt-1', name: 'Note-taker', statementId })
    noteTakerOnB.awareness!.send(encodeAwarenessUpdate(page, [page.clientID]))
    await expect.poll(() => heardOnC.some((update) => awarenessClientIds(update)?.includes(page.clientID))).toBe(true)
  })

  it('answers the same command sent to all three nodes at once with one audit entry and the same ack', async () => {
    const cluster = await sharedCluster()
    const meeting = await cluster.seed(demoMeeting())
    const chairs = await Promise.all(cluster.nodes.map((node) => client(node.url, meeting.tokens.chair, open)))
    await openWithSpeakerOnTheFloor(chairs[0]!)
    for (let round = 0; round < 10; round++) {
      const id = `same-command-${round}`
      const type = round % 2 === 0 ? 'list:close' : 'list:reopen'
      const acks = await Promise.all(chairs.map((chair) => chair.command(type, {}, { id })))
      expect(acks[0]).toEqual({ ok: true, data: {} })
      expect(acks[1]).toEqual(acks[0])
      expect(acks[2]).toEqual(acks[0])
    }
    const audit = await cluster.reader.listAudit(meeting.id)
    const sent = audit.filter((entry) => entry.commandId.startsWith('same-command-'))
    expect(sent.map((entry) => entry.commandId)).toEqual(Array.from({ length: 10 }, (_, round) => `same-command-${round}`))
  })

  it('gives a request\'s note, written through one node, to the chair on another and to no one else', async () => {
    const cluster = await sharedCluster()
    const meeting = await cluster.seed(smallMeeting())
    const [a, b, c] = cluster.nodes
    await client(a!.url, meeting.tokens.public, open)
    const norwayOnB = await client(b!.url, meeting.tokens.delegations.NOR!, open)
    const chairOnC = await client(c!.url, meeting.tokens.chair, open)
    const publicOnC = await client(c!.url, meeting.tokens.public, open)
    const note = 'يتحدث الوزير باسم بلدان الشمال'

    const asked = await norwayOnB.command('request:create', { delegation: 'NOR' as DelegationCode, type: 'inscription', note })
    if (!asked.ok) throw new Error(`the request was refused: ${asked.error.code}`)
    const requestId = asked.data.requestId
    // The requesting delegation has its own note at once (read your writes), the chair on C soon after.
    expect(norwayOnB.state!.requests[requestId]).toMatchObject({ note, status: 'pending' })
    await expect.poll(() => chairOnC.state?.requests[requestId]?.note).toBe(note)
    await expect.poll(() => publicOnC.state?.requests[requestId]?.status).toBe('pending')
    expect(publicOnC.state!.requests[requestId]?.note).toBeUndefined()
  })

  it('drops a replica\'s copy of a meeting whose log holds an update it cannot apply: its links reconnect, load the meeting afresh, and follow it again', async () => {
    const cluster = await sharedCluster()
    const meeting = await cluster.seed(demoMeeting())
    const [a, b, c] = cluster.nodes
    await screen(a!.url, meeting.tokens.public, open)
    expect(await cluster.ownerOf(meeting.id)).toBe(0)
    const chairOnB = await client(b!.url, meeting.tokens.chair, open)
    const publicOnC = await client(c!.url, meeting.tokens.public, open)
    let dropped = 0
    publicOnC.socket.on('disconnect', () => { dropped += 1 })
    const first = await openWithSpeakerOnTheFloor(chairOnB)
    await expect.poll(() => publicOnC.state?.floor?.statementId).toBe(first)

    // A notes update no replica can apply, committed as the owner commits one (the next number, the head
    // moved with it), behind every node's back: the stream never carries it, PostgreSQL's log does.
    // Bytes that are no update at all: every decoder refuses them, however deep its stack (a value nested
    // too deep may decode on one call stack and not on another).
    const [, undecodable] = undecodableUpdates(prng.create(17))
    const db = new pg.Client({ connectionString: cluster.databaseUrl })
    await db.connect()
    try {
      await db.query(`WITH next AS (UPDATE meetings SET head_seq = head_seq + 1 WHERE id = $1 RETURNING head_seq)
        INSERT INTO doc_updates (meeting_id, seq, doc, data) SELECT $1, head_seq, 'notes', $2 FROM next`, [meeting.id, undecodable])
    } finally {
      await db.end()
    }
    // Node C reads it from the log once it finds itself behind the head, cannot apply it, and drops the
    // room with its links; they come back to a room loaded afresh (which skips a notes row it cannot read).
    await expect.poll(() => dropped, { timeout: 30_000 }).toBeGreaterThan(0)
    // Each replica drops its copy when it finds the row, and the owner too if its poll finds the row before
    // its next write numbers past it (a write through a dropped room is answered all the same, and holds
    // up nothing: room-ownership.test.ts). A command sent meanwhile may find the owner's room reloading
    // (NOT_SAVED) or its link closing. The chair sends it again under the same id, as the client does: it
    // lands once.
    const expectedSpeakerId = nextWaitingSpeaker(chairOnB.state!)!.id
    let second: StatementId | null = null
    await expect.poll(async () => {
      const ack = await chairOnB.command('floor:next', { expectedSpeakerId }, { id: 'after-eviction' }).catch(() => null)
      if (ack?.ok === true) second = ack.data.statementId
      return second
    }, { timeout: 30_000 }).not.toBeNull()
    expect(second).not.toBe(first)
    await expect.poll(() => publicOnC.state?.floor?.statementId, { timeout: 30_000 }).toBe(second)
  })

  it('goes on when the owner is killed: another node takes the meeting over, and nothing acknowledged is lost', async () => {
    const cluster = own = await startTestCluster(pgUrl!, redisUrl!)
    const meeting = await cluster.seed(demoMeeting())
    const [a, b, c] = cluster.nodes
    const chairOnA = await client(a!.url, meeting.tokens.chair, open)
    await openWithSpeakerOnTheFloor(chairOnA)
    const chairOnB = await client(b!.url, meeting.tokens.chair, open)
    const screenOnC = await screen(c!.url, meeting.tokens.public, open)
    expect(await cluster.ownerOf(meeting.id)).toBe(0)
    const acked: string[] = []
    for (let i = 0; i < 4; i++) {
      const ack = await chairOnB.command(i % 2 === 0 ? 'list:close' : 'list:reopen', {}, { id: `before-${i}` })
      expect(ack.ok).toBe(true)
      acked.push(`before-${i}`)
    }

    await a!.kill()
    const ack = await chairOnB.command('floor:end', {}, { id: 'after-kill' })
    expect(ack.ok).toBe(true)
    acked.push('after-kill')
    expect([1, 2]).toContain(await cluster.ownerOf(meeting.id))
    expect(chairOnB.state!.floor?.statementId).toBeNull()
    await expect.poll(() => screenOnC.state?.floor?.statementId).toBeNull()

    const audit = (await cluster.reader.listAudit(meeting.id)).map((entry) => entry.commandId)
    for (const id of acked) expect(audit).toContain(id)
    // The dead node's connections leave the count once its last report goes stale.
    await expect.poll(() => chairOnB.presence, { timeout: 30_000 }).toEqual({ chair: 1, notetaker: 0, delegation: 0, public: 1 })
    const { state } = await freshRead(cluster, meeting.id)
    expect(sharedState(chairOnB.state)).toEqual(sharedState(state))
    expect(sharedState(screenOnC.state)).toEqual(sharedState(state))
  })

  it('keeps a node whose Redis is cut in step from PostgreSQL, and it converges once Redis is back: Redis carries no truth', async () => {
    proxy = await startCuttableProxy(redisUrl!)
    const redisOfC = proxy.url
    const cluster = own = await startTestCluster(pgUrl!, redisUrl!, { redisUrlFor: (index) => index === 2 ? redisOfC : redisUrl! })
    const meeting = await cluster.seed(demoMeeting())
    const [a, , c] = cluster.nodes
    const chairOnA = await client(a!.url, meeting.tokens.chair, open)
    await openWithSpeakerOnTheFloor(chairOnA)
    const screenOnC = await screen(c!.url, meeting.tokens.public, open)

    proxy.cut()
    const during = await chairOnA.command('list:close', {})
    expect(during.ok).toBe(true)
    // Node C reads the update from PostgreSQL's log, no later than its next poll of the meetings' heads.
    await expect.poll(() => screenOnC.state?.meeting.listClosed).toBe(true)

    proxy.restore()
    const after = await chairOnA.command('floor:end', {})
    expect(after.ok).toBe(true)
    await expect.poll(() => screenOnC.state?.floor?.statementId).toBeNull()
    const { state } = await freshRead(cluster, meeting.id)
    expect(sharedState(screenOnC.state)).toEqual(sharedState(state))
  })

  it('closes a removed delegation\'s link on every node: the removal runs at the owner, and each node finds the revocation in PostgreSQL', async () => {
    const cluster = await sharedCluster()
    const meeting = await cluster.seed(smallMeeting())
    const [a, b, c] = cluster.nodes
    const chairOnB = await client(b!.url, meeting.tokens.chair, open)
    expect(await cluster.ownerOf(meeting.id)).toBe(1)
    const norwayOnC = await client(c!.url, meeting.tokens.delegations.NOR!, open)

    // Through node A, which does not own the meeting: the command and the link's revocation go to B in one.
    const response = await fetch(`${a!.url}/api/meetings/${meeting.id}/delegations/NOR`, { method: 'DELETE', headers: { authorization: `Bearer ${meeting.tokens.chair}` } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ code: 'NOR', revoked: 1 })
    await expect.poll(() => norwayOnC.refused).toBe(true)
    await expect.poll(() => chairOnB.state!.delegations.some((delegation) => delegation.code === 'NOR')).toBe(false)
    expect((await cluster.reader.findToken(hashOf(meeting.tokens.delegations.NOR!)))?.revokedAtMs).not.toBeNull()
  })
})
