// Reconnect storm: N headless clients synced, the server SIGKILLed mid-command and restarted on the
// same data dir and port; every client reconnects by itself. Time to synced again, and nothing lost.
// `npm run bench -- --case storm [--clients 1000]`; bench/README.md explains every number.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual, parseArgs } from 'node:util'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker, waitingQueue } from '../../shared/domain/order.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { PROJECT_ROOT, onExit, quietMachine, runCase } from '../lib/case-main.ts'
import { f0, f1, type CaseOutcome } from '../lib/case-report.ts'
import { whenClient } from '../lib/client-wait.ts'
import { monoMs, sleep, withTimeout } from '../lib/clock.ts'
import { debateMeeting } from '../lib/debate-meeting.ts'
import { clientDigest } from '../lib/digest.ts'
import type { FleetReply } from '../lib/fleet-messages.ts'
import { closeFleets, startFleets } from '../lib/fleets.ts'
import { freeLoopbackPort } from '../lib/free-port.ts'
import { createMeeting } from '../lib/meeting.ts'
import { autoWorkers, shares } from '../lib/options.ts'
import { processCpuMs } from '../lib/proc.ts'
import { cpuProfileArgs, killNow, startServer, type ServerProcess } from '../lib/server-process.ts'
import { percentiles } from '../lib/stats.ts'

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    clients: { type: 'string', default: '1000' },
    workers: { type: 'string', default: 'auto' },
    concurrency: { type: 'string', default: '50' },
    'delegation-every': { type: 'string', default: '4' },
    'kill-after-ms': { type: 'string', default: '2000' },
    'interval-ms': { type: 'string', default: '40' },
    'resync-timeout-ms': { type: 'string', default: '60000' },
    'reconnect-delay-ms': { type: 'string' },
    'reconnect-delay-max-ms': { type: 'string' },
    'server-cpu-prof': { type: 'string' },
    out: { type: 'string' }
  }
})
const serverNodeArgs = cpuProfileArgs(values['server-cpu-prof'])
const options = {
  clients: Number(values.clients),
  workers: values.workers === 'auto' ? autoWorkers(Number(values.clients)) : Number(values.workers),
  concurrency: Number(values.concurrency),
  /** Every k-th client holds a delegation's link, the rest the public one. */
  delegationEvery: Number(values['delegation-every']),
  /** The chair sends commands this long before the kill, and goes on sending through it. */
  killAfterMs: Number(values['kill-after-ms']),
  intervalMs: Number(values['interval-ms']),
  resyncTimeoutMs: Number(values['resync-timeout-ms']),
  /** Overrides socket.io's back-off (default 1000 → 5000 ms, ±50 %) to make the clients arrive closer together. */
  reconnection: values['reconnect-delay-ms'] === undefined && values['reconnect-delay-max-ms'] === undefined
    ? undefined
    : { delayMs: Number(values['reconnect-delay-ms'] ?? 1000), delayMaxMs: Number(values['reconnect-delay-max-ms'] ?? 5000) }
}
const IPC_MS = 30_000
const SYNC_TIMEOUT_MS = 60_000

