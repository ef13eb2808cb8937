// A cluster for `npm run cluster-check`: built node processes (bench/lib/server-process.ts) on a PostgreSQL
// database and a Redis of their own — a private redis-server on a free port, so a check may stop it,
// restart it empty, or cut it, without touching the machine's shared Redis or another run's keys.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import { createMeeting, type CreatedMeeting } from '../../server/meetings/create-meeting.ts'
import { PgStore } from '../../server/store/pg-store.ts'
import { PROJECT_ROOT } from '../lib/case-main.ts'
import { freeLoopbackPort } from '../lib/free-port.ts'
import { startServer, type ServerProcess } from '../lib/server-process.ts'
import { freshDatabase } from '../../tests/support/services.ts'

/** The machine's PostgreSQL (ROSTRUM_TEST_PG_URL, or the local one with trust auth): databases are made from it. */
export const ADMIN_PG_URL = process.env.ROSTRUM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface ClusterNode extends ServerProcess {
  readonly index: number
  /** SIGSTOP: the process stays, with its connections, and does nothing (a long GC pause, a frozen VM). */
  pause (): void
  /** SIGCONT after `pause`. */
  resume (): void
}

export interface NodeOptions {
  /** Settings over the cluster's for this node (another ROSTRUM_DATABASE_URL through a cuttable proxy, say). */
  readonly env?: Readonly<Record<string, string>>
}

export interface BenchCluster {
  readonly nodes: ClusterNode[]
  readonly databaseUrl: string
  readonly redis: PrivateRedis
  readonly adminToken: string
  /** A reader of the shared database that owns nothing: what a fresh node would read. */
  readonly reader: PgStore
  /** Starts one more node with the cluster's settings; it joins `nodes`. */
  addNode (options?: NodeOptions): Promise<ClusterNode>
  seed (description: MeetingDescription): Promise<CreatedMeeting>
  /** The index in `nodes` of the node holding the meeting's lease, or null. */
  ownerOf (meetingId: MeetingId): Promise<number | null>
  close (): Promise<void>
}

export interface ClusterSetup {
  readonly nodes: number
  /** Per node, by index. */
  readonly nodeOptions?: (index: number) => NodeOptions
}

export async function startBenchCluster (setup: ClusterSetup): Promise<BenchCluster> {
  const database = await freshDatabase(ADMIN_PG_URL)
  const databaseUrl = database.url
  const redis = await startPrivateRedis()
  const adminToken = randomBytes(24).toString('base64url')
  const reader = await PgStore.open(databaseUrl, { node: { id: 'cluster-check-reader', url: 'http://reader.invalid' }, logger: pino({ level: 'silent' }) })
  const nodes: ClusterNode[] = []
  const addNode = async (options: NodeOptions = {}): Promise<ClusterNode> => {
    const index = nodes.length
    const server = await startServer({
      projectRoot: PROJECT_ROOT,
      port: await freeLoopbackPort(),
      adminToken,
      // CLUSTER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": node flags for every node (NODE_OPTIONS takes no --cpu-prof).
      nodeArgs: process.env.CLUSTER_NODE_ARGS?.split(' ').filter(Boolean),
      env: { ROSTRUM_DATABASE_URL: databaseUrl, ROSTRUM_REDIS_URL: redis.url, ...options.env }
    })
    const node: ClusterNode = {
      ...server,
      index,
      pause: () => process.kill(server.pid, 'SIGSTOP'),
      resume: () => process.kill(server.pid, 'SIGCONT')
    }
    nodes.push(node)
    return node
  }
  try {
    for (let index = 0; index < setup.nodes; index++) await addNode(setup.nodeOptions?.(index))
  } catch (error) {
    await Promise.all(nodes.map((node) => node.crash()))
    await reader.close()
    await redis.stop()
    await database.drop()
    throw error
  }
  return {
    nodes,
    databaseUrl,
    redis,
    adminToken,
    reader,
    addNode,
    seed: (description) => createMeeting(description, { store: reader, clock: { now: () => Date.now() } }),
    ownerOf: async (meetingId) => {
      const owner = await reader.readOwner(meetingId)
      if (owner === null) return null
      const index = nodes.findIndex((node) => node.baseUrl === owner.url)
      return index === -1 ? null : index
    },
    close: async () => {
      for (const node of nodes) {
        try {
          node.resume()
        } catch {
          // Gone already.
        }
      }
      // Stopped as an operator would (SIGTERM, SIGKILL after a grace): a node run with --cpu-prof writes its profile.
      await Promise.all(nodes.map((node) => node.stop()))
      await reader.close()
      await redis.stop()
      await database.drop()
    }
  }
}

/** A redis-server of the check's own, keeping nothing on disk, that it may stop and start again (empty). */
export interface PrivateRedis {
  readonly url: string
  readonly port: number
  /** Stops it at once (SIGKILL): its data is gone. */
  stop (): Promise<void>
  /** Starts it again on the same port, empty. */
  start (): Promise<void>
}

export async function startPrivateRedis (): Promise<PrivateRedis> {
  const port = await freeLoopbackPort()
  let child: ChildProcess | null = null
  const start = async (): Promise<void> => {
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: ['ignore', 'pipe', 'pipe'] })
    child = started
    await new Promise<void>((resolve, reject) => {
      let output = ''
      const onData = (chunk: Buffer): void => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) resolve()
      }
      started.stdout?.on('data', onData)
      started.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)))
    })
  }
  const stop = async (): Promise<void> => {
    const running = child
    child = null
    if (running === null || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, stop, start }
}
