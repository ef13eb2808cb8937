/**
 * The PostgreSQL schema: the SQLite store's tables, with what several nodes need added.
 *
 * - `meetings` carries the meeting's write lease: `owner_node`/`owner_url` hold it until `lease_expires`
 *   (PostgreSQL's clock judges), and `owner_epoch`, bumped at every takeover, is the fencing token every
 *   write is checked against in its own transaction. `head_seq` is the last sequence number given to one
 *   of the meeting's document updates.
 * - `doc_updates` numbers a meeting's updates of both documents densely (1, 2, 3 …) from `head_seq`, so a
 *   node following the meeting knows from the number alone whether it missed one. A compaction's snapshot
 *   takes the number of the last update it replaces.
 */
export const PG_SCHEMA = `
CREATE TABLE IF NOT EXISTS meetings (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  head_seq BIGINT NOT NULL DEFAULT 0,
  owner_node TEXT,
  owner_url TEXT,
  owner_epoch BIGINT NOT NULL DEFAULT 0,
  lease_expires TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  role TEXT NOT NULL,
  delegation TEXT,
  created_at_ms BIGINT NOT NULL,
  revoked_at_ms BIGINT
);
CREATE INDEX IF NOT EXISTS tokens_by_role ON tokens (meeting_id, role, delegation) WHERE revoked_at_ms IS NULL;
CREATE TABLE IF NOT EXISTS doc_updates (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  seq BIGINT NOT NULL,
  doc TEXT NOT NULL,
  is_snapshot BOOLEAN NOT NULL DEFAULT false,
  data BYTEA NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);
CREATE TABLE IF NOT EXISTS audit (
  seq BIGSERIAL PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  command_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_delegation TEXT,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  result TEXT NOT NULL,
  ok BOOLEAN NOT NULL,
  at_ms BIGINT NOT NULL,
  payload_bytes INTEGER,
  payload_sha256 TEXT,
  UNIQUE (meeting_id, actor_id, command_id)
);
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

/**
 * Nodes starting together each run the schema: one at a time, or two `CREATE TABLE IF NOT EXISTS` can
 * both find the table missing and one fails on the catalog's unique index.
 */
export const SCHEMA_LOCK = 7_467_001
