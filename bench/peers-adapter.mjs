// Rostrum as a target of the peers' fan-out harness (/work/shared/bench-peers, "Adapter interface"):
//   cd /tmp/bench-peers && node run.mjs --targets hocuspocus,y-websocket,/work/main/bench/peers-adapter.mjs
//
// The harness's write is one single-key overwrite carrying { seq, ts, mono }. Rostrum's documents are
// server-authoritative, so the write goes through a real chair command that carries text:
// `speaker:update` of the meeting's one speaker with `name = JSON.stringify(payload)` (validated,
// persisted, acked, one Y.Map key overwritten). Viewers hold the public link and parse that name.
//
// This file is plain JS loaded by path, in the harness's orchestrator (startServer) and in its forked
// client processes (connect). The TypeScript client and helpers load through tsx's `tsImport`, which
// resolves from this project: our yjs stays in /work/main/node_modules, outside the harness's own
// node_modules (its one-yjs check never sees it), and each process holds a single copy.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { SERVER_NODE_FLAGS } from '../server/node-flags.mjs'

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
/** The orchestrator passes the meeting's tokens to the client processes it forks after startServer. */
const MEETING_ENV = 'ROSTRUM_BENCH_MEETING'
const COMMAND_TIMEOUT_MS = 10_000

const tsModules = new Map()
/**
 * Loads one of the project's TypeScript modules once per process, without registering tsx for the
 * harness's own imports. The client (and with it our yjs) loads only in the client processes: the
 * orchestrator already holds the peers' yjs, and a second copy there would warn.
 */
function loadTs (specifier) {
  if (!tsModules.has(specifier)) tsModules.set(specifier, import('tsx/esm/api').then(({ tsImport }) => tsImport(specifier, import.meta.url)))
  return tsModules.get(specifier)
}

const CLIENT_MODULE = '../shared/client/rostrum-client.ts'
// The harness imports this file in each client process (forked, so with an IPC channel) before it
// times anything: load the client there now, so "sync all" measures connecting, not compiling
// TypeScript. The orchestrator has no IPC channel and never loads it.
if (typeof process.send === 'function') await loadTs(CLIENT_MODULE)

/** The harness's lib/, found from its entry script (run.mjs and client-worker.mjs sit beside it). */
async function harnessSpawnServer () {
  const candidates = [process.env.BENCH_PEERS_DIR, process.argv[1] && dirname(process.argv[1]), process.cwd()].filter(Boolean)
  const dir = candidates.find((d) => existsSync(join(d, 'lib', 'spawn-server.mjs')))
  if (dir === undefined) throw new Error(`cannot find the harness's lib/spawn-server.mjs (looked in ${candidates.join(', ')}); set BENCH_PEERS_DIR`)
  return (await import(pathToFileURL(join(dir, 'lib', 'spawn-server.mjs')).href)).spawnServer
}

let failedWrites = 0
function reportFailedWrite (seq, reason) {
  // Only the first few: a broken run shows as missing deliveries in the harness's table anyway.
  if (++failedWrites <= 3) process.stderr.write(`rostrum adapter: write seq ${seq} failed: ${reason}\n`)
}

/** Speaker names are capped at 200 characters by the command schema. */
const MAX_NAME = 200
/** Earlier writes each name also carries, so a viewer can credit writes merged into a later one. */
const EARLIER_WRITES = 3

/**
 * The server merges the updates of one event-loop turn into one broadcast (by design: a screen only
 * needs the latest floor). Two writes that reach it in the same turn then arrive as one, and a
 * viewer sees only the later value. Seeing write k means write k−1 was applied too, so each name
 * carries the last few earlier { seq, mono } and a viewer reports the ones it skipped, at the
 * moment it sees the later write. The count goes to stderr so the comparison stays honest.
 */
function encodeName (payload, earlier) {
  const value = { ...payload, earlier: earlier.slice(-EARLIER_WRITES) }
  let name = JSON.stringify(value)
  while (name.length > MAX_NAME && value.earlier.length > 0) {
    value.earlier = value.earlier.slice(1)
    name = JSON.stringify(value)
  }
  return name
}