async function run (): Promise<CaseOutcome> {
  const problems: string[] = []
  const quietBefore = await quietMachine()
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-bench-storm-'))
  onExit(() => rmSync(dataDir, { recursive: true, force: true }))
  const port = await freeLoopbackPort()
  let server: ServerProcess = await startServer({ projectRoot: PROJECT_ROOT, nodeArgs: serverNodeArgs, port, dataDir })
  onExit(() => killNow(server))
  const meeting = await createMeeting(server.baseUrl, server.adminToken, debateMeeting({ briefers: 2, others: 300, delegations: 60 }))
  const delegationTokens = Object.values(meeting.delegationTokens)
  // The public page watches over the live link; a delegation's page acts over Socket.IO.
  const links = Array.from({ length: options.clients }, (_unused, i) =>
    i % options.delegationEvery === options.delegationEvery - 1
      ? { token: delegationTokens[i % delegationTokens.length]!, watches: false }
      : { token: meeting.publicToken, watches: true })

  const fleets = await startFleets(options.workers)
  const chair = new RostrumClient({ url: server.baseUrl, token: meeting.chairToken })
  onExit(() => chair.close())
  await withTimeout(chair.whenSynced, SYNC_TIMEOUT_MS, 'chair sync')
  const opened = await chair.command('meeting:open', {})
  if (!opened.ok) throw new Error(`meeting:open refused: ${opened.error.code}`)

  // Connect and sync everyone (the slices keep each process's share of public and delegation links).
  let offset = 0
  const connectStart = monoMs()
  const connected = await Promise.all(shares(options.clients, options.workers).map((count, i) => {
    const slice = links.slice(offset, offset += count)
    return fleets[i]!.ask({ type: 'connect', config: { url: server.baseUrl, links: slice, concurrency: options.concurrency, syncTimeoutMs: SYNC_TIMEOUT_MS, reconnection: options.reconnection } }, 'connected', SYNC_TIMEOUT_MS * 3)
  }))
  const connectAllMs = Math.max(...connected.map((c) => c.lastSyncedMono)) - connectStart
  const syncFailed = connected.reduce((sum, c) => sum + c.failed, 0)
  if (syncFailed > 0) problems.push(`${syncFailed} clients did not sync at first`)
  await sleep(1000)
  await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'arm' }, 'armed', IPC_MS)))

  // The chair calls speakers one after another; the server dies in the middle of it.
  const queue = waitingQueue(chair.state!).map((s) => s.id)
  const acknowledged = new Map<string, CommandAck>()
  let sent = 0
  let alive = true
  const calling = (async () => {
    while (alive && sent < queue.length) {
      const id = `storm-call-${String(sent).padStart(4, '0')}`
      const expectedSpeakerId = queue[sent++]!
      try {
        const ack = await chair.command('floor:next', { expectedSpeakerId }, { id, attemptTimeoutMs: 1000, deadlineMs: 1500 })
        // A refusal is on the record too (the audit log keeps the answer); none is expected here.
        acknowledged.set(id, ack)
        if (!ack.ok) problems.push(`before the kill, ${id} was refused: ${ack.error.code} ${ack.error.message}`)
      } catch {
        // Not acknowledged: in flight when the server died.
      }
      await sleep(options.intervalMs)
    }
  })()
  await sleep(options.killAfterMs)
  await server.crash()
  const killedMono = monoMs()
  alive = false
  server = await startServer({ projectRoot: PROJECT_ROOT, nodeArgs: serverNodeArgs, port, dataDir, adminToken: server.adminToken, pollMs: 10, readyTimeoutMs: 120_000 })
  const readyMono = server.readyMono
  const cpu0 = processCpuMs(server.pid)
  const resynced = await Promise.all(fleets.map((fleet) =>
    fleet.ask({ type: 'await-resync', deadlineMono: readyMono + options.resyncTimeoutMs }, 'resynced', options.resyncTimeoutMs + IPC_MS)))
  const stormCpuMs = processCpuMs(server.pid) - cpu0
  await calling

  // Times, per client, relative to the restarted server answering /healthz.
  const column = (pick: (r: Extract<FleetReply, { type: 'resynced' }>) => Float64Array) => resynced.flatMap((r) => Array.from(pick(r)))
  const resyncedAt = column((r) => r.resyncedMono)
  const reconnectedAt = column((r) => r.reconnectedMono)
  const disconnected = column((r) => r.disconnectedMono).filter((t) => !Number.isNaN(t)).length
  const toSynced = Float64Array.from(resyncedAt.filter((t) => !Number.isNaN(t)), (t) => t - readyMono)
  const connectToSynced = Float64Array.from(resyncedAt.map((t, i) => t - reconnectedAt[i]!).filter((t) => !Number.isNaN(t)))
  const readyToConnect = percentiles(Float64Array.from(reconnectedAt.filter((t) => !Number.isNaN(t)), (t) => t - readyMono))
  const attempts = percentiles(Float64Array.from(column((r) => r.attempts)))
  const lastResync = Math.max(...resyncedAt.filter((t) => !Number.isNaN(t)))
  if (disconnected < options.clients) problems.push(`${options.clients - disconnected} clients never saw the server go away`)
  if (toSynced.length < options.clients) problems.push(`${options.clients - toSynced.length} clients did not re-sync within ${options.resyncTimeoutMs} ms`)

  // Nothing lost: every acknowledged command is on the record with the answer the chair got…
  const exported = await (await fetch(`${server.baseUrl}/api/meetings/${meeting.id}/export.json`, { headers: { authorization: `Bearer ${meeting.chairToken}` } })).json() as {
    audit: { commandId: string; result: CommandAck }[]
  }
  const audit = new Map(exported.audit.map((entry) => [entry.commandId, entry.result]))
  const lostAcks = [...acknowledged].filter(([id, ack]) => !isDeepStrictEqual(audit.get(id), ack)).map(([id]) => id)
  if (lostAcks.length > 0) problems.push(`acknowledged before the kill but not on the record: ${lostAcks.join(', ')}`)
  // …a command after the storm reaches everyone, and every client then holds exactly the server's state.
  if (!await whenClient(chair, () => chair.synced, options.resyncTimeoutMs)) throw new Error('the chair did not re-sync after the restart')
  const next = nextWaitingSpeaker(chair.state!)
  if (next === null) throw new Error('no speaker left to call after the storm')
  const after = await chair.command('floor:next', { expectedSpeakerId: next.id })
  if (!after.ok) problems.push(`the command after the storm was refused: ${after.error.code}`)
  const floor = await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'await-floor', speakerId: next.id, deadlineMono: monoMs() + 30_000 }, 'floor-seen', 30_000 + IPC_MS)))
  const floorMissing = floor.reduce((sum, f) => sum + f.missing, 0)
  if (floorMissing > 0) problems.push(`${floorMissing} clients never showed the speaker called after the storm`)
  const reference = new RostrumClient({ url: server.baseUrl, token: meeting.publicToken })
  await withTimeout(reference.whenSynced, SYNC_TIMEOUT_MS, 'reference sync')
  const referenceDigest = clientDigest(reference)
  reference.close()
  const digestCounts = await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'digests' }, 'digests', IPC_MS)))
  const matching = digestCounts.reduce((sum, d) => sum + (d.counts[referenceDigest] ?? 0), 0)
  if (matching < options.clients) problems.push(`${options.clients - matching} clients hold a state other than a fresh client's`)

  await closeFleets(fleets, IPC_MS)
  chair.close()
  await server.stop()

  const p = percentiles(toSynced)
  const c = percentiles(connectToSynced)
  const ackedCount = [...acknowledged.values()].filter((a) => a.ok).length
  return {
    title: `Rostrum reconnect storm: ${options.clients} clients (every ${options.delegationEvery}th a delegation's link) in ${fleets.length} processes; server SIGKILLed and restarted on the same data dir and port`,
    rows: [
      ['time to synced ms p50 / p95 / p99 / max', `${f0(p.p50)} / ${f0(p.p95)} / ${f0(p.p99)} / ${f0(p.max)}  (from the restarted server being ready)`],
      ['re-synced', `${toSynced.length} of ${options.clients}`],
      ['ready → reconnect ms p50 / p99', `${f0(readyToConnect.p50)} / ${f0(readyToConnect.p99)}  (the back-off wait, then the handshake: upgrade, Engine.IO open, auth)`],
      ['reconnect → synced ms p50 / p99', `${f0(c.p50)} / ${f0(c.p99)}  (socket connected to both documents in step)`],
      ['reconnect attempts p50 / max', `${f0(attempts.p50)} / ${f0(attempts.max)}  (socket.io back-off ${options.reconnection === undefined ? 'as the app: RostrumClient defaults' : `${options.reconnection.delayMs} ms doubling, at most ${options.reconnection.delayMaxMs} ms`}, ±50 %)`],
      ['kill → ready ms', f0(readyMono - killedMono)],
      ['server CPU ms in the storm', `${f0(stormCpuMs)} (${f0(100 * stormCpuMs / Math.max(1, lastResync - readyMono))} % of a core from ready to the last re-sync)`],
      ['acknowledged before the kill', `${ackedCount} floor:next, ${lostAcks.length} missing from the record`],
      ['after the storm', `${floorMissing === 0 ? 'every client shows the new call' : `${floorMissing} clients miss the new call`}; ${matching} of ${options.clients} hold the server's state exactly`],
      ['connect + sync all before s', f1(connectAllMs / 1000)]
    ],
    problems,
    json: {
      options,
      quietBefore,
      connectAllMs,
      syncFailed,
      killToReadyMs: readyMono - killedMono,
      timeToSyncedMs: p,
      reconnectToSyncedMs: c,
      readyToReconnectMs: readyToConnect,
      reconnectAttempts: attempts,
      stormServerCpuMs: stormCpuMs,
      acknowledgedBeforeKill: ackedCount,
      sentBeforeKill: sent,
      lostAcks,
      floorMissing,
      matchingState: matching,
      timeToSyncedPerClientMs: toSynced
    }
  }
}

runCase({ name: `storm-${options.clients}`, budgetMs: 600_000, out: values.out ?? null, run })
