import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { internalRoute, internalRouter, type InternalRoutes } from '../../server/cluster/internal-router.ts'
import { base64Bytes, clusterSecret, INTERNAL_MOUNT, MAX_NODE_CALL_BYTES, NodeCaller, NODE_UNAUTHORIZED } from '../../server/cluster/node-calls.ts'

const ADMIN_TOKEN = 'q8Zr3vT1xKp0LmN7wYb5HcJd'
const SECRET = clusterSecret(ADMIN_TOKEN)
const CALL = { timeoutMs: 5_000 }

interface TestNode { readonly url: string; readonly server: Server; readonly logLines: string[] }

const servers: Server[] = []

/** A node that serves only `routes`, on a port of its own, logging into `logLines`. */
async function startNode (routes: InternalRoutes): Promise<TestNode> {
  const logLines: string[] = []
  const app = express()
  app.use(INTERNAL_MOUNT, internalRouter(SECRET, routes, pino({ level: 'error' }, { write: (line: string) => { logLines.push(line) } })))
  const server = createServer(app)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, logLines }
}

async function close (server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

/** A route that takes a Yjs-sized update and records every body its handler is given. */
function updateRoute () {
  const handled: Array<{ meetingId: string; update: Uint8Array }> = []
  const route = internalRoute(z.strictObject({ meetingId: z.string().min(1), update: base64Bytes(64) }), async (body) => {
    handled.push(body)
    return { meetingId: body.meetingId, updateBytes: body.update.byteLength }
  })
  return { handled, route }
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map(close))
})

