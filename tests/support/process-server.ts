// The real server in its own process, for tests that measure what a flood costs it: its memory as
// the kernel counts it, its own metrics (admin only), and whether /healthz still answers.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MetricsSnapshot } from '../../server/metrics.ts'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { rssOf } from './raw-clients.ts'
import { tokenOf } from './restartable-server.ts'
import { spawnServer, type ServerProcess } from './server-process.ts'

const ADMIN_TOKEN = 'abuse-test-admin-token-0123456789abcdef'

export interface MeetingTokens {
  readonly chair: string
  readonly notetaker: string
  readonly public: string
  readonly delegations: Readonly<Record<string, string>>
}

export interface MeasuredServer {
  readonly url: string
  readonly process: ServerProcess
  readonly dataDir: string
  rss (): number
  metrics (): Promise<MetricsSnapshot>
  /** Whether /healthz answered 200 within `timeoutMs`. */
  healthy (timeoutMs?: number): Promise<boolean>
  createMeeting (description: MeetingDescription): Promise<MeetingTokens>
  /** A synced client; closed by `stop`. */
  connect (token: string): Promise<RostrumClient>
  stop (): Promise<void>
}

export async function startMeasuredServer (env: Record<string, string> = {}): Promise<MeasuredServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-measured-'))
  const process = await spawnServer({ ROSTRUM_DATA_DIR: dataDir, ROSTRUM_ADMIN_TOKEN: ADMIN_TOKEN, ROSTRUM_DEMO: '0', ...env })
  const clients: RostrumClient[] = []
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
  const pid = process.child.pid
  if (pid === undefined) throw new Error('the server process has no pid')
  return {
    url: process.url,
    process,
    dataDir,
    rss: () => rssOf(pid),
    metrics: async () => {
      const response = await fetch(`${process.url}/api/admin/metrics`, { headers: admin })
      if (response.status !== 200) throw new Error(`metrics answered ${response.status}`)
      return await response.json() as MetricsSnapshot
    },
    healthy: async (timeoutMs = 10_000) => {
      try {
        const response = await fetch(`${process.url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })
        return response.status === 200
      } catch {
        return false
      }
    },
    createMeeting: async (description) => {
      const response = await fetch(`${process.url}/api/meetings`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(description)
      })
      if (response.status !== 201) throw new Error(`creating a meeting answered ${response.status}`)
      const { links } = await response.json() as { links: { chair: string; notetaker: string; public: string; delegations: Record<string, string> } }
      return {
        chair: tokenOf(links.chair),
        notetaker: tokenOf(links.notetaker),
        public: tokenOf(links.public),
        delegations: Object.fromEntries(Object.entries(links.delegations).map(([code, link]) => [code, tokenOf(link)]))
      }
    },
    connect: async (token) => {
      const client = new RostrumClient({ url: process.url, token })
      clients.push(client)
      await client.whenSynced
      return client
    },
    stop: async () => {
      for (const client of clients.splice(0)) client.close()
      await process.kill()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** Polls `condition` (which may be async) until it holds or `timeoutMs` passes; answers whether it held. */
export async function until (condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  return false
}
