import pg from 'pg'
import type { Logger } from 'pino'
import type { DelegationCode, MeetingId, RequestId, Role } from '../../shared/domain/types.ts'
import { hasText, type RequestText } from '../../shared/domain/request-text.ts'
import type { DocName } from '../../shared/protocol/events.ts'
import { CommandIdTaken, type AuditEntry, type AuditPage, type CommandCommit, type CommittedCommand, type MeetingRecord, type StoredDocument, type TokenChange, type TokenRecord } from './store.ts'
import { NotOwnerError, type ClusterStore, type LeaseClaim, type MeetingOwner, type NodeIdentity, type SequencedUpdate } from './cluster-store.ts'
import { PG_SCHEMA, SCHEMA_LOCK } from './pg-schema.ts'
import { postgresNow } from './postgres-now.ts'
import { auditColumns, auditFromRow, bytesOf, tokenFromRow, type AuditRow, type TokenRow } from './rows.ts'

/** The advisory-lock class of the node-alive locks: `pg_advisory_lock(NODE_ALIVE_LOCK, hashtext(node id))`. */
const NODE_ALIVE_LOCK = 7_467_002

/** Whether the node named by `owner_node` still holds its node-alive lock: its process is alive and connected. */
const OWNER_ALIVE = `EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND classid = ${NODE_ALIVE_LOCK} AND objid = (hashtext(owner_node)::bigint & 4294967295)::oid AND objsubid = 2)`

/** Held while a node seeds an empty database (the admin token, the demo meeting), so nodes starting together seed it once. */
const SEEDING_LOCK = 7_467_003

/** How long a connection to PostgreSQL may take to open, and a query to answer, before it fails. */
const CONNECT_TIMEOUT_MS = 5_000
const QUERY_TIMEOUT_MS = 8_000
/** Well under the lease (3 s), so a stopped owner's open transaction never outlasts its lease. */
const IDLE_IN_TRANSACTION_MS = 1_500
/**
 * How long an unused connection stays open. node-postgres closes one after 10 s by default, and a node
 * whose work comes in bursts (the clock's calibration every 30 s, a busy minute of the meeting) then
 * closed and opened connections again and again: a backend started and ended each time, on PostgreSQL's
 * CPU and this node's, and a write waited for a connection to open.
 */
const IDLE_CONNECTION_MS = 5 * 60_000

const AUDIT_INSERT = `INSERT INTO audit
  (meeting_id, command_id, actor_id, actor_role, actor_delegation, type, payload, result, ok, at_ms, payload_bytes, payload_sha256)`
/** An audit entry's columns as parameters from `$first` on (auditColumns' order), typed: INSERT … SELECT infers none. */
const auditValues = (first: number): string => ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'boolean', 'bigint', 'integer', 'text']
  .map((type, index) => `$${first + index}::${type}`).join(', ')

/**
 * A document update under the meeting's next number, taken only if this node's epoch is still the
 * meeting's, in one statement: its own transaction, and the meeting's row stays locked until it ends.
 */
const APPEND_UPDATE = `WITH next AS (
  UPDATE meetings SET head_seq = head_seq + 1 WHERE id = $1 AND owner_epoch = $2 RETURNING head_seq
) INSERT INTO doc_updates (meeting_id, seq, doc, data) SELECT $1, head_seq, $3, $4 FROM next RETURNING seq`

/** A command's control update and its audit entry, fenced, in one statement (no row: fenced out). */
const COMMIT_UPDATE_AND_AUDIT = `WITH next AS (
  UPDATE meetings SET head_seq = head_seq + 1 WHERE id = $1 AND owner_epoch = $2 RETURNING head_seq
), stored AS (
  INSERT INTO doc_updates (meeting_id, seq, doc, data) SELECT $1, head_seq, 'control', $3 FROM next RETURNING seq
), audited AS (
  ${AUDIT_INSERT} SELECT ${auditValues(4)} FROM stored RETURNING 1
) SELECT stored.seq FROM stored, audited`

/** An audit entry alone (a refusal, or a command that changed no document), fenced (no row: fenced out). */
const APPEND_AUDIT = `${AUDIT_INSERT} SELECT ${auditValues(3)} FROM meetings WHERE id = $1 AND owner_epoch = $2 RETURNING 1`

