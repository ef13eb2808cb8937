import { describe } from 'vitest'
import type { Store } from '../../../server/store/store.ts'
import { openPgStore } from '../../support/pg-store.ts'
import { freshDatabase, pgTestUrl } from '../../support/services.ts'
import { storeContract } from './store-contract.ts'

const adminUrl = pgTestUrl()

if (adminUrl === null) {
  describe.skip('PostgreSQL store contract (ROSTRUM_TEST_PG_URL is not set)', () => {})
} else {
  storeContract('PostgreSQL', async () => {
    const database = await freshDatabase(adminUrl)
    const store = await openPgStore(database)
    let current: Store = store
    return {
      store,
      reopen: async () => (current = await openPgStore(database)),
      cleanup: async () => {
        await current.close()
        await store.close()
        await database.drop()
      }
    }
  })
}
