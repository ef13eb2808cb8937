// `npm run fuzz [-- --frames N --seed S]`: seeded hostile frames against the real server process,
// then checks it is up and that the meeting's state is exactly what it was.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { isDeepStrictEqual } from 'node:util'
import { RostrumClient } from '../shared/client/rostrum-client.ts'
import { fuzz } from '../tests/fuzz/run-fuzz.ts'
import { demoMeeting } from '../tests/support/meetings.ts'
import { spawnServer } from '../tests/support/server-process.ts'

const { values } = parseArgs({ options: { frames: { type: 'string', default: '100000' }, seed: { type: 'string', default: String(Date.now() % 2 ** 31) } } })
const frames = Number(values.frames)
const seed = Number(values.seed)
const adminToken = 'fuzz-admin-token-0123456789abcdef'
const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-fuzz-'))
const server = await spawnServer({ ROSTRUM_DATA_DIR: dataDir, ROSTRUM_ADMIN_TOKEN: adminToken, ROSTRUM_DEMO: '0' })
let exitCode = 1
try {
  const created = await fetch(`${server.url}/api/meetings`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(demoMeeting())
  })
  const { links } = await created.json() as { links: { public: string; notetaker: string; delegations: Record<string, string> } }
  const token = (link: string) => new URL(link).hash.replace('#token=', '')
  const snapshot = async () => {
    const reader = new RostrumClient({ url: server.url, token: token(links.public) })
    await reader.whenSynced
    const state = reader.state
    reader.close()
    return state
  }
  const before = await snapshot()
  const startedMs = performance.now()
  const report = await fuzz({ url: server.url, tokens: [token(links.delegations.KEN!), token(links.public), token(links.notetaker)], seed, frames, healthEvery: 2000 })
  const seconds = (performance.now() - startedMs) / 1000
  const after = await snapshot()
  const unchanged = isDeepStrictEqual(before, after)
  process.stdout.write([
    `fuzz seed ${seed}: ${report.frames} frames in ${seconds.toFixed(1)} s (${Math.round(report.frames / seconds)}/s)`,
    `  acks ${report.acks}, accepted ${report.accepted}, unnamed ${report.unnamed.length}, disconnects ${report.disconnects}, health checks ${report.healthChecks}`,
    `  codes ${JSON.stringify(report.codes)}`,
    `  server alive: ${server.child.exitCode === null}, control state unchanged: ${unchanged}`
  ].join('\n') + '\n')
  exitCode = report.unnamed.length === 0 && report.accepted === 0 && unchanged && server.child.exitCode === null ? 0 : 1
} finally {
  await server.kill()
  rmSync(dataDir, { recursive: true, force: true })
}
process.exit(exitCode)