/** The heads of some meetings (the replicas' poll, every second). */
const READ_HEADS = 'SELECT id, head_seq FROM meetings WHERE id = ANY($1)'

/**
 * A query run often enough to be prepared once per connection: PostgreSQL then parses and plans it once
 * rather than at every write, CPU a busy box has little of. The name must be unique to its text.
 */
function prepared (name: string, text: string, values: unknown[]): pg.QueryConfig {
  return { name, text, values }
}

/** Rows read from the audit log per query while a page fills up to its byte budget. */
const AUDIT_ROWS_PER_READ = 256

/** BIGINT columns (sequence numbers, epochs, ms instants) as numbers: all stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
}

export interface PgStoreOptions {
  readonly node: NodeIdentity
  readonly logger: Logger
  /** Connections in the pool (the node-alive lock has one more of its own). */
  readonly poolSize?: number
}

/**
 * The store of the multi-node mode: one PostgreSQL database every node shares. Each unit of work is one
 * transaction; a write of a meeting is fenced by the lease epoch this node claimed for it (ClusterStore).
 */
export class PgStore implements ClusterStore {
  readonly node: NodeIdentity
  readonly #pool: pg.Pool
  /** A connection of its own for renewing leases, so renewals never queue behind the writes for one. */
  readonly #leases: pg.Pool
  readonly #alive: NodeAliveLock
  /** The epoch of each meeting whose lease this node claimed; a meeting not here writes at epoch 0. */
  readonly #epochs = new Map<MeetingId, number>()

  private constructor (pool: pg.Pool, leases: pg.Pool, alive: NodeAliveLock, node: NodeIdentity) {
    this.#pool = pool
    this.#leases = leases
    this.#alive = alive
    this.node = node
  }

