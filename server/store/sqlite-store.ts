import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { DelegationCode, MeetingId, RequestId, Role } from '../../shared/domain/types.ts'
import { hasText, type RequestText } from '../../shared/domain/request-text.ts'
import type { DocName } from '../../shared/protocol/events.ts'
import { auditColumns, auditFromRow, bytesOf, tokenFromRow, type AuditRow, type TokenRow } from './rows.ts'
import { CommandIdTaken, type AuditEntry, type AuditPage, type CommandCommit, type CommittedCommand, type MeetingRecord, type Store, type StoredDocument, type TokenChange, type TokenRecord } from './store.ts'

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

/** Columns added after the first release, with their types: a data dir from before gets them at open. */
const ADDED_COLUMNS: readonly (readonly [table: string, column: string, type: string])[] = [
  ['audit', 'payload_bytes', 'INTEGER'],
  ['audit', 'payload_sha256', 'TEXT']
]

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
      insertSnapshotAt: this.#db.prepare('INSERT INTO doc_updates (seq, meeting_id, doc, is_snapshot, data) VALUES (?, ?, ?, 1, ?)'),
      loadUpdates: this.#db.prepare<[string, string], { seq: number; data: Buffer; is_snapshot: number }>(
        'SELECT seq, data, is_snapshot FROM doc_updates WHERE meeting_id = ? AND doc = ? ORDER BY seq'),
      lastSeqUpTo: this.#db.prepare<[string, string, number], { seq: number | null }>(
        'SELECT max(seq) AS seq FROM doc_updates WHERE meeting_id = ? AND doc = ? AND seq <= ?'),
      deleteUpdatesUpTo: this.#db.prepare('DELETE FROM doc_updates WHERE meeting_id = ? AND doc = ? AND seq <= ?'),
      requestTextKept: this.#db.prepare<[string, string], { kept: number }>(
        'SELECT 1 AS kept FROM request_texts WHERE meeting_id = ? AND request_id = ?'),
      insertAudit: this.#db.prepare(`INSERT INTO audit
        (meeting_id, command_id, actor_id, actor_role, actor_delegation, type, payload, result, ok, at_ms, payload_bytes, payload_sha256)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
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

  async createMeeting (meeting: MeetingRecord, tokens: readonly TokenRecord[], initialUpdates: Readonly<Record<DocName, Uint8Array>>): Promise<void> {
    this.#tokens.clear()
    this.#db.transaction(() => {
      this.#statements.insertMeeting.run(meeting.id, meeting.title, meeting.createdAtMs)
      for (const token of tokens) this.#insertToken(token)
      for (const [doc, update] of Object.entries(initialUpdates)) {
        this.#statements.insertUpdate.run(meeting.id, doc, 1, update)
      }
    })()
  }

  async listMeetings (): Promise<MeetingRecord[]> {
    return this.#statements.listMeetings.all().map((row) => ({
      id: row.id as MeetingId, title: row.title, createdAtMs: row.created_at_ms
    }))
  }

  async findToken (hash: string): Promise<TokenRecord | null> {
    // A room of screens opening one link asks for the same token hundreds of times in a second.
    const cached = this.#tokens.get(hash)
    if (cached !== undefined) return cached
    const row = this.#statements.findToken.get(hash)
    if (row === undefined) return null
    if (this.#tokens.size >= TOKEN_CACHE_SIZE) this.#tokens.clear()
    const record: TokenRecord = tokenFromRow(row)
    this.#tokens.set(hash, record)
    return record
  }

  async reissueToken (replacement: TokenRecord): Promise<string[]> {
    return this.#writingTokens(() => this.#db.transaction(() => this.#changeTokens({ kind: 'reissue', replacement }))())
  }

  async revokeTokens (meetingId: MeetingId, role: Role, delegation: DelegationCode | null, atMs: number): Promise<string[]> {
    return this.#writingTokens(() => this.#db.transaction(() => this.#changeTokens({ kind: 'revoke', meetingId, role, delegation, atMs }))())
  }

  async loadDocument (meetingId: MeetingId, doc: DocName): Promise<StoredDocument | null> {
    const rows = this.#statements.loadUpdates.all(meetingId, doc)
    if (rows.length === 0) return null
    const lastSnapshot = rows.findLastIndex((row) => row.is_snapshot === 1)
    return {
      updates: rows.map((row) => bytesOf(row.data)),
      updatesSinceSnapshot: rows.length - 1 - lastSnapshot,
      lastSeq: rows.at(-1)!.seq
    }
  }

  async appendUpdate (meetingId: MeetingId, doc: DocName, update: Uint8Array): Promise<number> {
    return Number(this.#statements.insertUpdate.run(meetingId, doc, 0, update).lastInsertRowid)
  }

  async commitCommand (meetingId: MeetingId, commit: CommandCommit): Promise<CommittedCommand> {
    const write = () => this.#db.transaction((): CommittedCommand => {
      const seq = commit.update === undefined
        ? null
        : Number(this.#statements.insertUpdate.run(meetingId, 'control', 0, commit.update).lastInsertRowid)
      this.#insertAudit(commit.audit)
      if (commit.requestTexts !== undefined) this.#putRequestTexts(meetingId, commit.requestTexts)
      const revokedTokens = commit.tokens === undefined ? [] : this.#changeTokens(commit.tokens)
      return { seq, revokedTokens }
    })()
    return commit.tokens === undefined ? write() : this.#writingTokens(write)
  }

  async appendAudit (audit: AuditEntry): Promise<void> {
    this.#insertAudit(audit)
  }

  async findAudit (meetingId: MeetingId, actorId: string, commandId: string): Promise<AuditEntry | null> {
    const row = this.#statements.findAudit.get(meetingId, actorId, commandId)
    return row === undefined ? null : auditFromRow(row)
  }

  async listAudit (meetingId: MeetingId): Promise<AuditEntry[]> {
    return this.#statements.listAudit.all(meetingId).map(auditFromRow)
  }

  async auditHead (meetingId: MeetingId): Promise<number> {
    return this.#statements.auditHead.get(meetingId)?.head ?? 0
  }

  async readAudit (meetingId: MeetingId, after: number, upTo: number, maxBytes: number): Promise<AuditPage> {
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

  async compact (meetingId: MeetingId, doc: DocName, snapshot: Uint8Array, upToSeq: number, requestTexts: readonly RequestText[] = []): Promise<void> {
    this.#db.transaction(() => {
      const fresh = requestTexts.filter((text) => this.#statements.requestTextKept.get(meetingId, text.requestId) === undefined)
      this.#putRequestTexts(meetingId, fresh)
      // The snapshot takes the place of the last update it replaces, so updates appended since sort after it.
      const last = this.#statements.lastSeqUpTo.get(meetingId, doc, upToSeq)?.seq ?? null
      if (last === null) return
      this.#statements.deleteUpdatesUpTo.run(meetingId, doc, last)
      this.#statements.insertSnapshotAt.run(last, meetingId, doc, snapshot)
    })()
  }

  async putRequestTexts (meetingId: MeetingId, texts: readonly RequestText[]): Promise<void> {
    this.#db.transaction(() => this.#putRequestTexts(meetingId, texts))()
  }

  async listRequestTexts (meetingId: MeetingId): Promise<RequestText[]> {
    return this.#statements.listRequestTexts.all(meetingId).map((row) => ({
      requestId: row.request_id as RequestId, delegation: row.delegation as DelegationCode, note: row.note, reason: row.reason
    }))
  }

  async getSetting (key: string): Promise<string | null> {
    return this.#statements.getSetting.get(key)?.value ?? null
  }

  async setSetting (key: string, value: string): Promise<void> {
    this.#statements.setSetting.run(key, value)
  }

  async close (): Promise<void> {
    if (this.#db.open) this.#db.close()
  }

  /** Runs a write of tokens; the cache is emptied before and after, so neither a stale nor a rolled-back record stays. */
  #writingTokens<T> (write: () => T): T {
    this.#tokens.clear()
    try {
      return write()
    } finally {
      this.#tokens.clear()
    }
  }

  /** Inside a transaction: revokes a role's live tokens (and stores a replacement); returns the hashes revoked. */
  #changeTokens (change: TokenChange): string[] {
    const { meetingId, role, delegation } = change.kind === 'reissue' ? change.replacement : change
    const atMs = change.kind === 'reissue' ? change.replacement.createdAtMs : change.atMs
    const revoked = this.#statements.liveTokens.all(meetingId, role, delegation).map((row) => row.hash)
    for (const hash of revoked) this.#statements.revokeToken.run(atMs, hash)
    if (change.kind === 'reissue') this.#insertToken(change.replacement)
    return revoked
  }

  #insertToken (t: TokenRecord): void {
    this.#statements.insertToken.run(t.hash, t.meetingId, t.role, t.delegation, t.createdAtMs, t.revokedAtMs)
  }

  #putRequestTexts (meetingId: MeetingId, texts: readonly RequestText[]): void {
    for (const text of texts) {
      if (hasText(text)) this.#statements.putRequestText.run(meetingId, text.requestId, text.delegation, text.note, text.reason)
      else this.#statements.deleteRequestText.run(meetingId, text.requestId)
    }
  }

  /** A command id the audit log has already is reported as `CommandIdTaken`. */
  #insertAudit (audit: AuditEntry): void {
    try {
      this.#statements.insertAudit.run(...auditColumns(audit))
    } catch (error) {
      if (isAuditConflict(error)) throw new CommandIdTaken(audit.meetingId, audit.actorId, audit.commandId)
      throw error
    }
  }

  #addMissingColumns (): void {
    for (const [table, column, type] of ADDED_COLUMNS) {
      const columns = this.#db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all()
      if (!columns.some((existing) => existing.name === column)) this.#db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`)
    }
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

/** The audit log's one uniqueness rule, (meeting, actor, command id), was broken. */
function isAuditConflict (error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('audit.command_id')
}
