import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { DelegationCode, MeetingId, RequestId, Role } from '../../shared/domain/types.ts'
import { hasText, type RequestText } from '../../shared/domain/request-text.ts'
import type { DocName } from '../../shared/protocol/events.ts'
import type { AuditEntry, AuditPage, MeetingRecord, Store, StoredDocument, TokenRecord } from './store.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meetings (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  role TEXT NOT NULL,
  delegation TEXT,
  created_at_ms INTEGER NOT NULL,
  revoked_at_ms INTEGER
);
CREATE TABLE IF NOT EXISTS doc_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  doc TEXT NOT NULL,
  is_snapshot INTEGER NOT NULL DEFAULT 0,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_by_doc ON doc_updates (meeting_id, doc, seq);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  command_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_delegation TEXT,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  result TEXT NOT NULL,
  ok INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  payload_bytes INTEGER,
  payload_sha256 TEXT,
  UNIQUE (meeting_id, actor_id, command_id)
);
-- An export pages through one meeting's log by seq: without this, each page sorted the whole log.
CREATE INDEX IF NOT EXISTS audit_by_meeting ON audit (meeting_id, seq);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS request_texts (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  request_id TEXT NOT NULL,
  delegation TEXT NOT NULL,
  note TEXT NOT NULL,
  reason TEXT,
  PRIMARY KEY (meeting_id, request_id)
);
`

interface AuditRow {
  meeting_id: string
  command_id: string
  actor_id: string
  actor_role: string
  actor_delegation: string | null
  type: string
  payload: string
  result: string
  at_ms: number
  payload_bytes: number | null
  payload_sha256: string | null
}

/** Columns added after the first release, with their types: a data dir from before gets them at open. */
const ADDED_COLUMNS: readonly (readonly [table: string, column: string, type: string])[] = [
  ['audit', 'payload_bytes', 'INTEGER'],
  ['audit', 'payload_sha256', 'TEXT']
]

interface TokenRow {
  hash: string
  meeting_id: string
  role: string
  delegation: string | null
  created_at_ms: number
  revoked_at_ms: number | null
}

/** Token records kept in memory; the cache is emptied whenever a token is written, or when full. */
const TOKEN_CACHE_SIZE = 1024

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteStore implements Store {
  readonly #db: Database.Database
  readonly #tokens = new Map<string, TokenRecord>()
  readonly #statements

  constructor (file: string) {
    if (file !== ':memory:') keepPrivate(file)
    this.#db = new Database(file)
    this.#db.pragma('journal_mode = WAL')
    // NORMAL in WAL mode: a committed transaction survives a crash of the process (the case we
    // guard against); only a power cut may lose the last few, which FULL would cost a sync for.
    this.#db.pragma('synchronous = NORMAL')
    this.#db.pragma('foreign_keys = ON')
    this.#db.exec(SCHEMA)
    this.#addMissingColumns()
    this.#statements = {
      insertMeeting: this.#db.prepare('INSERT INTO meetings (id, title, created_at_ms) VALUES (?, ?, ?)'),
      listMeetings: this.#db.prepare<[], { id: string; title: string; created_at_ms: number }>(
        'SELECT id, title, created_at_ms FROM meetings ORDER BY created_at_ms, id'),
      insertToken: this.#db.prepare(
        'INSERT INTO tokens (hash, meeting_id, role, delegation, created_at_ms, revoked_at_ms) VALUES (?, ?, ?, ?, ?, ?)'),
      findToken: this.#db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE hash = ?'),
      liveTokens: this.#db.prepare<[string, string, string | null], { hash: string }>(
        'SELECT hash FROM tokens WHERE meeting_id = ? AND role = ? AND delegation IS ? AND revoked_at_ms IS NULL'),
      revokeToken: this.#db.prepare('UPDATE tokens SET revoked_at_ms = ? WHERE hash = ?'),
      insertUpdate: this.#db.prepare('INSERT INTO doc_updates (meeting_id, doc, is_snapshot, data) VALUES (?, ?, ?, ?)'),
      loadUpdates: this.#db.prepare<[string, string], { data: Buffer; is_snapshot: number }>(
        'SELECT data, is_snapshot FROM doc_updates WHERE meeting_id = ? AND doc = ? ORDER BY seq'),
      deleteUpdates: this.#db.prepare('DELETE FROM doc_updates WHERE meeting_id = ? AND doc = ?'),
      insertAudit: this.#db.prepare(`INSERT INTO audit
        (meeting_id, command_id, actor_id, actor_role, actor_delegation, type, payload, result, ok, at_ms, payload_bytes, payload_sha256)
        VALUES (@meeting_id, @command_id, @actor_id, @actor_role, @actor_delegation, @type, @payload, @result, @ok, @at_ms, @payload_bytes, @payload_sha256)`),
      findAudit: this.#db.prepare<[string, string, string], AuditRow>(
        'SELECT * FROM audit WHERE meeting_id = ? AND actor_id = ? AND command_id = ?'),
      listAudit: this.#db.prepare<[string], AuditRow>('SELECT * FROM audit WHERE meeting_id = ? ORDER BY seq'),
      auditHead: this.#db.prepare<[string], { head: number | null }>('SELECT max(seq) AS head FROM audit WHERE meeting_id = ?'),
      auditPage: this.#db.prepare<[string, number, number], AuditRow & { seq: number }>(
        'SELECT * FROM audit WHERE meeting_id = ? AND seq > ? AND seq <= ? ORDER BY seq'),
      getSetting: this.#db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setSetting: this.#db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      putRequestText: this.#db.prepare(`INSERT INTO request_texts (meeting_id, request_id, delegation, note, reason) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (meeting_id, request_id) DO UPDATE SET note = excluded.note, reason = excluded.reason`),
      deleteRequestText: this.#db.prepare('DELETE FROM request_texts WHERE meeting_id = ? AND request_id = ?'),
      listRequestTexts: this.#db.prepare<[string], { request_id: string; delegation: string; note: string; reason: string | null }>(
        'SELECT request_id, delegation, note, reason FROM request_texts WHERE meeting_id = ? ORDER BY request_id')
    }
  }

  createMeeting (meeting: MeetingRecord, tokens: readonly TokenRecord[], initialUpdates: Readonly<Record<DocName, Uint8Array>>): void {
    this.#tokens.clear()
    this.#db.transaction(() => {
      this.#statements.insertMeeting.run(meeting.id, meeting.title, meeting.createdAtMs)
      for (const token of tokens) {
        this.#statements.insertToken.run(token.hash, token.meetingId, token.role, token.delegation, token.createdAtMs, token.revokedAtMs)
      }
      for (const [doc, update] of Object.entries(initialUpdates)) {
        this.#statements.insertUpdate.run(meeting.id, doc, 1, update)
      }
    })()
  }

  listMeetings (): MeetingRecord[] {
    return this.#statements.listMeetings.all().map((row) => ({
      id: row.id as MeetingId, title: row.title, createdAtMs: row.created_at_ms
    }))
  }

  findToken (hash: string): TokenRecord | null {
    // A room of screens opening one link asks for the same token hundreds of times in a second.
    const cached = this.#tokens.get(hash)
    if (cached !== undefined) return cached
    const row = this.#statements.findToken.get(hash)
    if (row === undefined) return null
    if (this.#tokens.size >= TOKEN_CACHE_SIZE) this.#tokens.clear()
    const record: TokenRecord = {
      hash: row.hash,
      meetingId: row.meeting_id as MeetingId,
      role: row.role as Role,
      delegation: row.delegation as DelegationCode | null,
      createdAtMs: row.created_at_ms,
      revokedAtMs: row.revoked_at_ms
    }
    this.#tokens.set(hash, record)
    return record
  }

  reissueToken (replacement: TokenRecord): string[] {
    this.#tokens.clear()
    return this.#db.transaction(() => {
      const revoked = this.#statements.liveTokens
        .all(replacement.meetingId, replacement.role, replacement.delegation)
        .map((row) => row.hash)
      for (const hash of revoked) this.#statements.revokeToken.run(replacement.createdAtMs, hash)
      const t = replacement
      this.#statements.insertToken.run(t.hash, t.meetingId, t.role, t.delegation, t.createdAtMs, t.revokedAtMs)
      return revoked
    })()
  }

  revokeTokens (meetingId: MeetingId, role: Role, delegation: DelegationCode | null, atMs: number): string[] {
    this.#tokens.clear()
    return this.#db.transaction(() => {
      const revoked = this.#statements.liveTokens.all(meetingId, role, delegation).map((row) => row.hash)
      for (const hash of revoked) this.#statements.revokeToken.run(atMs, hash)
      return revoked
    })()
  }

  atomically<T> (work: () => T): T {
    // better-sqlite3 runs a transaction inside another as a savepoint, so the inner writes join this one.
    // The token cache is emptied after as well: a rolled-back write must not stay cached.
    try {
      return this.#db.transaction(work)()
    } finally {
      this.#tokens.clear()
    }
  }

  loadDocument (meetingId: MeetingId, doc: DocName): StoredDocument | null {
    const rows = this.#statements.loadUpdates.all(meetingId, doc)
    if (rows.length === 0) return null
    const lastSnapshot = rows.findLastIndex((row) => row.is_snapshot === 1)
    return {
      updates: rows.map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength)),
      updatesSinceSnapshot: rows.length - 1 - lastSnapshot
    }
  }

  appendUpdate (meetingId: MeetingId, doc: DocName, update: Uint8Array, audit?: AuditEntry): void {
    this.#db.transaction(() => {
      this.#statements.insertUpdate.run(meetingId, doc, 0, update)
      if (audit !== undefined) this.#insertAudit(audit)
    })()
  }

  appendAudit (audit: AuditEntry): void {
    this.#insertAudit(audit)
  }

  findAudit (meetingId: MeetingId, actorId: string, commandId: string): AuditEntry | null {
    const row = this.#statements.findAudit.get(meetingId, actorId, commandId)
    return row === undefined ? null : auditFromRow(row)
  }

  listAudit (meetingId: MeetingId): AuditEntry[] {
    return this.#statements.listAudit.all(meetingId).map(auditFromRow)
  }

  auditHead (meetingId: MeetingId): number {
    return this.#statements.auditHead.get(meetingId)?.head ?? 0
  }

  readAudit (meetingId: MeetingId, after: number, upTo: number, maxBytes: number): AuditPage {
    const entries: AuditEntry[] = []
    let last = after
    let bytes = 0
    // Rows one at a time, stopping at the byte budget: leaving the loop closes the statement, so the
    // connection is free again before the page is sent (an open iterator would block every write).
    for (const row of this.#statements.auditPage.iterate(meetingId, after, upTo)) {
      entries.push(auditFromRow(row))
      last = row.seq
      bytes += row.payload.length + row.result.length
      if (bytes >= maxBytes) break
    }
    return { entries, last }
  }

  compact (meetingId: MeetingId, doc: DocName, snapshot: Uint8Array): void {
    this.#db.transaction(() => {
      this.#statements.deleteUpdates.run(meetingId, doc)
      this.#statements.insertUpdate.run(meetingId, doc, 1, snapshot)
    })()
  }

  putRequestTexts (meetingId: MeetingId, texts: readonly RequestText[]): void {
    this.#db.transaction(() => {
      for (const text of texts) {
        if (hasText(text)) this.#statements.putRequestText.run(meetingId, text.requestId, text.delegation, text.note, text.reason)
        else this.#statements.deleteRequestText.run(meetingId, text.requestId)
      }
    })()
  }

  listRequestTexts (meetingId: MeetingId): RequestText[] {
    return this.#statements.listRequestTexts.all(meetingId).map((row) => ({
      requestId: row.request_id as RequestId, delegation: row.delegation as DelegationCode, note: row.note, reason: row.reason
    }))
  }

  getSetting (key: string): string | null {
    return this.#statements.getSetting.get(key)?.value ?? null
  }

  setSetting (key: string, value: string): void {
    this.#statements.setSetting.run(key, value)
  }

  close (): void {
    if (this.#db.open) this.#db.close()
  }

  #insertAudit (audit: AuditEntry): void {
    this.#statements.insertAudit.run({
      meeting_id: audit.meetingId,
      command_id: audit.commandId,
      actor_id: audit.actorId,
      actor_role: audit.actorRole,
      actor_delegation: audit.actorDelegation,
      type: audit.type,
      payload: JSON.stringify(audit.payload ?? null),
      result: JSON.stringify(audit.result),
      ok: audit.result.ok ? 1 : 0,
      at_ms: audit.atMs,
      payload_bytes: audit.payloadOmitted?.bytes ?? null,
      payload_sha256: audit.payloadOmitted?.sha256 ?? null
    })
  }

  #addMissingColumns (): void {
    for (const [table, column, type] of ADDED_COLUMNS) {
      const columns = this.#db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all()
      if (!columns.some((existing) => existing.name === column)) this.#db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`)
    }
  }
}

function auditFromRow (row: AuditRow): AuditEntry {
  return {
    meetingId: row.meeting_id as MeetingId,
    commandId: row.command_id,
    actorId: row.actor_id,
    actorRole: row.actor_role as Role,
    actorDelegation: row.actor_delegation as DelegationCode | null,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    ...(row.payload_sha256 === null ? {} : { payloadOmitted: { bytes: row.payload_bytes ?? 0, sha256: row.payload_sha256 } }),
    result: JSON.parse(row.result) as AuditEntry['result'],
    atMs: row.at_ms
  }
}

/**
 * A data dir we create 0700 and the database 0600, whatever the umask: the database holds every meeting's
 * notes and audit log. SQLite gives its -wal and -shm files the database file's mode.
 */
function keepPrivate (file: string): void {
  const dir = dirname(file)
  // A data dir the operator made is left as it is (it could be shared); one we make is ours alone.
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 })
  closeSync(openSync(file, 'a', 0o600))
  chmodSync(file, 0o600)
  for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) chmodSync(companion, 0o600)
}
