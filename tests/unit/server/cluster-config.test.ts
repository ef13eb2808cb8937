import { describe, expect, it } from 'vitest'
import { loadConfig, nodeUrlOf } from '../../../server/config.ts'

const adminToken = 'Kq7vX2mN9pR4tW8yB3cF6hJ1-node-secret'
const both = {
  ROSTRUM_DATABASE_URL: 'postgres://rostrum@db.internal:5432/rostrum',
  ROSTRUM_REDIS_URL: 'redis://cache.internal:6379',
  ROSTRUM_ADMIN_TOKEN: adminToken
}

describe('the multi-node settings', () => {
  it('leave the embedded default alone when neither URL is set', () => {
    expect(loadConfig({}).cluster).toBeNull()
    expect(loadConfig({ ROSTRUM_ADMIN_TOKEN: adminToken, ROSTRUM_NODE_URL: 'http://a:1' }).cluster).toBeNull()
  })

  it('make a node of a cluster from both URLs and the admin token, and nothing else', () => {
    expect(loadConfig(both).cluster).toEqual({
      databaseUrl: both.ROSTRUM_DATABASE_URL, redisUrl: both.ROSTRUM_REDIS_URL, nodeUrl: null, redisPrefix: 'rostrum:'
    })
    expect(loadConfig({ ...both, ROSTRUM_NODE_URL: 'https://node-2.internal:8443/', ROSTRUM_REDIS_PREFIX: 'chamber-b:' }).cluster)
      .toMatchObject({ nodeUrl: 'https://node-2.internal:8443', redisPrefix: 'chamber-b:' })
  })

  it('refuse to start with one URL and not the other, a URL of the wrong kind, or no admin token, saying which', () => {
    expect(() => loadConfig({ ROSTRUM_DATABASE_URL: both.ROSTRUM_DATABASE_URL, ROSTRUM_ADMIN_TOKEN: adminToken })).toThrow(/ROSTRUM_REDIS_URL must be set/)
    expect(() => loadConfig({ ROSTRUM_REDIS_URL: both.ROSTRUM_REDIS_URL, ROSTRUM_ADMIN_TOKEN: adminToken })).toThrow(/ROSTRUM_DATABASE_URL must be set/)
    expect(() => loadConfig({ ...both, ROSTRUM_DATABASE_URL: 'mysql://db/rostrum' })).toThrow(/postgres:\/\//)
    expect(() => loadConfig({ ...both, ROSTRUM_REDIS_URL: 'http://cache:6379' })).toThrow(/redis:\/\//)
    expect(() => loadConfig({ ...both, ROSTRUM_ADMIN_TOKEN: '' })).toThrow(/ROSTRUM_ADMIN_TOKEN must be set/)
  })

  it('say where the other nodes reach this one: http://HOST:PORT, the machine\'s name on every address, or ROSTRUM_NODE_URL', () => {
    expect(nodeUrlOf(loadConfig({ ...both, HOST: '10.0.0.5' }), 3001)).toBe('http://10.0.0.5:3001')
    expect(nodeUrlOf(loadConfig({ ...both, HOST: '::1' }), 3001)).toBe('http://[::1]:3001')
    expect(nodeUrlOf(loadConfig({ ...both, HOST: '0.0.0.0' }), 3001)).toMatch(/^http:\/\/[^/]+:3001$/)
    expect(nodeUrlOf(loadConfig({ ...both, HOST: '0.0.0.0' }), 3001)).not.toContain('0.0.0.0')
    expect(nodeUrlOf(loadConfig({ ...both, ROSTRUM_NODE_URL: 'http://node-1.internal:3001' }), 9999)).toBe('http://node-1.internal:3001')
  })
})
