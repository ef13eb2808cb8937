import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { Redis } from 'ioredis'

/**
 * PostgreSQL and Redis for the multi-node tests: ROSTRUM_TEST_PG_URL (a database this test may create
 * databases from, e.g. postgres://postgres@127.0.0.1:5432/postgres) and ROSTRUM_TEST_REDIS_URL. `.ci/run`
 * sets both. Locally an unset one skips those tests with a loud warning; under CI=true it is a failure,
 * as a missing browser is, so CI can never pass by running none of them.
 */
export function pgTestUrl (): string | null {
  return serviceUrl('ROSTRUM_TEST_PG_URL', 'PostgreSQL')
}

export function redisTestUrl (): string | null {
  return serviceUrl('ROSTRUM_TEST_REDIS_URL', 'Redis')
}

function serviceUrl (name: string, service: string): string | null {
  const url = process.env[name]
  if (url !== undefined && url.trim() !== '') return url.trim()
  if (process.env.CI === 'true') throw new Error(`CI=true but ${name} is not set: the ${service} tests must run in CI.`)
  const line = '!'.repeat(78)
  console.warn(['', line, `!!  ${service.toUpperCase()} TESTS SKIPPED: ${name} is not set.`, '!!  Under CI=true this is a failure.', line, ''].join('\n'))
  return null
}

export interface FreshDatabase {
  /** A URL of a database made for this test alone. */
  readonly url: string
  readonly name: string
  /** Drops it, closing whatever is still connected. */
  drop (): Promise<void>
}

/** A new, empty database on the server `adminUrl` names, so tests never see each other's data. */
export async function freshDatabase (adminUrl: string): Promise<FreshDatabase> {
  const name = `rostrum_test_${randomBytes(6).toString('hex')}`
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined)
  }
}

async function withAdmin<T> (adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A key prefix no other test uses, and a way to remove every key under it. */
export function freshRedisPrefix (): string {
  return `rostrum-test-${randomBytes(6).toString('hex')}:`
}

export async function dropRedisPrefix (redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}
