import { networkInterfaces } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { createApp, type RostrumApp } from './app.ts'
import { systemClock } from './clock.ts'
import { loadConfig, type Config } from './config.ts'
import { meetingLinks, type CreatedMeeting } from './meetings/create-meeting.ts'
import { reachNotice, reachOf, type Reach } from './network/reach.ts'
import { ensureAdminToken, ensureDemoMeeting, issuedSecretsFile } from './startup.ts'
import { SqliteStore } from './store/sqlite-store.ts'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const config = configOrExit()
const logger = pino({ level: config.logLevel })
const store = new SqliteStore(join(config.dataDir, 'rostrum.db'))

/** The store's first reads and writes (the admin token, the demo meeting) come before the server listens. */
async function start (): Promise<void> {
  const admin = await ensureAdminToken(config, store)
  const demo = config.seedDemo
    ? await ensureDemoMeeting(config, { store, clock: systemClock }, join(root, 'examples', 'demo-meeting.json'))
    : null
  const app = createApp(config, { store, adminTokenHash: admin.hash, logger, staticDir: join(root, 'dist', 'client') })
  app.httpServer.listen(config.port, config.host, () => {
    const address = app.httpServer.address()
    const port = typeof address === 'object' && address !== null ? address.port : config.port
    const reach = reachOf({ host: config.host, port, publicUrl: config.publicUrl, interfaces: networkInterfaces(), asked: null })
    logger.info({ url: reach.linkBase, host: config.host, loopbackOnly: reach.loopbackOnly, dataDir: config.dataDir }, 'Rostrum is listening')
    printLinks(reach, admin, demo)
  })
  process.on('SIGINT', () => void shutdown(app, 'SIGINT'))
  process.on('SIGTERM', () => void shutdown(app, 'SIGTERM'))
}

start().catch((error: unknown) => {
  logger.fatal({ err: error }, 'Rostrum could not start')
  process.exit(1)
})

function printLinks (reach: Reach, admin: { token: string | null }, demo: CreatedMeeting | null): void {
  const base = reach.linkBase
  const lines = [`\nRostrum is running at ${base}  (data in ${config.dataDir})`, ...reachNotice(reach, config.host).map((line) => `  ${line}`), '']
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
async function shutdown (app: RostrumApp, signal: string): Promise<void> {
  if (closing) return
  closing = true
  logger.info({ signal }, 'shutting down')
  await app.close()
  await store.close()
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
