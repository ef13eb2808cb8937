import { existsSync } from 'node:fs'
import { createServer, STATUS_CODES, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import pino, { type Logger } from 'pino'
import { Server } from 'socket.io'
import type { Config } from './config.ts'
import { GuessThrottle } from './auth/guess-throttle.ts'
import { systemClock, type Clock } from './clock.ts'
import { apiErrors, apiRouter, logServerError } from './http/api.ts'
import { conceptNoteRouter } from './http/concept-notes.ts'
import { exportRouter } from './http/exports.ts'
import { delegationRouter } from './http/delegations.ts'
import { linkRouter } from './http/links.ts'
import { reachRouter } from './http/reach.ts'
import { reachOf, type NetworkInterfaces } from './network/reach.ts'
import { Heartbeat } from './rooms/heartbeat.ts'
import { RoomRegistry } from './rooms/room-registry.ts'
import { MeetingRoom } from './rooms/meeting-room.ts'
import type { MeetingCluster } from './cluster/meeting-cluster.ts'
import type { MeetingId } from '../shared/domain/types.ts'
import type { PresenceSummary } from '../shared/protocol/events.ts'
import { INTERNAL_MOUNT } from './cluster/node-calls.ts'
import { internalRouter } from './cluster/internal-router.ts'
import { RevocationSweep } from './cluster/revocation-sweep.ts'
import { serveLiveLinks, type LiveEndpoint } from './live/live-link.ts'
import { ServerMetrics } from './metrics.ts'
import { metricsRouter } from './http/metrics.ts'
import { AddressLimit, limitConnectionsPerAddress } from './socket/address-limit.ts'
import { authenticate } from './socket/authenticate.ts'
import { ownersPerMeeting } from './core/awareness-owners.ts'
import { CLOSE } from './core/close-reasons.ts'
import type { AwarenessRelay, CoreDeps } from './core/connection.ts'
import { HelloGate } from './core/hello-gate.ts'
import { LinkBudgets } from './core/link-budgets.ts'
import { PresenceTracker } from './core/presence.ts'
import { RoomMembers } from './core/room-members.ts'
import { SharedEncodings } from './core/shared-encodings.ts'
import { onConnection } from './socket/connection.ts'
import { socketKind } from './socket/socket-transport.ts'
import { LIVE_HELLO_TIMEOUT_MS } from '../shared/protocol/live.ts'
import type { RostrumServer } from './socket/types.ts'
import type { Store } from './store/store.ts'

/** The engine drops a frame past this and closes that one connection; handlers check finer limits. */
const MAX_FRAME_BYTES = 1024 * 1024

export interface AppDeps {
  readonly store: Store
  readonly adminTokenHash: string
  readonly clock?: Clock
  readonly logger?: Logger
  /** The built client; the page routes are left out when it is absent. */
  readonly staticDir?: string
  /** The machine's network interfaces (os.networkInterfaces), read when a link is made; tests inject theirs. */
  readonly networkInterfaces?: () => NetworkInterfaces
  /** The multi-node mode: the cluster the rooms belong to, and the secret other nodes call this one with. */
  readonly cluster?: {
    readonly meetings: MeetingCluster
    readonly secret: string
    /** Which of these token hashes another node has revoked (PostgreSQL's answer). */
    readonly revokedAmong: (hashes: readonly string[]) => Promise<string[]>
    /** Shares this node's presence counts with the others; `publish` tells this node's connections the total. */
    readonly sharePresence: (publish: (meetingId: MeetingId, summary: PresenceSummary) => void) => SharedPresence
    /** Relays awareness between this node's writers and the others'; `deliver` hands this node's writers an update. */
    readonly shareAwareness: (deliver: (meetingId: MeetingId, update: Uint8Array) => void) => SharedAwareness
  }
}

export interface SharedAwareness extends AwarenessRelay {
  close (): Promise<void>
}

/** This node's share of a meeting's presence counts (server/cluster/cluster-presence.ts). */
export interface SharedPresence {
  report (meetingId: MeetingId, summary: PresenceSummary): void
  close (): Promise<void>
}

export interface RostrumApp {
  readonly httpServer: HttpServer
  readonly io: RostrumServer
  /** The live link for screens that only watch (shared/protocol/live.ts). */
  readonly live: LiveEndpoint
  readonly registry: RoomRegistry
  /** Every connection of each meeting, on either transport: where updates fan out. */
  readonly members: RoomMembers
  readonly logger: Logger
  /** Closes sockets and the HTTP server; the store is the caller's to close. */
  close (): Promise<void>
}

/** Builds the whole server without listening: `main.ts` listens, tests listen on port 0. */
export function createApp (config: Config, deps: AppDeps): RostrumApp {
  const clock = deps.clock ?? systemClock
  const logger = deps.logger ?? pino({ level: config.logLevel })
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)
  // `upgrade-insecure-requests` over plain HTTP (`HOST=0.0.0.0` on a hall's network) makes every
  // asset fail with an SSL error: it is sent only when the request came over HTTPS.
  const contentSecurity = {
    https: helmet.contentSecurityPolicy(),
    http: helmet.contentSecurityPolicy({ directives: { upgradeInsecureRequests: null } })
  }
  // Node-to-node calls first: JSON between our own nodes needs neither a browser's headers nor gzip.
  if (deps.cluster !== undefined) app.use(INTERNAL_MOUNT, internalRouter(deps.cluster.secret, deps.cluster.meetings.routes(), logger))
  app.use(helmet({ contentSecurityPolicy: false }))
  app.use((req, res, next) => { contentSecurity[req.secure ? 'https' : 'http'](req, res, next) })
  // The client bundle is text: gzip takes its ~290 KB on the wire down to about a third.
  app.use(compression())

  const httpServer = createServer(app)
  const io: RostrumServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // A connection that has not joined with a valid token by the live link's hello deadline is closed.
    connectTimeout: LIVE_HELLO_TIMEOUT_MS,
    cors: config.allowedOrigins.length > 0 ? { origin: [...config.allowedOrigins] } : undefined,
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, config))
  })

  const metrics = new ServerMetrics()
  // Every connection of a meeting, whatever its transport: updates fan out through here.
  const members = new RoomMembers()
  const heartbeat = new Heartbeat({ store: deps.store, clock, logger })
  const cluster = deps.cluster?.meetings
  const registry = new RoomRegistry({
    store: deps.store,
    clock,
    logger,
    // In a cluster the other nodes keep running through one node's restart: there was no outage to mark.
    comeback: cluster === undefined ? heartbeat.comeback : undefined,
    broadcast: (meetingId, doc, message) => members.publish(meetingId, doc, { type: 'sync', doc, message }),
    sendRequestTexts: (meetingId, texts) => members.publishRequestTexts(meetingId, texts),
    cluster
  }, cluster === undefined ? undefined : (id, roomDeps) => cluster.openRoom(id, (stored, owned) => MeetingRoom.open(id, stored, roomDeps, owned)))
  cluster?.serveRooms((id) => registry.get(id), (id) => {
    registry.evict(id)
    for (const member of members.inMeeting(id)) member.close(CLOSE.outOfStep)
  })
  const revocations = deps.cluster === undefined ? null : new RevocationSweep({ members, revokedAmong: deps.cluster.revokedAmong, logger })
  // Once a second at most, encoded once per transport for every connection of the meeting; with several
  // nodes, the sum of every node's counts.
  const tellPresence = (meetingId: MeetingId, summary: PresenceSummary) => members.publish(meetingId, 'control', { type: 'presence', summary })
  const sharedPresence = deps.cluster?.sharePresence(tellPresence) ?? null
  const presence = new PresenceTracker(sharedPresence === null ? tellPresence : (meetingId, summary) => sharedPresence.report(meetingId, summary))
  const addressLimit = new AddressLimit(config.maxConnectionsPerAddress)
  // Budgets refill on a monotonic clock; a test that decides time decides their refill too.
  const budgets = new LinkBudgets(deps.clock === undefined ? undefined : () => clock.now())
  const gate = new HelloGate(undefined, () => { metrics.unauthenticatedEvicted += 1 })
  metrics.unauthenticatedOpen = () => gate.size
  const awarenessOwners = ownersPerMeeting()

  // Every Engine.IO connection is one without a token until its socket joins with one.
  io.engine.on('connection', (conn: { close (discard?: boolean): void; once (event: 'close', listener: () => void): void }) => {
    // Discarded: a polling connection would otherwise wait 30 s for a poll to say goodbye on.
    gate.admit(conn, () => conn.close(true))
    conn.once('close', () => gate.leave(conn))
  })
  io.use(authenticate(deps.store))
  io.use(limitConnectionsPerAddress(addressLimit))
  const sharedAwareness = deps.cluster?.shareAwareness((meetingId, update) => members.publish(meetingId, 'awareness', { type: 'awareness', message: update })) ?? undefined
  const core: CoreDeps = {
    registry, clock, logger, presence, budgets, members, awarenessOwners, shared: new SharedEncodings(), metrics, awarenessRelay: sharedAwareness
  }
  const kind = socketKind(io)
  io.on('connection', (socket) => onConnection(socket, { core, kind, gate, logger }))
  const live = serveLiveLinks(httpServer, {
    core,
    store: deps.store,
    logger,
    addressLimit,
    gate,
    originAllowed: (req) => originAllowed(req.headers.origin, req.headers.host, config)
  })

  const interfaces = deps.networkInterfaces ?? networkInterfaces
  const reachFor = (req: express.Request) => reachOf({
    host: config.host,
    port: (httpServer.address() as AddressInfo | null)?.port ?? config.port,
    publicUrl: config.publicUrl,
    interfaces: interfaces(),
    asked: { protocol: req.protocol, host: req.get('host') ?? '' }
  })
  const baseUrl = (req: express.Request) => reachFor(req).linkBase
  app.get('/healthz', (_req, res) => { res.json({ ok: true }) })
  // API answers carry links with tokens (a new meeting, a reissued link) or a meeting's record:
  // no browser or proxy cache may keep one.
  app.use('/api', (_req, res, next) => { res.set('Cache-Control', 'no-store'); next() })
  app.use('/api', metricsRouter({ metrics, adminTokenHash: deps.adminTokenHash }))
  app.use('/api', reachRouter(reachFor))
  app.use('/api', exportRouter({ store: deps.store, registry, clock, logger }))
  const linkDeps = {
    store: deps.store,
    registry,
    clock,
    baseUrl,
    disconnectTokens: (hashes: readonly string[]) => {
      for (const member of members.withTokens(hashes)) member.close(CLOSE.revoked)
    }
  }
  app.use('/api', linkRouter(linkDeps))
  app.use('/api', delegationRouter(linkDeps))
  const guesses = new GuessThrottle(clock)
  app.use('/api', conceptNoteRouter({
    store: deps.store,
    adminTokenHash: deps.adminTokenHash,
    guesses,
    import: { onWorkerError: (err) => logger.error({ err }, 'the concept-note import worker failed') }
  }))
  app.use('/api', apiRouter({
    store: deps.store,
    clock,
    adminTokenHash: deps.adminTokenHash,
    baseUrl,
    guesses
  }))
  app.use('/api', apiErrors(logger))
  if (deps.staticDir !== undefined && existsSync(deps.staticDir)) serveClient(app, deps.staticDir)
  app.use(pageErrors(logger))

  return {
    httpServer,
    io,
    live,
    registry,
    members,
    logger,
    close: async () => {
      await revocations?.stop()
      await sharedPresence?.close()
      await sharedAwareness?.close()
      await heartbeat.stop()
      presence.close()
      metrics.close()
      live.close()
      await io.close()
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()))
    }
  }
}

/** Errors outside /api (the client's files): logged with their cause like the API's, answered as text. */
function pageErrors (logger: Logger) {
  return (error: { status?: number; statusCode?: number }, req: express.Request, res: express.Response, next: express.NextFunction): void => {
    const status = error.status ?? error.statusCode ?? 500
    if (res.headersSent) {
      next(error)
      return
    }
    if (status >= 500) logServerError(logger, error, req)
    res.status(status).type('text/plain').send(status >= 500 ? 'The server could not handle this request.' : STATUS_CODES[status] ?? 'Error')
  }
}

function serveClient (app: express.Express, dir: string): void {
  app.use(express.static(dir, { index: false, maxAge: '1h' }))
  // Every meeting view is the single-page app; the token stays in the fragment, client-side.
  app.get(['/', '/setup', '/m/{*rest}'], (_req, res) => res.sendFile(join(dir, 'index.html')))
}

/** Browsers send Origin; same-host or allow-listed origins may open a socket. Non-browser clients send none. */
function originAllowed (origin: string | undefined, host: string | undefined, config: Config): boolean {
  if (origin === undefined) return true
  if (config.allowedOrigins.includes(origin)) return true
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}
