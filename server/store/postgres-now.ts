import type pg from 'pg'

/**
 * Reads PostgreSQL's `clock_timestamp()` (the time at the call, not the transaction's start) as epoch ms.
 * `extract` gives an exact numeric with microseconds; as float8 ms near 2026 it keeps ~0.2 µs.
 */
export function postgresNow (pool: pg.Pool): () => Promise<number> {
  return async () => {
    const answer = await pool.query<{ now_ms: number }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms')
    const nowMs = answer.rows[0]?.now_ms
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) throw new Error(`clock_timestamp() came back as ${String(nowMs)}`)
    return nowMs
  }
}
