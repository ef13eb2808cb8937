import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { PgStore } from '../../server/store/pg-store.ts'
import type { FreshDatabase } from './services.ts'

/** A node identity no other store of the test shares. */
function testNode (name: string): { id: string; url: string } {
  return { id: `${name}-${randomBytes(4).toString('hex')}`, url: `http://${name}.invalid` }
}

/** A PostgreSQL store on a database of the test's own, as node `name`. */
export async function openPgStore (database: FreshDatabase, name = 'node'): Promise<PgStore> {
  return PgStore.open(database.url, { node: testNode(name), logger: pino({ level: 'silent' }) })
}