let credited = 0
process.on('exit', () => {
  if (credited > 0) process.stderr.write(`rostrum adapter: ${credited} measured deliveries arrived merged with a later write (credited when that write arrived)\n`)
})

export default {
  name: 'rostrum',
  describe: 'Rostrum server (Express + Socket.IO, SQLite) / headless RostrumClient; each write is a chair speaker:update command',

  async startServer (port) {
    const spawnServer = await harnessSpawnServer()
    const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-peers-'))
    const adminToken = randomBytes(24).toString('base64url')
    const url = `http://127.0.0.1:${port}`
    const server = await spawnServer({
      // node on the entry directly: the pid is the server's, as the harness requires.
      // ROSTRUM_BENCH_SERVER_ARGS adds node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
      args: [...SERVER_NODE_FLAGS, ...(process.env.ROSTRUM_BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', join(PROJECT_ROOT, 'server', 'main.ts')],
      cwd: PROJECT_ROOT,
      env: {
        HOST: '127.0.0.1',
        PORT: String(port),
        ROSTRUM_DATA_DIR: dataDir,
        ROSTRUM_ADMIN_TOKEN: adminToken,
        ROSTRUM_DEMO: '0',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production'
      },
      port,
      url
    })
    const stop = async () => {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
    try {
      const { createBenchMeeting } = await loadTs('./lib/meeting.ts')
      const created = await createBenchMeeting(url, adminToken, 1)
      process.env[MEETING_ENV] = JSON.stringify({ url, chairToken: created.chairToken, publicToken: created.publicToken })
    } catch (error) {
      await stop()
      throw error
    }
    return { pid: server.pid, url, log: server.log, stop }
  },

  async connect (url, _docName, { role }) {
    const meeting = JSON.parse(process.env[MEETING_ENV] ?? 'null')
    if (meeting === null || meeting.url !== url) throw new Error(`no Rostrum meeting for ${url} in ${MEETING_ENV} (startServer runs first)`)
    const { RostrumClient } = await loadTs(CLIENT_MODULE)
    const client = new RostrumClient({ url, token: role === 'writer' ? meeting.chairToken : meeting.publicToken })
    const speakers = client.control.getMap('speakers')
    let speakerId = null
    const earlier = []
    let lastDelivered = -Infinity
    return {
      doc: client.control,
      synced: client.whenSynced,
      destroy: () => client.close(),
      write: (payload) => {
        speakerId ??= speakers.keys().next().value ?? null
        if (speakerId === null) return reportFailedWrite(payload.seq, 'the meeting has no speaker')
        const name = encodeName(payload, earlier)
        earlier.push([payload.seq, payload.mono])
        if (earlier.length > EARLIER_WRITES) earlier.shift()
        // Not awaited: the harness's latency ends at the viewers; the ack's return trip is not part of it.
        client.command('speaker:update', { speakerId, changes: { name } },
          { attemptTimeoutMs: COMMAND_TIMEOUT_MS, deadlineMs: COMMAND_TIMEOUT_MS })
          .then((ack) => { if (!ack.ok) reportFailedWrite(payload.seq, `${ack.error.code} ${ack.error.message}`) },
            (error) => reportFailedWrite(payload.seq, String(error)))
      },
      observe: (cb) => {
        // One key changes per write; parse only what changed.
        speakers.observe((event) => {
          for (const key of event.keysChanged) {
            const name = speakers.get(key)?.name
            if (typeof name !== 'string' || !name.startsWith('{')) continue
            const { earlier: skipped = [], ...value } = JSON.parse(name)
            for (const [seq, mono] of skipped) {
              if (seq <= lastDelivered || seq >= value.seq) continue
              if (seq >= 0) credited++ // warm-up writes have negative seqs
              cb({ seq, mono })
            }
            lastDelivered = Math.max(lastDelivered, value.seq)
            cb(value)
          }
        })
      }
    }
  }
}
