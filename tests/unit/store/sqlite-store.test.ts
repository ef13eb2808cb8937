import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SqliteStore } from '../../../server/store/sqlite-store.ts'
import { storeContract } from './store-contract.ts'

storeContract('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-store-'))
  const file = join(dir, 'nested', 'rostrum.db')
  const store = new SqliteStore(file)
  let current = store
  return {
    store,
    reopen: () => (current = new SqliteStore(file)),
    cleanup: () => {
      current.close()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
})