  /** Connects, makes the schema where it is missing, and takes this node's node-alive lock. */
  static async open (url: string, options: PgStoreOptions): Promise<PgStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types,
      // A database that stops answering (a cut network drops no connection) fails a write within seconds,
      // so the chair is told "not saved" rather than left waiting on a query that never returns.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      // A node stopped in the middle of a transaction (SIGSTOP, a frozen VM) would hold the meeting's row
      // lock for as long as it is stopped, and no other node could take the meeting over: PostgreSQL
      // ends a transaction left idle this long, which releases it.
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      keepAlive: true
    })
    // An idle client's error (the server restarted, the network dropped) is emitted on the pool: without a
    // listener it would kill the process. The client is discarded; the next query opens another.
    pool.on('error', (error) => options.logger.warn({ err: error }, 'PostgreSQL connection lost (idle in the pool)'))
    try {
      await inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK])
        await client.query(PG_SCHEMA)
      })
      const alive = await NodeAliveLock.take(url, options.node.id, options.logger)
      const leases = new pg.Pool({ connectionString: url, max: 1, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS, idleTimeoutMillis: IDLE_CONNECTION_MS, keepAlive: true })
      leases.on('error', (error) => options.logger.warn({ err: error }, 'PostgreSQL connection lost (leases)'))
      return new PgStore(pool, leases, alive, options.node)
    } catch (error) {
      await pool.end()
      throw error
    }
  }

  async createMeeting (meeting: MeetingRecord, tokens: readonly TokenRecord[], initialUpdates: Readonly<Record<DocName, Uint8Array>>): Promise<void> {
    const updates = Object.entries(initialUpdates)
    await this.#transaction(async (client) => {
      await client.query('INSERT INTO meetings (id, title, created_at_ms, head_seq) VALUES ($1, $2, $3, $4)',
        [meeting.id, meeting.title, meeting.createdAtMs, updates.length])
      for (const token of tokens) await insertToken(client, token)
      for (const [index, [doc, update]] of updates.entries()) {
        await client.query('INSERT INTO doc_updates (meeting_id, seq, doc, is_snapshot, data) VALUES ($1, $2, $3, true, $4)',
          [meeting.id, index + 1, doc, update])
      }
    })
  }

  async listMeetings (): Promise<MeetingRecord[]> {
    const { rows } = await this.#pool.query<{ id: string; title: string; created_at_ms: number }>(
      'SELECT id, title, created_at_ms FROM meetings ORDER BY created_at_ms, id')
    return rows.map((row) => ({ id: row.id as MeetingId, title: row.title, createdAtMs: row.created_at_ms }))
  }

  /**
   * Not cached, unlike the embedded store's: another node may revoke a token at any moment, and a cache
   * here would let a revoked link back in until it emptied.
   */
  async findToken (hash: string): Promise<TokenRecord | null> {
    const { rows } = await this.#pool.query<TokenRow>('SELECT * FROM tokens WHERE hash = $1', [hash])
    const row = rows[0]
    if (row === undefined) return null
    return tokenFromRow(row)
  }

  async reissueToken (replacement: TokenRecord): Promise<string[]> {
    return this.#transaction((client) => changeTokens(client, { kind: 'reissue', replacement }))
  }

  async revokeTokens (meetingId: MeetingId, role: Role, delegation: DelegationCode | null, atMs: number): Promise<string[]> {
    return this.#transaction((client) => changeTokens(client, { kind: 'revoke', meetingId, role, delegation, atMs }))
  }

  async loadDocument (meetingId: MeetingId, doc: DocName): Promise<StoredDocument | null> {
    return readDocument(this.#pool, meetingId, doc)
  }

  async loadMeeting (meetingId: MeetingId): Promise<{ control: StoredDocument; notes: StoredDocument; headSeq: number } | null> {
    return inTransaction(this.#pool, async (client) => {
      const { rows } = await client.query<{ head_seq: number }>('SELECT head_seq FROM meetings WHERE id = $1', [meetingId])
      const control = await readDocument(client, meetingId, 'control')
      const notes = await readDocument(client, meetingId, 'notes')
      if (rows[0] === undefined || control === null || notes === null) return null
      return { control, notes, headSeq: rows[0].head_seq }
    }, 'ISOLATION LEVEL REPEATABLE READ READ ONLY')
  }

  async appendUpdate (meetingId: MeetingId, doc: DocName, update: Uint8Array): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: number }>(prepared('append-update', APPEND_UPDATE, [meetingId, this.#epoch(meetingId), doc, update]))
    if (rows[0] === undefined) throw new NotOwnerError(meetingId)
    return rows[0].seq
  }

  commitCommand (meetingId: MeetingId, commit: CommandCommit): Promise<CommittedCommand> {
    return unlessCommandIdTaken(commit.audit, () => this.#commitCommand(meetingId, commit))
  }

  async #commitCommand (meetingId: MeetingId, commit: CommandCommit): Promise<CommittedCommand> {
    // Most commands write an update and their audit entry alone: one statement, one round trip.
    if (commit.requestTexts === undefined && commit.tokens === undefined) {
      if (commit.update === undefined) {
        await this.#appendAudit(commit.audit)
        return { seq: null, revokedTokens: [] }
      }
      const { rows } = await this.#pool.query<{ seq: number }>(prepared('commit-update-and-audit', COMMIT_UPDATE_AND_AUDIT,
        [meetingId, this.#epoch(meetingId), commit.update, ...auditColumns(commit.audit)]))
      if (rows[0] === undefined) throw new NotOwnerError(meetingId)
      return { seq: rows[0].seq, revokedTokens: [] }
    }
    return this.#transaction(async (client) => {
      const seq = commit.update === undefined
        ? await this.#fence(client, meetingId).then(() => null)
        : await this.#appendUpdate(client, meetingId, 'control', commit.update)
      await insertAudit(client, commit.audit)
      if (commit.requestTexts !== undefined) await putRequestTexts(client, meetingId, commit.requestTexts)
      const revokedTokens = commit.tokens === undefined ? [] : await changeTokens(client, commit.tokens)
      return { seq, revokedTokens }
    })
  }

  appendAudit (audit: AuditEntry): Promise<void> {
    return unlessCommandIdTaken(audit, () => this.#appendAudit(audit))
  }

  async #appendAudit (audit: AuditEntry): Promise<void> {
    const { rowCount } = await this.#pool.query(prepared('append-audit', APPEND_AUDIT, [audit.meetingId, this.#epoch(audit.meetingId), ...auditColumns(audit)]))
    if (rowCount === 0) throw new NotOwnerError(audit.meetingId)
  }

  async findAudit (meetingId: MeetingId, actorId: string, commandId: string): Promise<AuditEntry | null> {
    const { rows } = await this.#pool.query<AuditRow>(
      'SELECT * FROM audit WHERE meeting_id = $1 AND actor_id = $2 AND command_id = $3', [meetingId, actorId, commandId])
    return rows[0] === undefined ? null : auditFromRow(rows[0])
  }

  async listAudit (meetingId: MeetingId): Promise<AuditEntry[]> {
    const { rows } = await this.#pool.query<AuditRow>('SELECT * FROM audit WHERE meeting_id = $1 ORDER BY seq', [meetingId])
    return rows.map(auditFromRow)
  }

  async auditHead (meetingId: MeetingId): Promise<number> {
    const { rows } = await this.#pool.query<{ head: number | null }>('SELECT max(seq) AS head FROM audit WHERE meeting_id = $1', [meetingId])
    return rows[0]?.head ?? 0
  }

  async readAudit (meetingId: MeetingId, after: number, upTo: number, maxBytes: number): Promise<AuditPage> {
    const entries: AuditEntry[] = []
    let last = after
    let bytes = 0
    for (;;) {
      const { rows } = await this.#pool.query<AuditRow & { seq: number }>(
        'SELECT * FROM audit WHERE meeting_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4', [meetingId, last, upTo, AUDIT_ROWS_PER_READ])
      for (const row of rows) {
        entries.push(auditFromRow(row))
        last = row.seq
        bytes += row.payload.length + row.result.length
        if (bytes >= maxBytes) return { entries, last }
      }
      if (rows.length < AUDIT_ROWS_PER_READ) return { entries, last }
    }
  }

  async compact (meetingId: MeetingId, doc: DocName, snapshot: Uint8Array, upToSeq: number, requestTexts: readonly RequestText[] = []): Promise<void> {
    await this.#transaction(async (client) => {
      await this.#fence(client, meetingId)
      const { rows: kept } = await client.query<{ request_id: string }>('SELECT request_id FROM request_texts WHERE meeting_id = $1', [meetingId])
      const keptIds = new Set(kept.map((row) => row.request_id))
      await putRequestTexts(client, meetingId, requestTexts.filter((text) => !keptIds.has(text.requestId)))
      // The snapshot takes the place of the last update it replaces, so updates appended since sort after it.
      const { rows } = await client.query<{ seq: number | null }>(
        'SELECT max(seq) AS seq FROM doc_updates WHERE meeting_id = $1 AND doc = $2 AND seq <= $3', [meetingId, doc, upToSeq])
      const last = rows[0]?.seq ?? null
      if (last === null) return
      await client.query('DELETE FROM doc_updates WHERE meeting_id = $1 AND doc = $2 AND seq <= $3', [meetingId, doc, last])
      await client.query('INSERT INTO doc_updates (meeting_id, seq, doc, is_snapshot, data) VALUES ($1, $2, $3, true, $4)', [meetingId, last, doc, snapshot])
    })
  }

  async putRequestTexts (meetingId: MeetingId, texts: readonly RequestText[]): Promise<void> {
    await this.#transaction(async (client) => {
      await this.#fence(client, meetingId)
      await putRequestTexts(client, meetingId, texts)
    })
  }

  async listRequestTexts (meetingId: MeetingId): Promise<RequestText[]> {
    const { rows } = await this.#pool.query<{ request_id: string; delegation: string; note: string; reason: string | null }>(
      'SELECT request_id, delegation, note, reason FROM request_texts WHERE meeting_id = $1 ORDER BY request_id', [meetingId])
    return rows.map((row) => ({ requestId: row.request_id as RequestId, delegation: row.delegation as DelegationCode, note: row.note, reason: row.reason }))
  }

  async getSetting (key: string): Promise<string | null> {
    const { rows } = await this.#pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])
    return rows[0]?.value ?? null
  }

  async setSetting (key: string, value: string): Promise<void> {
    await this.#pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value])
  }

  async claimLease (meetingId: MeetingId, leaseMs: number): Promise<LeaseClaim> {
    const held = this.#epochs.get(meetingId)
    if (held !== undefined) {
      const renewed = await this.#renew(meetingId, held, leaseMs)
      if (renewed !== null) return { owned: true, epoch: held, headSeq: renewed }
    }
    // Nobody's live lease stands in the way: the row lock makes two claimants take turns, and the second
    // finds the first's lease live.
    const { rows } = await this.#pool.query<{ owner_epoch: number; head_seq: number }>(
      `UPDATE meetings SET owner_node = $2, owner_url = $3, owner_epoch = owner_epoch + 1,
         lease_expires = clock_timestamp() + make_interval(secs => $4::float8 / 1000)
       WHERE id = $1 AND (owner_node IS NULL OR owner_node = $2 OR lease_expires IS NULL OR lease_expires <= clock_timestamp() OR NOT ${OWNER_ALIVE})
       RETURNING owner_epoch, head_seq`, [meetingId, this.node.id, this.node.url, leaseMs])
    const claimed = rows[0]
    if (claimed !== undefined) {
      this.#epochs.set(meetingId, claimed.owner_epoch)
      return { owned: true, epoch: claimed.owner_epoch, headSeq: claimed.head_seq }
    }
    this.#epochs.delete(meetingId)
    return { owned: false, owner: await this.readOwner(meetingId) }
  }

  async renewLeases (leaseMs: number): Promise<Set<MeetingId>> {
    const held = [...this.#epochs]
    if (held.length === 0) return new Set()
    const { rows } = await this.#leases.query<{ id: string }>(
      `UPDATE meetings m SET lease_expires = clock_timestamp() + make_interval(secs => $3::float8 / 1000)
       FROM unnest($1::text[], $2::bigint[]) AS held(id, epoch)
       WHERE m.id = held.id AND m.owner_epoch = held.epoch AND m.owner_node = $4 RETURNING m.id`,
      [held.map(([id]) => id), held.map(([, epoch]) => epoch), leaseMs, this.node.id])
    const renewed = new Set(rows.map((row) => row.id as MeetingId))
    for (const [meetingId, epoch] of held) {
      // Lost, unless a claim made meanwhile holds it at a newer epoch.
      if (!renewed.has(meetingId) && this.#epochs.get(meetingId) === epoch) this.#epochs.delete(meetingId)
    }
    return renewed
  }

  async releaseLease (meetingId: MeetingId): Promise<void> {
    const held = this.#epochs.get(meetingId)
    if (held === undefined) return
    this.#epochs.delete(meetingId)
    await this.#pool.query('UPDATE meetings SET owner_node = NULL, owner_url = NULL, lease_expires = NULL WHERE id = $1 AND owner_epoch = $2',
      [meetingId, held])
  }

  async readOwner (meetingId: MeetingId): Promise<MeetingOwner | null> {
    const { rows } = await this.#pool.query<{ owner_node: string | null; owner_url: string | null; owner_epoch: number; alive: boolean }>(
      `SELECT owner_node, owner_url, owner_epoch, (lease_expires > clock_timestamp() AND ${OWNER_ALIVE}) AS alive
       FROM meetings WHERE id = $1`, [meetingId])
    const row = rows[0]
    if (row === undefined || row.owner_node === null) return null
    return { nodeId: row.owner_node, url: row.owner_url ?? '', epoch: row.owner_epoch, alive: row.alive }
  }

  async readLog (meetingId: MeetingId, afterSeq: number): Promise<SequencedUpdate[]> {
    const { rows } = await this.#pool.query<{ seq: number; doc: DocName; data: Buffer }>(
      'SELECT seq, doc, data FROM doc_updates WHERE meeting_id = $1 AND seq > $2 ORDER BY seq', [meetingId, afterSeq])
    return rows.map((row) => ({ seq: row.seq, doc: row.doc, update: bytesOf(row.data) }))
  }

  async revokedAmong (hashes: readonly string[]): Promise<string[]> {
    if (hashes.length === 0) return []
    const { rows } = await this.#pool.query<{ hash: string }>('SELECT hash FROM tokens WHERE hash = ANY($1) AND revoked_at_ms IS NOT NULL', [hashes])
    return rows.map((row) => row.hash)
  }

  async readHeads (meetingIds: readonly MeetingId[]): Promise<Map<MeetingId, number>> {
    const { rows } = await this.#pool.query<{ id: string; head_seq: number }>(prepared('read-heads', READ_HEADS, [meetingIds]))
    return new Map(rows.map((row) => [row.id as MeetingId, row.head_seq]))
  }

  /** PostgreSQL's own clock, `clock_timestamp()`, in epoch ms: the reference every node's clock is set by. */
  databaseNow (): Promise<number> {
    return postgresNow(this.#pool)()
  }

  /** Runs `work` while no other node runs its own: the first start of a cluster seeds the database once. */
  async whileSeeding<T> (work: () => Promise<T>): Promise<T> {
    const client = await this.#pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock($1)', [SEEDING_LOCK])
      try {
        return await work()
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [SEEDING_LOCK])
      }
    } finally {
      client.release()
    }
  }

  async close (): Promise<void> {
    if (this.#pool.ended) return
    await this.#alive.release()
    await this.#leases.end()
    await this.#pool.end()
  }

  /** Extends a lease held at `epoch`; the meeting's head, or null when the lease is no longer this node's. */
  async #renew (meetingId: MeetingId, epoch: number, leaseMs: number): Promise<number | null> {
    const { rows } = await this.#pool.query<{ head_seq: number }>(
      `UPDATE meetings SET lease_expires = clock_timestamp() + make_interval(secs => $4::float8 / 1000)
       WHERE id = $1 AND owner_node = $2 AND owner_epoch = $3 RETURNING head_seq`, [meetingId, this.node.id, epoch, leaseMs])
    if (rows[0] !== undefined) return rows[0].head_seq
    this.#epochs.delete(meetingId)
    return null
  }

  /**
   * The next sequence number of the meeting, taken only if this node's epoch is still the meeting's. The
   * row stays locked until the transaction ends, so the meeting's updates commit in the order of their numbers.
   */
  async #appendUpdate (client: pg.PoolClient, meetingId: MeetingId, doc: DocName, update: Uint8Array): Promise<number> {
    const { rows } = await client.query<{ head_seq: number }>(
      'UPDATE meetings SET head_seq = head_seq + 1 WHERE id = $1 AND owner_epoch = $2 RETURNING head_seq', [meetingId, this.#epoch(meetingId)])
    const seq = rows[0]?.head_seq
    if (seq === undefined) throw new NotOwnerError(meetingId)
    await client.query('INSERT INTO doc_updates (meeting_id, seq, doc, data) VALUES ($1, $2, $3, $4)', [meetingId, seq, doc, update])
    return seq
  }

  /** Inside a write that takes no sequence number: fails unless this node's epoch is still the meeting's, and holds it so. */
  async #fence (client: pg.PoolClient, meetingId: MeetingId): Promise<void> {
    const { rowCount } = await client.query('SELECT 1 FROM meetings WHERE id = $1 AND owner_epoch = $2 FOR SHARE', [meetingId, this.#epoch(meetingId)])
    if (rowCount === 0) throw new NotOwnerError(meetingId)
  }

  #epoch (meetingId: MeetingId): number {
    return this.#epochs.get(meetingId) ?? 0
  }

  #transaction<T> (work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, work)
  }
}

