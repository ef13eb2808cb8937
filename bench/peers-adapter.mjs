// Rostrum as a target of the peers' fan-out harness (/work/shared/bench-peers, "Adapter interface"):
//   cd /tmp/bench-peers && node run.mjs --targets hocuspocus,y-websocket,/work/main/bench/peers-adapter.mjs
//
// The harness's write is one single-key overwrite carrying { seq, ts, mono }. Rostrum's documents are
// server-authoritative, so the write goes through a real chair command that carries text:
// `speaker:update` of the meeting's one speaker with `name = JSON.stringify(payload)` (validated,
// persisted, acked, one Y.Map key overwritten). Viewers hold the public link on the live WebSocket
// (shared/protocol/live.ts), as the chamber's screens do, and parse that name.
//
// This file is plain JS loaded by path, in the harness's orchestrator (startServer) and in its forked
// client processes (connect). The server and the clients run built, as in production
// (scripts/builds.mjs): `node dist/server.mjs`, and dist/bench-clients.mjs in the client processes,
// whose packages (our yjs among them) resolve from this project's node_modules, outside the harness's
// own (its one-yjs check never sees them), one copy per process. Only the orchestrator's meeting
// set-up loads TypeScript, through tsx.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ensureBuilt, SERVER_NODE_FLAGS } from '../scripts/builds.mjs'

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
/** The orchestrator passes the meeting's tokens to the client processes it forks after startServer. */
const MEETING_ENV = 'ROSTRUM_BENCH_MEETING'
const COMMAND_TIMEOUT_MS = 10_000
const CLIENTS_MODULE = pathToFileURL(join(PROJECT_ROOT, 'dist', 'bench-clients.mjs')).href

// The harness imports this file in each client process (forked, so with an IPC channel) before it
// times anything: load the clients there now, so "sync all" measures connecting, not loading. The
// orchestrator builds them in startServer, before it forks any client process.
const clients = typeof process.send === 'function' ? await import(CLIENTS_MODULE) : null

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
  describe: 'Rostrum server (Express + Socket.IO + live link, SQLite) / chair RostrumClient, LiveViewer screens; each write is a chair speaker:update command',

  async startServer (port) {
    const spawnServer = await harnessSpawnServer()
    const built = await ensureBuilt(['server', 'bench-clients'], { log: (line) => process.stderr.write(`rostrum adapter: ${line}\n`) })
    const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-peers-'))
    const adminToken = randomBytes(24).toString('base64url')
    const url = `http://127.0.0.1:${port}`
    const server = await spawnServer({
      // node on the entry directly: the pid is the server's, as the harness requires.
      // ROSTRUM_BENCH_SERVER_ARGS adds node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
      args: [...SERVER_NODE_FLAGS, ...(process.env.ROSTRUM_BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? []), built.server],
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
      const { tsImport } = await import('tsx/esm/api')
      const { createBenchMeeting } = await tsImport('./lib/meeting.ts', import.meta.url)
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
    // The chair acts over Socket.IO; the viewers watch over the live link, as the public screens do.
    const client = role === 'writer'
      ? new clients.RostrumClient({ url, token: meeting.chairToken })
      : new clients.LiveViewer({ url, token: meeting.publicToken, WebSocket: clients.WebSocket })
    let speakerId = null
    const earlier = []
    let lastDelivered = -Infinity
    return {
      doc: client.control,
      synced: client.whenSynced,
      destroy: () => client.close(),
      write: (payload) => {
        speakerId ??= Object.keys(client.state?.speakers ?? {})[0] ?? null
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
        // One speaker changes per write; parse only what changed.
        clients.observeEntities(client.control, 'speakers', (_id, speaker) => {
          const name = speaker?.name
          if (typeof name !== 'string' || !name.startsWith('{')) return
          // The harness reads seq and mono of what it is given; the rest rides along.
          const value = JSON.parse(name)
          for (const [seq, mono] of value.earlier ?? []) {
            if (seq <= lastDelivered || seq >= value.seq) continue
            if (seq >= 0) credited++ // warm-up writes have negative seqs
            cb({ seq, mono })
          }
          lastDelivered = Math.max(lastDelivered, value.seq)
          cb(value)
        })
      }
    }
  }
}
