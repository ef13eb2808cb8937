import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import pino, { type Logger } from 'pino'
import { afterEach, beforeEach } from 'vitest'
import { createApp, type RostrumApp } from '../../server/app.ts'
import { generateToken, hashToken } from '../../server/auth/tokens.ts'
import type { Clock } from '../../server/clock.ts'
import { loadConfig, type Config } from '../../server/config.ts'
import { createMeeting, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import type { NetworkInterfaces } from '../../server/network/reach.ts'
import { SqliteStore } from '../../server/store/sqlite-store.ts'
import type { Store } from '../../server/store/store.ts'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import { WebSocket } from 'ws'
import { LiveViewer } from '../../shared/client/live-viewer.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'

export interface TestServer {
  readonly url: string
  readonly app: RostrumApp
  readonly store: SqliteStore
  readonly dataDir: string
  readonly adminToken: string
  /** Stops the server, keeping the data dir (for restart tests). */
  stop (): Promise<void>
  /** Stops the server and removes the data dir. */
  destroy (): Promise<void>
}

export interface TestServerOptions {
  readonly dataDir?: string
  readonly clock?: Clock
  readonly staticDir?: string
  /** Defaults to a silent logger. */
  readonly logger?: Logger
  /** Settings over the defaults, as environment variables would give them. */
  readonly config?: Partial<Config>
  /** The machine's network interfaces as the server sees them (os.networkInterfaces by default). */
  readonly networkInterfaces?: () => NetworkInterfaces
  /** The store the app is given, around the real SQLite one (a store that fails on demand). */
  readonly wrapStore?: (store: SqliteStore) => Store
}

/** A real server on a free port with a real SQLite file in a temporary data dir. */
export async function startTestServer (options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rostrum-test-'))
  const config = { ...loadConfig({}), port: 0, dataDir, logLevel: 'silent', ...options.config }
  const store = new SqliteStore(join(dataDir, 'rostrum.db'))
  const adminToken = generateToken()
  const app = createApp(config, {
    store: options.wrapStore?.(store) ?? store,
    adminTokenHash: hashToken(adminToken),
    logger: options.logger ?? pino({ level: 'silent' }),
    clock: options.clock,
    staticDir: options.staticDir,
    networkInterfaces: options.networkInterfaces
  })
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve))
  const { port } = app.httpServer.address() as AddressInfo
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await app.close()
    await store.close()
  }
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    dataDir,
    adminToken,
    stop,
    destroy: async () => {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** Creates a meeting directly through the store, as the HTTP API would. */
export function seedMeeting (server: TestServer, description: MeetingDescription): Promise<CreatedMeeting> {
  return createMeeting(description, { store: server.store, clock: { now: () => Date.now() } })
}

/** A connected, synced headless client; closed by `closeAll`. */
export async function connect (server: TestServer, token: string, clients?: MeetingReplica[]): Promise<RostrumClient> {
  const client = new RostrumClient({ url: server.url, token })
  clients?.push(client)
  await client.whenSynced
  return client
}

/** A synced screen on the live link (the watching transport); closed by `closeAll`. */
export async function watch (server: TestServer, token: string, clients?: MeetingReplica[]): Promise<LiveViewer> {
  const viewer = new LiveViewer({ url: server.url, token, WebSocket })
  clients?.push(viewer)
  await viewer.whenSynced
  return viewer
}

/** Polls `condition` until it holds or the deadline passes; no sleeps in tests. */
export async function eventually (condition: () => boolean, { timeoutMs = 5000, message = 'condition' } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** A fresh server for each test of the enclosing suite, with the clients it connects closed after it. */
export function useTestServer (options: TestServerOptions = {}) {
  let current: TestServer | null = null
  const clients: MeetingReplica[] = []
  beforeEach(async () => { current = await startTestServer(options) })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await current?.destroy()
    current = null
  })
  const server = (): TestServer => {
    if (current === null) throw new Error('the test server runs only inside a test')
    return current
  }
  return {
    server,
    seed: (description: MeetingDescription) => seedMeeting(server(), description),
    connect: (token: string) => connect(server(), token, clients),
    watch: (token: string) => watch(server(), token, clients)
  }
}
