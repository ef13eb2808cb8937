// A meeting's room over an asynchronous store: commands wait their turn, and nothing is served,
// broadcast or answered before the store says the change is durable.
import pino from 'pino'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { createMeeting } from '../../../server/meetings/create-meeting.ts'
import { MeetingRoom } from '../../../server/rooms/meeting-room.ts'
import { SqliteStore } from '../../../server/store/sqlite-store.ts'
import { readControlState } from '../../../shared/doc/control.ts'
import type { CommandCommit, CommittedCommand } from '../../../server/store/store.ts'
import type { Actor, MeetingId } from '../../../shared/domain/types.ts'
import type { CommandAck } from '../../../shared/protocol/events.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { withOverrides } from '../../support/store-overrides.ts'

const chair: Actor = { role: 'chair', delegation: null, id: 'chair-1' }
const settled = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The SQLite store, whose command commits wait until the test lets each one through (or fails it). */
function heldCommits (store: SqliteStore) {
  const held: { go: () => void; fail: (error: Error) => void }[] = []
  const wrapped = withOverrides(store, {
    commitCommand: (meetingId: MeetingId, commit: CommandCommit) => new Promise<CommittedCommand>((resolve, reject) => {
      held.push({ go: () => { store.commitCommand(meetingId, commit).then(resolve, reject) }, fail: reject })
    })
  })
  return { store: wrapped, held }
}

async function openRoom () {
  const sqlite = new SqliteStore(':memory:')
  const { store, held } = heldCommits(sqlite)
  const clock = { now: () => 1_000 }
  const meeting = await createMeeting(smallMeeting(), { store: sqlite, clock })
  const broadcasts: string[] = []
  const room = (await MeetingRoom.load(meeting.id, {
    store, clock, logger: pino({ level: 'silent' }), broadcast: (_id, doc) => { broadcasts.push(doc) }
  }))!
  const served = () => Y.encodeStateAsUpdate(room.control)
  return { room, held, broadcasts, served, close: () => sqlite.close() }
}

describe('a meeting room over an asynchronous store', () => {
  it('runs a meeting\'s commands in arrival order, each deciding on the state the one before left', async () => {
    const { room, held, close } = await openRoom()
    const answers: CommandAck[] = []
    const open = room.runCommand(chair, 'c-1', { type: 'meeting:open', payload: {} }).then((ack) => { answers.push(ack); return ack })
    // Suspending needs an open meeting: run against the state before the open is stored, it would be refused.
    const suspend = room.runCommand(chair, 'c-2', { type: 'meeting:suspend', payload: {} }).then((ack) => { answers.push(ack); return ack })
    await settled()
    expect(held).toHaveLength(1)
    held[0]!.go()
    await open
    await settled()
    expect(held).toHaveLength(2)
    held[1]!.go()
    expect(await suspend).toMatchObject({ ok: true })
    expect(answers.map((ack) => ack.ok)).toEqual([true, true])
    expect(room.state.meeting.status).toBe('suspended')
    await close()
  })

  it('serves, broadcasts and answers a command only once it is stored', async () => {
    const { room, held, broadcasts, served, close } = await openRoom()
    const before = served()
    let answered = false
    const ack = room.runCommand(chair, 'c-1', { type: 'meeting:open', payload: {} }).then((result) => { answered = true; return result })
    await settled()
    // Waiting for the disk: a joiner is served the document as it was, and nothing went out.
    expect(served()).toEqual(before)
    expect(room.state.meeting.status).toBe('scheduled')
    expect(broadcasts).toEqual([])
    expect(answered).toBe(false)
    held[0]!.go()
    expect(await ack).toMatchObject({ ok: true })
    expect(served()).not.toEqual(before)
    await new Promise<void>((resolve) => room.afterBroadcast(resolve))
    expect(broadcasts).toEqual(['control'])
    await close()
  })

  it('leaves the served document as it was when the store fails, and the next command runs', async () => {
    const { room, held, broadcasts, served, close } = await openRoom()
    const before = served()
    const failed = room.runCommand(chair, 'c-1', { type: 'meeting:open', payload: {} })
    const next = room.runCommand(chair, 'c-2', { type: 'meeting:open', payload: {} })
    await settled()
    held[0]!.fail(new Error('SQLITE_IOERR: disk I/O error'))
    expect(await failed).toMatchObject({ ok: false, error: { code: 'NOT_SAVED' } })
    expect(served()).toEqual(before)
    expect(broadcasts).toEqual([])
    await settled()
    held[1]!.go()
    expect(await next).toMatchObject({ ok: true })
    expect(room.state.meeting.status).toBe('open')
    await close()
  })

  it('serves what is stored while a command waits for the store, however many commands went before', async () => {
    const { room, held, served, close } = await openRoom()
    const run = async (id: string, type: 'meeting:open' | 'meeting:suspend' | 'meeting:resume') => {
      const ack = room.runCommand(chair, id, { type, payload: {} })
      await settled()
      held.at(-1)!.go()
      expect(await ack).toMatchObject({ ok: true })
    }
    await run('c-open', 'meeting:open')
    // Past the updates the room's stored copy lets go by before it is made again (256), and not a multiple of it.
    for (let i = 0; i < 300; i++) await run(`c-${i}`, i % 2 === 0 ? 'meeting:suspend' : 'meeting:resume')
    const stored = served()
    const waiting = room.runCommand(chair, 'c-last', { type: 'meeting:suspend', payload: {} })
    await settled()
    // The draft holds the suspension; what is served is what the store holds, every earlier command in it.
    const duringWait = Y.encodeStateAsUpdate(room.control)
    const fromServed = new Y.Doc()
    Y.applyUpdate(fromServed, duringWait)
    const fromStored = new Y.Doc()
    Y.applyUpdate(fromStored, stored)
    expect(Y.encodeStateVector(fromServed)).toEqual(Y.encodeStateVector(fromStored))
    expect(readControlState(fromServed)?.meeting.status).toBe('open')
    held.at(-1)!.go()
    expect(await waiting).toMatchObject({ ok: true })
    expect(readControlState(room.control)?.meeting.status).toBe('suspended')
    await close()
  })
})
