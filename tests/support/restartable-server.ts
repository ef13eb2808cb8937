// A real server process on its own data directory, for tests that kill it and start it again on the same
// data: what comes back is what was on disk.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect } from 'vitest'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { spawnServer, type ServerProcess } from './server-process.ts'

const ADMIN_TOKEN = 'restart-test-admin-token-0123456789'

export const tokenOf = (link: string): string => new URL(link).hash.replace('#token=', '')

/** For the enclosing suite: each test starts the server, connects clients, kills and restarts it at will. */
export function useRestartableServer (name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `rostrum-${name}-`))
  const env = { ROSTRUM_DATA_DIR: dataDir, ROSTRUM_ADMIN_TOKEN: ADMIN_TOKEN, ROSTRUM_DEMO: '0' }
  const clients: RostrumClient[] = []
  let server: ServerProcess | null = null

  const closeClients = () => { for (const client of clients.splice(0)) client.close() }
  const running = (): ServerProcess => {
    if (server === null) throw new Error('start the server first')
    return server
  }

  afterEach(async () => {
    closeClients()
    await server?.kill()
    server = null
    rmSync(dataDir, { recursive: true, force: true })
  })

  return {
    url: () => running().url,
    /** Starts the server (again) on the suite's data directory. */
    start: async (): Promise<void> => { server = await spawnServer(env) },
    /** SIGKILL, as when the machine dies; every client is closed first. */
    kill: async (): Promise<void> => {
      closeClients()
      await running().kill()
    },
    /** Creates a meeting with the admin token; answers its id and links. */
    createMeeting: async <Links>(description: unknown): Promise<{ id: string; links: Links }> => {
      const created = await fetch(`${running().url}/api/meetings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(description)
      })
      expect(created.status).toBe(201)
      return await created.json() as { id: string; links: Links }
    },
    /** A client on `link`'s token, synced; closed by `kill` and after the test. */
    connect: async (link: string): Promise<RostrumClient> => {
      const client = new RostrumClient({ url: running().url, token: tokenOf(link) })
      clients.push(client)
      await client.whenSynced
      return client
    }
  }
}
