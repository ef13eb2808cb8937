import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { adminTokenProblem } from './auth/admin-token-policy.ts'

export interface Config {
  readonly host: string
  readonly port: number
  readonly dataDir: string
  /** From ROSTRUM_ADMIN_TOKEN; when absent the server generates one on first start. */
  readonly adminToken: string | null
  /** The base of the links handed out; defaults to http://HOST:PORT. */
  readonly publicUrl: string | null
  readonly logLevel: string
  /** Browser origins allowed to open a socket; empty means same origin only. */
  readonly allowedOrigins: readonly string[]
  /** Whether `npm start` creates the demo meeting when the data dir has none. */
  readonly seedDemo: boolean
  /** Sockets one network address may hold open (a hall behind one NAT address shares it). */
  readonly maxConnectionsPerAddress: number
  /**
   * Express's `trust proxy` (ROSTRUM_TRUST_PROXY: `true`, a hop count, or addresses such as `loopback`):
   * whose X-Forwarded-Proto/-For to believe. Off by default, so no client can claim HTTPS or an address.
   */
  readonly trustProxy: boolean | number | string
  /** The multi-node mode (ROSTRUM_DATABASE_URL and ROSTRUM_REDIS_URL both set); null on the embedded default. */
  readonly cluster: ClusterConfig | null
}

export interface ClusterConfig {
  /** PostgreSQL, the store every node shares. A secret: it carries the database's credentials. */
  readonly databaseUrl: string
  /** Redis, which carries each meeting's updates from its owner to the other nodes. A secret as well. */
  readonly redisUrl: string
  /**
   * Where the other nodes reach this one (ROSTRUM_NODE_URL); null: http://HOST:PORT, with the port the
   * server listens on and, when HOST listens on every address, this machine's name.
   */
  readonly nodeUrl: string | null
  /** Every Redis key of the cluster starts with it (ROSTRUM_REDIS_PREFIX): clusters may share one Redis. */
  readonly redisPrefix: string
}

/** The only reader of process.env. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: parsePort(env.PORT ?? '3000'),
    dataDir: resolve(env.ROSTRUM_DATA_DIR ?? './data'),
    adminToken: adminToken(nonEmpty(env.ROSTRUM_ADMIN_TOKEN)),
    publicUrl: nonEmpty(env.ROSTRUM_PUBLIC_URL)?.replace(/\/+$/, '') ?? null,
    logLevel: env.LOG_LEVEL ?? 'info',
    allowedOrigins: (env.ROSTRUM_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    seedDemo: env.ROSTRUM_DEMO !== '0',
    maxConnectionsPerAddress: positiveInteger(env.ROSTRUM_MAX_CONNECTIONS_PER_ADDRESS ?? '2000', 'ROSTRUM_MAX_CONNECTIONS_PER_ADDRESS'),
    trustProxy: parseTrustProxy(nonEmpty(env.ROSTRUM_TRUST_PROXY)),
    cluster: clusterConfig(env)
  }
}

/** Both URLs or neither; the nodes authenticate each other with a secret made from the admin token, which must be set. */
function clusterConfig (env: NodeJS.ProcessEnv): ClusterConfig | null {
  const databaseUrl = nonEmpty(env.ROSTRUM_DATABASE_URL)
  const redisUrl = nonEmpty(env.ROSTRUM_REDIS_URL)
  if (databaseUrl === null && redisUrl === null) return null
  if (databaseUrl === null || redisUrl === null) {
    throw new Error(`${databaseUrl === null ? 'ROSTRUM_DATABASE_URL' : 'ROSTRUM_REDIS_URL'} must be set as well: nodes share PostgreSQL and Redis, both the same on every node.`)
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('ROSTRUM_DATABASE_URL must be a postgres:// URL.')
  if (!/^rediss?:\/\//.test(redisUrl)) throw new Error('ROSTRUM_REDIS_URL must be a redis:// or rediss:// URL.')
  if (nonEmpty(env.ROSTRUM_ADMIN_TOKEN) === null) throw new Error('ROSTRUM_ADMIN_TOKEN must be set, the same on every node, when ROSTRUM_DATABASE_URL and ROSTRUM_REDIS_URL are.')
  return {
    databaseUrl,
    redisUrl,
    nodeUrl: nonEmpty(env.ROSTRUM_NODE_URL)?.replace(/\/+$/, '') ?? null,
    redisPrefix: nonEmpty(env.ROSTRUM_REDIS_PREFIX) ?? 'rostrum:'
  }
}

/** Where the other nodes reach this one, once it listens on `port`. */
export function nodeUrlOf (config: Config, port: number): string {
  if (config.cluster?.nodeUrl != null) return config.cluster.nodeUrl
  const everyAddress = config.host === '0.0.0.0' || config.host === '::'
  const host = everyAddress ? hostname() : config.host.includes(':') ? `[${config.host}]` : config.host
  return `http://${host}:${port}`
}

function parseTrustProxy (value: string | null): boolean | number | string {
  if (value === null || value === 'false') return false
  if (value === 'true') return true
  return /^\d+$/.test(value) ? Number(value) : value
}

/** A weak or unsendable admin token is refused at start, not discovered when it fails to lock the door (or to open it). */
function adminToken (value: string | null): string | null {
  const problem = value === null ? null : adminTokenProblem(value)
  if (problem !== null) throw new Error(problem)
  return value
}

function parsePort (value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got "${value}"`)
  return port
}

function nonEmpty (value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim()
}

function positiveInteger (value: string, name: string): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive integer, got "${value}"`)
  return number
}