/**
 * A session-level advisory lock, held on a connection of its own for as long as the process lives: when the
 * process dies its connection closes and PostgreSQL drops the lock, which tells the other nodes at once
 * that its leases are dead (a process that is only stopped keeps it, and its leases expire instead).
 */
class NodeAliveLock {
  #client: pg.Client | null
  #closed = false

  private constructor (client: pg.Client, private readonly url: string, private readonly nodeId: string, private readonly logger: Logger) {
    this.#client = client
    this.#watch(client)
  }

  static async take (url: string, nodeId: string, logger: Logger): Promise<NodeAliveLock> {
    return new NodeAliveLock(await NodeAliveLock.#connect(url, nodeId), url, nodeId, logger)
  }

  static async #connect (url: string, nodeId: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [NODE_ALIVE_LOCK, nodeId])
    return client
  }

  /** A lost connection lost the lock too: taken again, so leases this node still writes under are not thought dead. */
  #watch (client: pg.Client): void {
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'PostgreSQL node-alive connection lost; taking the lock again')
      this.#client = null
      void client.end().catch(() => undefined)
      void this.#retake()
    })
  }

  async #retake (): Promise<void> {
    while (!this.#closed && this.#client === null) {
      try {
        const client = await NodeAliveLock.#connect(this.url, this.nodeId)
        if (this.#closed) {
          await client.end()
          return
        }
        this.#client = client
        this.#watch(client)
      } catch (error) {
        this.logger.warn({ err: error }, 'PostgreSQL node-alive lock not taken yet')
        await new Promise((resolve) => setTimeout(resolve, 1000).unref())
      }
    }
  }

  async release (): Promise<void> {
    this.#closed = true
    const client = this.#client
    this.#client = null
    await client?.end().catch(() => undefined)
  }
}

