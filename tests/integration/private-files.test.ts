// What the server writes to disk holds tokens' hashes, every note and the audit log; links.json holds
// raw tokens. None of it may be readable by another user of the machine, whatever the umask.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.ts'
import { loadConfig } from '../../server/config.ts'
import { ensureAdminToken, ensureDemoMeeting } from '../../server/startup.ts'
import { SqliteStore } from '../../server/store/sqlite-store.ts'

const modeOf = (path: string) => statSync(path).mode & 0o777

describe('files in the data dir', () => {
  let parent: string
  const previousUmask = process.umask(0o022)
  afterEach(() => {
    process.umask(previousUmask)
    rmSync(parent, { recursive: true, force: true })
  })

  it('are 0600 (the database, its WAL and links.json) in a data dir made 0700, under a umask of 022', async () => {
    parent = mkdtempSync(join(tmpdir(), 'rostrum-private-'))
    const dataDir = join(parent, 'data')
    const config = { ...loadConfig({}), dataDir }
    const store = new SqliteStore(join(dataDir, 'rostrum.db'))
    try {
      await ensureAdminToken(config, store)
      await ensureDemoMeeting(config, { store, clock: systemClock }, new URL('../../examples/demo-meeting.json', import.meta.url).pathname)
      expect(modeOf(dataDir)).toBe(0o700)
      expect(modeOf(join(dataDir, 'rostrum.db'))).toBe(0o600)
      expect(modeOf(join(dataDir, 'rostrum.db-wal'))).toBe(0o600)
      expect(modeOf(join(dataDir, 'links.json'))).toBe(0o600)
    } finally {
      await store.close()
    }
  })
})
