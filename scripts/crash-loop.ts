// `npm run crash-loop [-- --rounds N --seed S]`: a scripted debate with clients attached, the server
// killed with SIGKILL at a random moment, restarted on the same data dir, many times. After each
// restart every acknowledged command must be in the audit log with the same answer, the notes a
// reader saw relayed must be there, and a fresh chair and reader must agree on the state.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual, parseArgs } from 'node:util'
import * as prng from 'lib0/prng'
import { RostrumClient } from '../shared/client/rostrum-client.ts'
import { statementNotes } from '../shared/doc/notes.ts'
import { DOMAIN_ERROR_CODES } from '../shared/domain/commands.ts'
import { nextWaitingSpeaker } from '../shared/domain/order.ts'
import type { StatementId } from '../shared/domain/types.ts'
import type { CommandAck } from '../shared/protocol/events.ts'
import { demoMeeting } from '../tests/support/meetings.ts'
import { spawnServer, type ServerProcess } from '../tests/support/server-process.ts'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, seed: { type: 'string', default: String(Date.now() % 2 ** 31) } } })
const rounds = Number(values.rounds)
const seed = Number(values.seed)
const gen = prng.create(seed)
const adminToken = 'crash-loop-admin-token-0123456789'
const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-crash-loop-'))
const env = { ROSTRUM_DATA_DIR: dataDir, ROSTRUM_ADMIN_TOKEN: adminToken, ROSTRUM_DEMO: '0' }
const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '')

async function connected (url: string, token: string): Promise<RostrumClient> {
  const client = new RostrumClient({ url, token, socketOptions: { reconnection: false } })
  await client.whenSynced
  return client
}

const DOMAIN_CODES = new Set<string>(DOMAIN_ERROR_CODES)
const acknowledged = new Map<string, CommandAck>()
const totals = { commands: 0, noteEdits: 0, kills: 0, checks: 0 }
let server: ServerProcess = await spawnServer(env)
let failure: string | null = null
try {
  const created = await fetch(`${server.url}/api/meetings`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(demoMeeting())
  })
  const { id, links } = await created.json() as { id: string; links: { chair: string; notetaker: string; public: string } }
  const opened = await connected(server.url, tokenOf(links.chair))
  await opened.command('meeting:open', {})
  opened.close()
  let relayedNotes = ''

  for (let round = 1; round <= rounds && failure === null; round++) {
    const chair = await connected(server.url, tokenOf(links.chair))
    const noteTaker = await connected(server.url, tokenOf(links.notetaker))
    const reader = await connected(server.url, tokenOf(links.public))
    const statement = chair.state!.floor.statementId as StatementId | null
    // Kill at a random moment while commands and typing are in flight.
    const killAfterMs = prng.uint32(gen, 20, 400)
    const killed = new Promise<void>((resolve) => setTimeout(() => { void server.kill().then(resolve) }, killAfterMs))
    let alive = true
    void killed.then(() => { alive = false })
    const work = (async () => {
      while (alive) {
        const id = `crash-${round}-${totals.commands}`
        const next = nextWaitingSpeaker(chair.state!)
        const [type, payload] = next !== null && prng.bool(gen)
          ? ['floor:next', { expectedSpeakerId: next.id }] as const
          : prng.oneOf(gen, [['timer:pause', {}], ['timer:resume', {}], ['timer:extend', { byMs: 30_000 }], ['list:close', {}], ['list:reopen', {}]] as const)
        totals.commands++
        try {
          const ack = await chair.command(type as never, payload as never, { id, attemptTimeoutMs: 1000, deadlineMs: 1500 })
          // Accepted commands and domain refusals are on the record; a rate-limited one never ran.
          if (ack.ok || DOMAIN_CODES.has(ack.error.code)) acknowledged.set(id, ack)
        } catch { /* not acknowledged: the server died first */ }
        await new Promise((resolve) => setTimeout(resolve, prng.uint32(gen, 0, 15)))
        if (statement !== null && noteTaker.connected) {
          statementNotes(noteTaker.notes, statement).insert(statementNotes(noteTaker.notes, statement).length, `r${round}.`)
          totals.noteEdits++
        }
      }
    })()
    await killed
    await work
    if (statement !== null) relayedNotes = statementNotes(reader.notes, statement).toString() || relayedNotes
    for (const client of [chair, noteTaker, reader]) client.close()
    totals.kills++

    server = await spawnServer(env)
    const exported = await (await fetch(`${server.url}/api/meetings/${id}/export.json`, { headers: { authorization: `Bearer ${tokenOf(links.chair)}` } })).json() as {
      audit: { commandId: string; result: CommandAck }[]; notes: { notes: Record<string, string> }
    }
    const audit = new Map(exported.audit.map((entry) => [entry.commandId, entry.result]))
    for (const [commandId, ack] of acknowledged) {
      if (!isDeepStrictEqual(audit.get(commandId), ack)) failure = `round ${round}: acknowledged ${commandId} is not in the audit log as answered`
    }
    const savedNotes = Object.values(exported.notes.notes).join('')
    if (relayedNotes !== '' && !savedNotes.includes(relayedNotes)) failure = `round ${round}: notes relayed before the kill are missing`
    const [freshChair, freshReader] = [await connected(server.url, tokenOf(links.chair)), await connected(server.url, tokenOf(links.public))]
    if (!isDeepStrictEqual(freshChair.state, freshReader.state)) failure = `round ${round}: a chair and a reader disagree after the restart`
    freshChair.close()
    freshReader.close()
    totals.checks += acknowledged.size
  }
} finally {
  await server.kill()
  rmSync(dataDir, { recursive: true, force: true })
}
process.stdout.write([
  `crash loop seed ${seed}: ${totals.kills} kills (SIGKILL at random moments), ${totals.commands} commands sent, ${acknowledged.size} acknowledged,`,
  `  ${totals.noteEdits} note edits, ${totals.checks} acknowledged-command checks after restarts: ${failure ?? 'all present, clients agree'}`
].join('\n') + '\n')
process.exit(failure === null ? 0 : 1)