async function readDocument (db: pg.Pool | pg.PoolClient, meetingId: MeetingId, doc: DocName): Promise<StoredDocument | null> {
  const { rows } = await db.query<{ seq: number; data: Buffer; is_snapshot: boolean }>(
    'SELECT seq, data, is_snapshot FROM doc_updates WHERE meeting_id = $1 AND doc = $2 ORDER BY seq', [meetingId, doc])
  if (rows.length === 0) return null
  const lastSnapshot = rows.findLastIndex((row) => row.is_snapshot)
  return {
    updates: rows.map((row) => bytesOf(row.data)),
    updatesSinceSnapshot: rows.length - 1 - lastSnapshot,
    lastSeq: rows.at(-1)!.seq
  }
}

/** Runs `work` in one transaction (READ COMMITTED unless `mode` says otherwise); rolled back if it throws. */
async function inTransaction<T> (pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, mode = ''): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(`BEGIN ${mode}`)
    const result = await work(client)
    await client.query('COMMIT')
    client.release()
    return result
  } catch (error) {
    // A connection that failed mid-transaction is discarded rather than handed to the next caller.
    const broken = await client.query('ROLLBACK').then(() => false, () => true)
    client.release(broken)
    throw error
  }
}

/** Inside a transaction: revokes a role's live tokens (and stores a replacement); returns the hashes revoked. */
async function changeTokens (client: pg.PoolClient, change: TokenChange): Promise<string[]> {
  const { meetingId, role, delegation } = change.kind === 'reissue' ? change.replacement : change
  const atMs = change.kind === 'reissue' ? change.replacement.createdAtMs : change.atMs
  const { rows } = await client.query<{ hash: string }>(
    `UPDATE tokens SET revoked_at_ms = $4 WHERE meeting_id = $1 AND role = $2 AND delegation IS NOT DISTINCT FROM $3
       AND revoked_at_ms IS NULL RETURNING hash`, [meetingId, role, delegation, atMs])
  if (change.kind === 'reissue') await insertToken(client, change.replacement)
  return rows.map((row) => row.hash).sort()
}