describe('node calls', () => {
  it('carry a body the route accepts to its handler, bytes as base64, and its result back', async () => {
    const { handled, route } = updateRoute()
    const node = await startNode({ '/updates': route })
    const update = new Uint8Array([0, 1, 2, 250, 255])
    const answer = await new NodeCaller(SECRET).call(node.url, '/updates', { meetingId: 'm_1', update: encodeWire(update) }, CALL)
    expect(answer).toEqual({ kind: 'answered', status: 200, body: { ok: true, result: { meetingId: 'm_1', updateBytes: 5 } } })
    expect(handled).toHaveLength(1)
    expect([...handled[0]!.update]).toEqual([...update])
  })

  it('go one after another over one kept-alive connection, not a connection each', async () => {
    const { handled, route } = updateRoute()
    const node = await startNode({ '/updates': route })
    let connections = 0
    node.server.on('connection', () => { connections += 1 })
    const caller = new NodeCaller(SECRET)
    for (let i = 0; i < 5; i++) {
      expect(await caller.call(node.url, '/updates', { meetingId: `m_${i}`, update: encodeWire(new Uint8Array([i])) }, CALL)).toMatchObject({ kind: 'answered', status: 200 })
    }
    caller.close()
    expect(handled).toHaveLength(5)
    expect(connections).toBe(1)
  })

  it('time out on a node that stops in the middle of its answer', async () => {
    const app = express()
    let cut!: () => void
    const answered = new Promise<void>((resolve) => { cut = resolve })
    app.use((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"ok":true,')
      cut()
    })
    const stalled = createServer(app)
    servers.push(stalled)
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve))
    const call = new NodeCaller(SECRET).call(`http://127.0.0.1:${(stalled.address() as AddressInfo).port}`, '/updates', {}, { timeoutMs: 50 })
    await answered
    expect(await call).toEqual({ kind: 'timeout' })
  })

  it('answer null for a handler that returns nothing', async () => {
    const node = await startNode({ '/ping': internalRoute(z.object({}), async () => {}) })
    expect(await new NodeCaller(SECRET).call(node.url, '/ping', {}, CALL)).toEqual({ kind: 'answered', status: 200, body: { ok: true, result: null } })
  })

  it('are refused without the cluster secret, the handler never run', async () => {
    const { handled, route } = updateRoute()
    const node = await startNode({ '/updates': route })
    const body = { meetingId: 'm_1', update: encodeWire(new Uint8Array([1])) }
    const wrong = await new NodeCaller(clusterSecret('another-admin-token-Zq81xP4w')).call(node.url, '/updates', body, CALL)
    expect(wrong).toEqual({ kind: 'refused', code: NODE_UNAUTHORIZED })
    // The admin token itself is not the cluster secret either.
    expect(await new NodeCaller(ADMIN_TOKEN).call(node.url, '/updates', body, CALL)).toEqual({ kind: 'refused', code: NODE_UNAUTHORIZED })
    const bare = await fetch(`${node.url}${INTERNAL_MOUNT}/updates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(bare.status).toBe(401)
    expect(await bare.json()).toEqual({ ok: false, error: { code: NODE_UNAUTHORIZED, message: expect.any(String) } })
    expect(handled).toEqual([])
  })

  it.each([
    ['bytes that are not base64', { meetingId: 'm_1', update: 'not base64!' }, 'update: not base64'],
    ['more bytes than the route takes', { meetingId: 'm_1', update: encodeWire(new Uint8Array(65)) }, 'update: more than 64 bytes'],
    ['a field the route does not know', { meetingId: 'm_1', update: '', extra: 1 }, 'extra'],
    ['a missing field', { update: '' }, 'meetingId:']
  ])('answer a body with %s with 400 INVALID_PAYLOAD naming the issue, the handler never run', async (_label, body, issue) => {
    const { handled, route } = updateRoute()
    const node = await startNode({ '/updates': route })
    const answer = await new NodeCaller(SECRET).call(node.url, '/updates', body, CALL)
    expect(answer).toEqual({ kind: 'answered', status: 400, body: { ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining(issue) } } })
    expect(handled).toEqual([])
  })

  it('answer a body over the limit with 413 PAYLOAD_TOO_LARGE, the handler never run', async () => {
    const handled: unknown[] = []
    const node = await startNode({ '/notes': internalRoute(z.object({ text: z.string() }), async (body) => { handled.push(body) }) })
    const answer = await new NodeCaller(SECRET).call(node.url, '/notes', { text: 'x'.repeat(MAX_NODE_CALL_BYTES) }, CALL)
    expect(answer).toEqual({ kind: 'answered', status: 413, body: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } } })
    expect(handled).toEqual([])
  })

  it('answer a route that is not there with 404 NOT_FOUND, and a handler that throws with 500 INTERNAL, logged with its route', async () => {
    const node = await startNode({ '/broken': internalRoute(z.object({}), async () => { throw new Error('handler bug') }) })
    const caller = new NodeCaller(SECRET)
    expect(await caller.call(node.url, '/missing', {}, CALL)).toMatchObject({ kind: 'answered', status: 404, body: { ok: false, error: { code: 'NOT_FOUND' } } })
    expect(await caller.call(node.url, '/broken', {}, CALL)).toMatchObject({ kind: 'answered', status: 500, body: { ok: false, error: { code: 'INTERNAL' } } })
    expect(node.logLines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ route: `${INTERNAL_MOUNT}/broken`, err: expect.objectContaining({ message: 'handler bug' }) })])
  })

  it('time out on a node that does not answer in time, without throwing', async () => {
    let release!: () => void
    const answerHeld = new Promise<void>((resolve) => { release = resolve })
    const node = await startNode({
      '/slow': internalRoute(z.object({}), async () => {
        await answerHeld
        return 'too late'
      })
    })
    const answer = await new NodeCaller(SECRET).call(node.url, '/slow', {}, { timeoutMs: 50 })
    expect(answer).toEqual({ kind: 'timeout' })
    release()
  })

  it('report a node nobody listens on as unreachable, without throwing', async () => {
    const gone = createServer()
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve))
    const { port } = gone.address() as AddressInfo
    await close(gone)
    const answer = await new NodeCaller(SECRET).call(`http://127.0.0.1:${port}`, '/updates', {}, CALL)
    expect(answer).toMatchObject({ kind: 'unreachable', error: expect.any(Error) })
  })

  it('report something that is not a node answering as unreachable, not as an answer', async () => {
    const app = express()
    app.use((_req, res) => { res.status(502).send('<html>Bad gateway</html>') })
    const proxy = createServer(app)
    servers.push(proxy)
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    const answer = await new NodeCaller(SECRET).call(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, '/updates', {}, CALL)
    expect(answer).toMatchObject({ kind: 'unreachable', error: { message: expect.stringContaining('HTTP 502') } })
  })
})

describe('the cluster secret', () => {
  it('is derived from the admin token, the same on every node, and reveals nothing of it', () => {
    expect(clusterSecret(ADMIN_TOKEN)).toBe(SECRET)
    expect(clusterSecret(`${ADMIN_TOKEN}x`)).not.toBe(SECRET)
    expect(SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(SECRET).not.toContain(ADMIN_TOKEN.slice(0, 8))
  })

  it('must be one a Bearer header can carry, or the router refuses to start', () => {
    expect(() => internalRouter('short', {}, pino({ level: 'silent' }))).toThrow('cluster secret')
  })
})
