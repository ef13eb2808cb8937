import { createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { z } from 'zod'
import type { ErrorCode } from '../../shared/protocol/errors.ts'
import { decodeWire } from '../../shared/protocol/wire.ts'

// Calls from one Rostrum node to another (a command forwarded to its meeting's owner), over HTTP with
// JSON bodies. Both sides of the wire are here; internal-router.ts answers them.

/** Where every node mounts its internalRouter; a call's path is the route's own, under it. */
export const INTERNAL_MOUNT = '/internal'

/**
 * A node call's body limit: the largest frame a client may send a node is 1 MiB (app.ts), so nothing
 * a node forwards for a client is bigger (a 512 KiB sync message is 683 KiB as base64).
 */
export const MAX_NODE_CALL_BYTES = 1024 * 1024

/** Outside the client-facing codes (errors.ts): no client is ever told it, so no catalogue explains it. */
export const NODE_UNAUTHORIZED = 'NODE_UNAUTHORIZED'
export type NodeErrorCode = ErrorCode | typeof NODE_UNAUTHORIZED

/** Fixed, so every node derives the same secret from the same admin token; versioned, so it can be rotated. */
const CLUSTER_SECRET_LABEL = 'rostrum cluster secret v1'

/**
 * The secret nodes show each other, derived from the admin token that every node is configured with:
 * the admin token itself never travels between nodes, and a secret overheard there does not open /api.
 */
export function clusterSecret (adminToken: string): string {
  return createHmac('sha256', adminToken).update(CLUSTER_SECRET_LABEL, 'utf8').digest('base64url')
}

/** What a node answers: the handler's result, or a refusal with a named code. */
export type NodeAnswer<T> =
  | { readonly ok: true; readonly result: T }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } }

/** The outcome of a call, never thrown: the caller decides whether to re-read the lease and retry. */
export type NodeCallResult<T> =
  | { readonly kind: 'answered'; readonly status: number; readonly body: NodeAnswer<T> }
  | { readonly kind: 'timeout' }
  /** No connection, a reset, a redirect, or an answer that is not a node's (a proxy's error page). */
  | { readonly kind: 'unreachable'; readonly error: Error }
  /** The node does not take our secret (401): a misconfigured cluster, not a passing fault. */
  | { readonly kind: 'refused'; readonly code: string }

export interface NodeCallOptions {
  /** The whole call, answer body included. */
  readonly timeoutMs: number
  /**
   * Asked every `everyMs` while no answer has come (one question at a time): false gives the call up
   * at once, as a timeout. Without it the call waits for the whole `timeoutMs`.
   */
  readonly worthWaiting?: { readonly everyMs: number; readonly check: () => Promise<boolean> }
}

/** Any answer is checked before it is believed; the result's own shape is the route's to check. */
const nodeAnswerSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) })
])

/** Calls other nodes' internal routes with the cluster secret. */
export class NodeCaller {
  readonly #authorization: string
  /**
   * Kept-alive connections to the other nodes, shared by every call: a forwarded write costs a request on
   * an open socket, not a connection. Plain node:http rather than fetch, whose streams and abort signals
   * cost more per call than the call's own work on a busy node.
   */
  readonly #transports = {
    'http:': { request: http.request, agent: new http.Agent({ keepAlive: true }) },
    'https:': { request: https.request, agent: new https.Agent({ keepAlive: true }) }
  }

  constructor (secret: string) {
    this.#authorization = `Bearer ${secret}`
  }

  /** POSTs `body` as JSON to `path` (a route of the node's internalRouter) on the node at `nodeUrl`. */
  async call<T> (nodeUrl: string, path: string, body: unknown, options: NodeCallOptions): Promise<NodeCallResult<T>> {
    const url = `${nodeUrl.replace(/\/+$/, '')}${INTERNAL_MOUNT}${path}`
    const sent = await this.#post(url, JSON.stringify(body), options)
    if (sent.kind !== 'answered') return sent
    const { status, text } = sent
    const parsed = nodeAnswerSchema.safeParse(jsonOrUndefined(text))
    if (!parsed.success) return { kind: 'unreachable', error: new Error(`${url} answered HTTP ${status} with something that is not a node's answer`) }
    if (status === 401 && !parsed.data.ok) return { kind: 'refused', code: parsed.data.error.code }
    return { kind: 'answered', status, body: parsed.data as NodeAnswer<T> }
  }

  /** Closes the kept-alive connections. */
  close (): void {
    for (const { agent } of Object.values(this.#transports)) agent.destroy()
  }

  /**
   * The answer's status and text, or why there is none. A redirect is an answer like any other (never
   * followed: a node never redirects, and one that does must not be sent the secret again), and so is
   * a proxy's error page; `call` tells them from a node's answer.
   */
  #post (url: string, json: string, { timeoutMs, worthWaiting }: NodeCallOptions): Promise<Posted> {
    return new Promise((resolve) => {
      let target: URL
      try {
        target = new URL(url)
      } catch (error) {
        resolve({ kind: 'unreachable', error: error as Error })
        return
      }
      const transport = target.protocol === 'http:' || target.protocol === 'https:' ? this.#transports[target.protocol] : null
      if (transport === null) {
        resolve({ kind: 'unreachable', error: new Error(`${url} is not an http(s) URL`) })
        return
      }
      let timedOut = false
      let settled = false
      const settle = (result: Posted) => {
        settled = true
        clearTimeout(timer)
        clearInterval(checks)
        resolve(result)
      }
      const failed = (error: Error) => settle(timedOut ? { kind: 'timeout' } : { kind: 'unreachable', error })
      const giveUp = () => {
        timedOut = true
        request.destroy()
      }
      const request = transport.request(target, {
        method: 'POST',
        agent: transport.agent,
        headers: {
          authorization: this.#authorization,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(json),
          // Loopback or a hall's network: compressing a few hundred bytes costs more than it saves.
          'accept-encoding': 'identity'
        }
      }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => settle({ kind: 'answered', status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
        // Cut off mid-answer (the timeout below, or the node went away): whichever settles first stands.
        response.on('error', failed)
        response.on('close', () => { if (!response.complete) failed(new Error(`${url}: the answer was cut off`)) })
      })
      // The whole call, answer body included.
      const timer = setTimeout(giveUp, timeoutMs)
      let checking = false
      const checks = worthWaiting === undefined
        ? undefined
        : setInterval(() => {
          if (checking) return
          checking = true
          // A check that fails counts as not worth it: the owner cannot be vouched for.
          worthWaiting.check().catch(() => false).then((worth) => {
            checking = false
            if (!worth && !settled) giveUp()
          })
        }, worthWaiting.everyMs)
      request.on('error', failed)
      request.end(json)
    })
  }
}

/** What came back of a POST: an answer's status and text, or why there is none. */
type Posted =
  | { readonly kind: 'answered'; readonly status: number; readonly text: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'unreachable'; readonly error: Error }

function jsonOrUndefined (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Binary data (Yjs updates) in a node call's JSON: base64 text, as on the client wire, decoded by the
 * route's schema into bytes and refused past `maxBytes`. Encode with `encodeWire` (shared/protocol/wire.ts).
 */
export function base64Bytes (maxBytes: number) {
  return z.string().transform((text, context) => {
    const decoded = decodeWire(text, maxBytes)
    if (decoded.ok) return decoded.bytes
    context.addIssue({ code: 'custom', message: decoded.reason === 'too-large' ? `more than ${maxBytes} bytes` : 'not base64' })
    return z.NEVER
  })
}