async function insertToken (client: pg.PoolClient, t: TokenRecord): Promise<void> {
  await client.query('INSERT INTO tokens (hash, meeting_id, role, delegation, created_at_ms, revoked_at_ms) VALUES ($1, $2, $3, $4, $5, $6)',
    [t.hash, t.meetingId, t.role, t.delegation, t.createdAtMs, t.revokedAtMs])
}

async function putRequestTexts (client: pg.PoolClient, meetingId: MeetingId, texts: readonly RequestText[]): Promise<void> {
  for (const text of texts) {
    if (hasText(text)) {
      await client.query(`INSERT INTO request_texts (meeting_id, request_id, delegation, note, reason) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (meeting_id, request_id) DO UPDATE SET note = excluded.note, reason = excluded.reason`,
      [meetingId, text.requestId, text.delegation, text.note, text.reason])
    } else {
      await client.query('DELETE FROM request_texts WHERE meeting_id = $1 AND request_id = $2', [meetingId, text.requestId])
    }
  }
}

async function insertAudit (client: pg.PoolClient, audit: AuditEntry): Promise<void> {
  await client.query(`INSERT INTO audit
    (meeting_id, command_id, actor_id, actor_role, actor_delegation, type, payload, result, ok, at_ms, payload_bytes, payload_sha256)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [...auditColumns(audit)])
}

/** `write`, with PostgreSQL's unique violation on the audit log's (meeting, actor, command id) reported as `CommandIdTaken`. */
async function unlessCommandIdTaken<T> (audit: AuditEntry, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    const { code, table } = error as { code?: unknown; table?: unknown }
    if (code === '23505' && table === 'audit') throw new CommandIdTaken(audit.meetingId, audit.actorId, audit.commandId)
    throw error
  }
}
