import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import { createMeeting, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import type { PgStore } from '../../server/store/pg-store.ts'
import { openPgStore } from './pg-store.ts'
import { spawnServer, type ServerProcess } from './server-process.ts'
import { dropRedisPrefix, freshDatabase, freshRedisPrefix, type FreshDatabase } from './services.ts'

/** A node process's start (tsx compiling the server) on a busy machine. */
const NODE_START_TIMEOUT_MS = 60_000

export interface ClusterOptions {
  readonly nodes?: number
  /** The Redis URL node `index` is given (a cuttable proxy, say); the test's Redis by default. */
  readonly redisUrlFor?: (index: number) => string
  /** Settings over the defaults for every node. */
  readonly env?: Record<string, string>
}

/** Real node processes (`server/main.ts`) sharing a database and a Redis prefix of the test's own. */
export interface TestCluster {
  readonly nodes: ServerProcess[]
  /** The test's own reader of the shared database: a node that owns nothing, as a fresh reader would be. */
  readonly reader: PgStore
  /** The shared database, for a test that writes to it behind the nodes' backs. */
  readonly databaseUrl: string
  readonly adminToken: string
  /** A meeting made straight in the database, as the setup page would through any node. */
  seed (description: MeetingDescription): Promise<CreatedMeeting>
  /** The node holding the meeting's lease (its index in `nodes`), or null. */
  ownerOf (meetingId: MeetingId): Promise<number | null>
  /** Starts one more node (a replacement after a kill), with the same settings; its index is returned. */
  addNode (): Promise<number>
  close (): Promise<void>
}

export async function startTestCluster (adminPgUrl: string, redisUrl: string, options: ClusterOptions = {}): Promise<TestCluster> {
  const database: FreshDatabase = await freshDatabase(adminPgUrl)
  const prefix = freshRedisPrefix()
  const adminToken = `cluster-admin-${randomBytes(16).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-cluster-'))
  const nodes: ServerProcess[] = []
  const spawnNode = (index: number) => spawnServer({
    ROSTRUM_DATABASE_URL: database.url,
    ROSTRUM_REDIS_URL: options.redisUrlFor?.(index) ?? redisUrl,
    ROSTRUM_REDIS_PREFIX: prefix,
    ROSTRUM_ADMIN_TOKEN: adminToken,
    ROSTRUM_DATA_DIR: join(dataDir, String(index)),
    ROSTRUM_DEMO: '0',
    ...options.env
  }, NODE_START_TIMEOUT_MS)
  const reader = await openPgStore(database, 'test-reader')
  try {
    // One after another: the first makes the schema, and a busy machine starts them no faster together.
    for (let index = 0; index < (options.nodes ?? 3); index++) nodes.push(await spawnNode(index))
  } catch (error) {
    await Promise.all(nodes.map((node) => node.kill()))
    await reader.close()
    await database.drop()
    throw error
  }
  return {
    nodes,
    reader,
    databaseUrl: database.url,
    adminToken,
    seed: (description) => createMeeting(description, { store: reader, clock: { now: () => Date.now() } }),
    ownerOf: async (meetingId) => {
      const owner = await reader.readOwner(meetingId)
      if (owner === null) return null
      const index = nodes.findIndex((node) => node.url === owner.url)
      return index === -1 ? null : index
    },
    addNode: async () => {
      nodes.push(await spawnNode(nodes.length))
      return nodes.length - 1
    },
    close: async () => {
      await Promise.all(nodes.map((node) => node.kill()))
      await reader.close()
      await database.drop()
      await dropRedisPrefix(redisUrl, prefix)
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
