// What "every client holds the server's state" is checked with: a digest of a client's control
// state (as plain data, keys sorted, so map iteration order does not matter) and of the state vectors
// of both documents (a client holding an update the server lost would differ here).
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'

function canonical (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
  }
  return value
}

/** Equal for two clients exactly when their control state and both documents' state vectors are. */
export function clientDigest (client: MeetingReplica): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify(canonical(client.state)))
  hash.update(Y.encodeStateVector(client.control))
  hash.update(Y.encodeStateVector(client.notes))
  return hash.digest('base64url').slice(0, 16)
}
