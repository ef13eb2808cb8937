import { networkInterfaces } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { createApp, type RostrumApp } from './app.ts'
import { systemClock } from './clock.ts'
import { loadConfig, nodeUrlOf, type Config } from './config.ts'
import type { ClusterRuntime } from './cluster/start-cluster.ts'
import { meetingLinks, type CreatedMeeting } from './meetings/create-meeting.ts'
import { reachNotice, reachOf, type Reach } from './network/reach.ts'
import { ensureAdminToken, ensureDemoMeeting, issuedSecretsFile } from './startup.ts'
import { SqliteStore } from './store/sqlite-store.ts'
import type { Store } from './store/store.ts'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const config = configOrExit()
const logger = pino({ level: config.logLevel })

/** The store's first reads and writes (the admin token, the demo meeting) come before the server listens. */
async function start (): Promise<void> {
  // PostgreSQL and Redis, and their client libraries, only when the multi-node mode is configured.
  const cluster = config.cluster === null
    ? null
    : await import('./cluster/start-cluster.ts').then(({ startCluster }) =>
      startCluster(config.cluster!, config.adminToken!, logger))
  const store: Store = cluster?.store ?? new SqliteStore(join(config.dataDir, 'rostrum.db'))
  const clock = cluster?.clock ?? systemClock
  const seed = async () => {
    const admin = await ensureAdminToken(config, store)
    const demo = config.seedDemo
      ? await ensureDemoMeeting(config, { store, clock }, join(root, 'examples', 'demo-meeting.json'))
      : null
    return { admin, demo }
  }
  // Nodes of a cluster starting together seed an empty database once.
  const { admin, demo } = cluster === null ? await seed() : await cluster.store.whileSeeding(seed)
  const app = createApp(config, {
    store,
    clock: cluster?.clock,
    adminTokenHash: admin.hash,
    logger,
    staticDir: join(root, 'dist', 'client'),
    cluster: cluster === null
      ? undefined
      : {
          meetings: cluster.meetings,
          secret: cluster.secret,
          revokedAmong: (hashes) => cluster.store.revokedAmong(hashes),
          sharePresence: (publish) => cluster.sharePresence(publish),
          shareAwareness: (deliver) => cluster.shareAwareness(deliver)
        }
  })
  app.httpServer.listen(config.port, config.host, () => {
    const address = app.httpServer.address()
    const port = typeof address === 'object' && address !== null ? address.port : config.port
    cluster?.listening(nodeUrlOf(config, port))
    const reach = reachOf({ host: config.host, port, publicUrl: config.publicUrl, interfaces: networkInterfaces(), asked: null })
    logger.info({ url: reach.linkBase, host: config.host, loopbackOnly: reach.loopbackOnly, dataDir: cluster === null ? config.dataDir : undefined, node: cluster?.nodeId }, 'Rostrum is listening')
    printLinks(reach, admin, demo, cluster)
  })
  process.on('SIGINT', () => void shutdown(app, store, cluster, 'SIGINT'))
  process.on('SIGTERM', () => void shutdown(app, store, cluster, 'SIGTERM'))
}

start().catch((error: unknown) => {
  logger.fatal({ err: error }, 'Rostrum could not start')
  process.exit(1)
})

function printLinks (reach: Reach, admin: { token: string | null }, demo: CreatedMeeting | null, cluster: ClusterRuntime | null): void {
  const base = reach.linkBase
  const where = cluster === null ? `data in ${config.dataDir}` : `node ${cluster.nodeId} of a cluster on PostgreSQL and Redis`
  const lines = [`\nRostrum is running at ${base}  (${where})`, ...reachNotice(reach, config.host).map((line) => `  ${line}`), '']
  // Tokens are printed on the start that made them, once: a terminal's scrollback and a service's
  // log keep what is printed, and every later start would copy them there again.
  if (admin.token !== null) lines.push(`Admin token (creates meetings): ${admin.token}`)
  if (admin.token !== null) lines.push(`Set up a meeting: ${base}/setup#token=${admin.token}`)
  const secrets = issuedSecretsFile(config)
  if (admin.token === null && demo === null) {
    lines.push(secrets === null
      ? `Set up a meeting: ${base}/setup#token=<your ROSTRUM_ADMIN_TOKEN>`
      : `The admin token and the demo meeting's tokens are in ${secrets} (printed on the first start only).`)
  }
  if (demo !== null) {
    const links = meetingLinks(base, demo)
    lines.push(`\nDemo meeting ${demo.id}:`,
      `  chair       ${links.chair}`,
      `  note-taker  ${links.notetaker}`,
      `  public      ${links.public}`,
      `  screen      ${links.screen}`,
      ...Object.entries(links.delegations).map(([code, url]) => `  ${code.padEnd(11)} ${url}`))
  }
  process.stdout.write(lines.join('\n') + '\n\n')
}

let closing = false
async function shutdown (app: RostrumApp, store: Store, cluster: ClusterRuntime | null, signal: string): Promise<void> {
  if (closing) return
  closing = true
  logger.info({ signal }, 'shutting down')
  await app.close()
  // The cluster gives its leases up first, so the other nodes take this one's meetings over at once.
  if (cluster !== null) await cluster.close()
  else await store.close()
  process.exit(0)
}

/** A setting the server cannot start with is said in one line, not a stack trace, and the exit is non-zero. */
function configOrExit (): Config {
  try {
    return loadConfig()
  } catch (error) {
    process.stderr.write(`Rostrum cannot start: ${(error as Error).message}\n`)
    process.exit(1)
  }
}
