import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { SqliteStore } from '../../../server/store/sqlite-store.ts'
import type { MeetingId } from '../../../shared/domain/types.ts'
import { storeContract } from './store-contract.ts'

storeContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-store-'))
  const file = join(dir, 'nested', 'rostrum.db')
  const store = new SqliteStore(file)
  let current = store
  return {
    store,
    reopen: async () => (current = new SqliteStore(file)),
    cleanup: async () => {
      await current.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
})

describe('a data dir from before refusals were recorded bounded', () => {
  it('gets the audit columns it lacks when opened, and keeps its entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rostrum-store-'))
    const file = join(dir, 'rostrum.db')
    const old = new Database(file)
    old.exec(`CREATE TABLE meetings (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
      CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, meeting_id TEXT NOT NULL REFERENCES meetings(id), command_id TEXT NOT NULL,
        actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, actor_delegation TEXT, type TEXT NOT NULL, payload TEXT NOT NULL,
        result TEXT NOT NULL, ok INTEGER NOT NULL, at_ms INTEGER NOT NULL, UNIQUE (meeting_id, actor_id, command_id));
      INSERT INTO meetings VALUES ('mtg_old', 'Old', 1);
      INSERT INTO audit (meeting_id, command_id, actor_id, actor_role, type, payload, result, ok, at_ms)
        VALUES ('mtg_old', 'cmd-1', 'actor-1', 'chair', 'list:close', '{}', '{"ok":true,"data":{}}', 1, 2);`)
    old.close()
    const store = new SqliteStore(file)
    const meetingId = 'mtg_old' as MeetingId
    await store.appendAudit({
      meetingId, commandId: 'cmd-2', actorId: 'actor-2', actorRole: 'public', actorDelegation: null, type: 'list:close', payload: null,
      payloadOmitted: { bytes: 2, sha256: 'ab'.repeat(32) }, result: { ok: false, error: { code: 'FORBIDDEN', message: 'No.' } }, atMs: 3
    })
    expect((await store.listAudit(meetingId)).map((entry) => [entry.commandId, entry.payload, entry.payloadOmitted])).toEqual([
      ['cmd-1', {}, undefined],
      ['cmd-2', null, { bytes: 2, sha256: 'ab'.repeat(32) }]
    ])
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
