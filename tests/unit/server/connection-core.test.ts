// The connection core with no transport under it: an in-memory transport, the real room and store.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { admit } from '../../../server/core/admit.ts'
import { AwarenessOwners } from '../../../server/core/awareness-owners.ts'
import { MAX_BUFFERED_BYTES } from '../../../server/core/backpressure.ts'
import { Connection, type CoreDeps } from '../../../server/core/connection.ts'
import { LinkBudgets } from '../../../server/core/link-budgets.ts'
import { PresenceTracker } from '../../../server/core/presence.ts'
import { RoomMembers } from '../../../server/core/room-members.ts'
import { SharedEncodings } from '../../../server/core/shared-encodings.ts'
import { createMeeting } from '../../../server/meetings/create-meeting.ts'
import { ServerMetrics } from '../../../server/metrics.ts'
import { RoomRegistry } from '../../../server/rooms/room-registry.ts'
import { SqliteStore } from '../../../server/store/sqlite-store.ts'
import { MemoryTransport } from '../../support/memory-transport.ts'
import { smallMeeting } from '../../support/meetings.ts'

const cleanups: (() => void)[] = []
afterEach(() => { for (const cleanup of cleanups.splice(0).reverse()) cleanup() })

async function core () {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-core-'))
  const store = new SqliteStore(join(dir, 'rostrum.db'))
  const clock = { now: () => 1_800_000_000_000 }
  const logger = pino({ level: 'silent' })
  const members = new RoomMembers()
  const metrics = new ServerMetrics()
  const presence = new PresenceTracker(() => {})
  const registry = new RoomRegistry({ store, clock, logger, broadcast: (meetingId, doc, message) => members.publish(meetingId, doc, { type: 'sync', doc, message }) })
  const owners = new AwarenessOwners()
  const deps: CoreDeps = {
    registry, clock, logger, presence, members, metrics, budgets: new LinkBudgets(clock.now), awarenessOwners: () => owners, shared: new SharedEncodings()
  }
  cleanups.push(() => { presence.close(); metrics.close(); store.close(); rmSync(dir, { recursive: true, force: true }) })
  const meeting = await createMeeting(smallMeeting(), { store, clock })
  const open = async (token: string, id: string, hello: { followNotes?: boolean } = {}) => {
    const admitted = await admit(store, { token, ...hello }, 'connect')
    if (!admitted.ok) throw new Error(admitted.reason.code)
    const transport = new MemoryTransport(id)
    const connection = await Connection.open(transport, admitted.admission, deps)
    return { transport, connection: connection! }
  }
  return { meeting, members, metrics, open, store }
}

describe('the connection core over an in-memory transport', () => {
  it('opens with the session, runs a command, and fans its update out to every member before the ack', async () => {
    const { meeting, open } = await core()
    const chair = await open(meeting.tokens.chair, 'chair-1')
    const screen = await open(meeting.tokens.public, 'screen-1', { followNotes: false })
    expect(chair.transport.sent[0]).toMatchObject({ type: 'session', info: { role: 'chair', canWriteNotes: true } })
    expect(screen.transport.sent[0]).toMatchObject({ type: 'session', info: { role: 'public', canWriteNotes: false } })

    const acks: unknown[] = []
    await chair.connection.receive({ type: 'command', envelope: { id: 'command-0001', type: 'meeting:open', payload: {} } }, (ack) => acks.push(ack))
    expect(acks).toEqual([{ ok: true, data: {} }])
    for (const { transport } of [chair, screen]) expect(transport.of('sync').filter((message) => message.doc === 'control')).toHaveLength(1)
    expect(screen.transport.of('sync').filter((message) => message.doc === 'notes')).toEqual([])
  })

  it("refuses a public link's command by name, and drops a client that stopped reading", async () => {
    const { meeting, open, metrics } = await core()
    const screen = await open(meeting.tokens.public, 'screen-1')
    const acks: unknown[] = []
    await screen.connection.receive({ type: 'command', envelope: { id: 'command-0001', type: 'meeting:open', payload: {} } }, (ack) => acks.push(ack))
    expect(acks).toEqual([{ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) }])

    screen.transport.backlogBytes = MAX_BUFFERED_BYTES + 1
    screen.connection.send({ type: 'presence', summary: { chair: 0, notetaker: 0, delegation: 0, public: 1 } })
    expect(screen.transport.closedWith?.code).toBe('SLOW_CONSUMER')
    expect(metrics.slowConsumersDropped).toBe(1)
  })
})
