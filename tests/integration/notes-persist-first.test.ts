// A notes change that does not reach the disk is not served: the server stores a writer's change
// before it applies it, so memory never gets ahead of what survives a restart.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { readTags, statementNotes, tagStatement } from '../../shared/doc/notes.ts'
import type { Notice } from '../../shared/protocol/events.ts'
import type { SqliteStore } from '../../server/store/sqlite-store.ts'
import type { Store } from '../../server/store/store.ts'
import { connect, eventually, startTestServer, type TestServer, type TestServerOptions } from '../support/server.ts'
import { openDemoDebate } from '../support/floor.ts'
import { withOverrides } from '../support/store-overrides.ts'

const noteTaker = { id: 'nt-1', name: 'Note-taker 1' }

const servers: TestServer[] = []
const clients: RostrumClient[] = []
const cleanups: (() => void)[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  for (const server of servers.splice(0)) await server.stop()
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

async function openDebate (options: TestServerOptions) {
  const { noteTaker: writer, ...debate } = await openDemoDebate(options, { servers, clients })
  return { ...debate, writer }
}

function nextNotice (client: RostrumClient): Promise<Notice> {
  return new Promise((resolve) => client.socket.once('notice', resolve))
}

/** The SQLite store, whose notes writes fail while `failing.notes` is set. */
function failingOnDemand (failing: { notes: boolean }) {
  return (store: SqliteStore): Store => withOverrides(store, {
    appendUpdate: async (...args: Parameters<Store['appendUpdate']>) => {
      if (failing.notes && args[1] === 'notes') throw new Error('SQLITE_IOERR: disk I/O error')
      return await store.appendUpdate(...args)
    }
  })
}

describe('a notes change the store cannot save', () => {
  it('is refused with NOTES_NOT_SAVED, served to nobody, and absent after a restart', async () => {
    const failing = { notes: false }
    const { server, meeting, chair, writer, statement, question, room } = await openDebate({ wrapStore: failingOnDemand(failing) })
    statementNotes(writer.notes, statement).insert(0, 'Saved before the disk failed. ')
    await eventually(() => statementNotes(chair.notes, statement).length > 0)
    const before = Y.encodeStateAsUpdate(room().notes)

    failing.notes = true
    const notice = nextNotice(writer)
    tagStatement(writer.notes, statement, question, noteTaker, 1)
    const refusal = await notice
    writer.close() // its page goes away with the refused change (a page that stays sends it again: below)
    const joiner = await connect(server, meeting.tokens.public, clients)
    expect(readTags(joiner.notes)).toEqual([])
    expect(readTags(chair.notes)).toEqual([])
    expect(Y.encodeStateAsUpdate(room().notes)).toEqual(before)
    expect(refusal).toMatchObject({ code: 'NOTES_NOT_SAVED', event: 'sync' })

    // Once the store works again the next change is saved and served; the refused one is not in it.
    // (The refusing writer's own later changes depend on the refused one, so a fresh page writes.)
    failing.notes = false
    const again = await connect(server, meeting.tokens.notetaker, clients)
    statementNotes(again.notes, statement).insert(0, '[10:02] ')
    await eventually(() => statementNotes(joiner.notes, statement).toString().startsWith('[10:02] '))
    expect(readTags(joiner.notes)).toEqual([])

    for (const client of clients.splice(0)) client.close()
    await server.stop()
    const restarted = await startTestServer({ dataDir: server.dataDir })
    servers.push(restarted)
    const after = await connect(restarted, meeting.tokens.chair, clients)
    expect(readTags(after.notes)).toEqual([])
    expect(statementNotes(after.notes, statement).toString()).toBe('[10:02] Saved before the disk failed. ')
    cleanups.push(() => rmSync(server.dataDir, { recursive: true, force: true }))
  })
})

describe('a page whose notes change was not saved', () => {
  it('sends it again by itself, and it is saved once the store works', async () => {
    const failing = { notes: false }
    const { server, meeting, chair, statement, question, room } = await openDebate({ wrapStore: failingOnDemand(failing) })
    const writer = new RostrumClient({ url: server.url, token: meeting.tokens.notetaker, notesRetryMs: { NOTES_NOT_SAVED: 20 } })
    clients.push(writer)
    await writer.whenSynced

    failing.notes = true
    const notice = nextNotice(writer)
    tagStatement(writer.notes, statement, question, noteTaker, 1)
    statementNotes(writer.notes, statement).insert(0, 'Typed while the disk failed. ')
    expect(await notice).toMatchObject({ code: 'NOTES_NOT_SAVED', event: 'sync' })
    failing.notes = false

    await eventually(() => readTags(chair.notes).length === 1 && statementNotes(chair.notes, statement).toString() === 'Typed while the disk failed. ',
      { message: 'the refused change reaches the chair after the page syncs again' })
    expect(readTags(room().notes)).toHaveLength(1)
  })
})

describe('a notes change on a full disk', () => {
  it('is refused with NOTES_NOT_SAVED and served to nobody; writes resume when space is freed', async (context) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'rostrum-full-disk-'))
    cleanups.push(() => rmSync(mountPoint, { recursive: true, force: true }))
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], { stdio: 'pipe' })
    } catch (error) {
      context.skip(`a tmpfs cannot be mounted here (${String(error).split('\n')[0]}); the full-disk case needs root`)
      return
    }
    cleanups.push(() => execFileSync('umount', ['-l', mountPoint]))
    const { server, meeting, chair, writer, statement, room } = await openDebate({ dataDir: mountPoint })
    statementNotes(writer.notes, statement).insert(0, 'Before the disk filled. ')
    await eventually(() => statementNotes(chair.notes, statement).length > 0)
    const before = Y.encodeStateAsUpdate(room().notes)

    const filler = join(mountPoint, 'filler')
    fillDisk(filler)
    const notice = nextNotice(writer)
    statementNotes(writer.notes, statement).insert(0, 'x'.repeat(300_000))
    const refusal = await notice
    writer.close()
    const joiner = await connect(server, meeting.tokens.public, clients)
    expect(statementNotes(joiner.notes, statement).toString()).toBe('Before the disk filled. ')
    expect(Y.encodeStateAsUpdate(room().notes)).toEqual(before)
    expect(refusal).toMatchObject({ code: 'NOTES_NOT_SAVED', event: 'sync' })

    unlinkSync(filler)
    const tagged = await connect(server, meeting.tokens.notetaker, clients)
    tagStatement(tagged.notes, statement, chair.state!.questions[0]!.id, noteTaker, 2)
    await eventually(() => readTags(joiner.notes).length === 1, { message: 'a change saved once space is free' })
  })
})

/** Writes zeros until the file system is full. */
function fillDisk (path: string): void {
  const chunk = Buffer.alloc(64 * 1024)
  const fd = openSync(path, 'w')
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
}
