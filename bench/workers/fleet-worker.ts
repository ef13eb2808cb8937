// A client process of the storm and clock cases: hosts a share of the headless clients (LiveViewers
// for the links that only watch, RostrumClients for the others) and records, per client, what the
// orchestrator asks about (re-sync after a restart, floor, digests, clock estimates). Only the
// clients' public API is used: `connected`, `synced`, `subscribe`, `state`, `clock`.
import { WebSocket } from 'ws'
import { LiveViewer } from '../../shared/client/live-viewer.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { whenClient } from '../lib/client-wait.ts'
import { monoMs, sleep, withTimeout } from '../lib/clock.ts'
import { clientDigest } from '../lib/digest.ts'
import type { FleetConfig, FleetLink, FleetReply, FleetRequest } from '../lib/fleet-messages.ts'
import { reply, serveRequests } from '../lib/worker-side.ts'

interface Tracked {
  readonly client: MeetingReplica
  disconnectedMono: number
  reconnectedMono: number
  resyncedMono: number
  attempts: number
  shownMono: number
}

const fleet: Tracked[] = []
let armed = false
/** The speaker `watch-floor` waits for; null until asked. */
let watchedSpeakerId: string | null = null

function track (client: MeetingReplica): Tracked {
  const tracked: Tracked = { client, disconnectedMono: Number.NaN, reconnectedMono: Number.NaN, resyncedMono: Number.NaN, attempts: 0, shownMono: Number.NaN }
  if (client instanceof RostrumClient) {
    client.socket.io.on('reconnect_attempt', (attempt) => {
      if (armed) tracked.attempts = attempt
    })
  }
  // `connected` turns false on disconnect; `synced` turns true once both documents answered step 2 again.
  client.subscribe(() => {
    if (!armed) return
    if (Number.isNaN(tracked.disconnectedMono)) {
      if (!client.connected) tracked.disconnectedMono = monoMs()
      return
    }
    if (Number.isNaN(tracked.reconnectedMono) && client.connected) tracked.reconnectedMono = monoMs()
    if (Number.isNaN(tracked.resyncedMono) && client.synced) tracked.resyncedMono = monoMs()
  })
  client.subscribe(() => {
    if (watchedSpeakerId !== null && Number.isNaN(tracked.shownMono) && shows(client, watchedSpeakerId)) tracked.shownMono = monoMs()
  })
  return tracked
}

function shows (client: MeetingReplica, speakerId: string): boolean {
  return client.synced && client.state?.floor.speakerId === speakerId
}

function open (link: FleetLink, config: FleetConfig): MeetingReplica {
  if (link.watches) return new LiveViewer({ url: config.url, token: link.token, WebSocket })
  const socketOptions = config.reconnection === undefined ? undefined : { reconnectionDelay: config.reconnection.delayMs, reconnectionDelayMax: config.reconnection.delayMaxMs }
  return new RostrumClient({ url: config.url, token: link.token, socketOptions })
}

async function connectAll (config: FleetConfig): Promise<Extract<FleetReply, { type: 'connected' }>> {
  const firstConnectMono = monoMs()
  let next = 0
  let failed = 0
  const lane = async (): Promise<void> => {
    while (next < config.links.length) {
      const tracked = track(open(config.links[next++]!, config))
      fleet.push(tracked)
      try {
        await withTimeout(tracked.client.whenSynced, config.syncTimeoutMs, 'client sync')
      } catch {
        failed++
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(config.concurrency, config.links.length)) }, lane))
  return { type: 'connected', firstConnectMono, lastSyncedMono: monoMs(), failed }
}

/** Until every client satisfies `condition` (checked on each of its changes), or the deadline; how many never did. */
async function awaitEvery (condition: (t: Tracked) => boolean, deadlineMono: number): Promise<number> {
  const held = await Promise.all(fleet.map((t) => whenClient(t.client, () => condition(t), deadlineMono - monoMs())))
  return held.filter((h) => !h).length
}

function column (pick: (t: Tracked) => number): Float64Array {
  return Float64Array.from(fleet, pick)
}

serveRequests<FleetRequest>(async (request) => {
  switch (request.type) {
    case 'connect':
      reply<FleetReply>(await connectAll(request.config))
      return
    case 'arm':
      armed = true
      reply<FleetReply>({ type: 'armed' })
      return
    case 'await-resync':
      // `track` records the re-sync in a listener subscribed before this one.
      await awaitEvery((t) => !Number.isNaN(t.resyncedMono), request.deadlineMono)
      reply<FleetReply>({
        type: 'resynced',
        disconnectedMono: column((t) => t.disconnectedMono),
        reconnectedMono: column((t) => t.reconnectedMono),
        resyncedMono: column((t) => t.resyncedMono),
        attempts: column((t) => t.attempts)
      })
      return
    case 'await-floor':
      reply<FleetReply>({ type: 'floor-seen', missing: await awaitEvery((t) => t.client.state?.floor.speakerId === request.speakerId, request.deadlineMono) })
      return
    case 'watch-floor':
      watchedSpeakerId = request.speakerId
      for (const tracked of fleet) if (shows(tracked.client, request.speakerId)) tracked.shownMono = monoMs()
      reply<FleetReply>({ type: 'watching' })
      return
    case 'await-shown':
      await awaitEvery((t) => !Number.isNaN(t.shownMono), request.deadlineMono)
      reply<FleetReply>({
        type: 'shown',
        disconnectedMono: column((t) => t.disconnectedMono),
        resyncedMono: column((t) => t.resyncedMono),
        shownMono: column((t) => t.shownMono)
      })
      return
    case 'digests': {
      const counts: Record<string, number> = {}
      for (const { client } of fleet) {
        const digest = clientDigest(client)
        counts[digest] = (counts[digest] ?? 0) + 1
      }
      reply<FleetReply>({ type: 'digests', counts })
      return
    }
    case 'resync-clock':
      // What the app does when a page becomes visible again (MeetingSession.resyncClock).
      await Promise.all(fleet.map(({ client }) => {
        client.clock.reset()
        return client.syncClock(request.pings)
      }))
      reply<FleetReply>({ type: 'clock-resynced' })
      return
    case 'clock-errors': {
      // The server runs on this machine: its clock (Date.now) is this process's Date.now.
      const errorMs = column(({ client }) => client.clock.offsetMs === null ? Number.NaN : client.serverNowMs() - Date.now())
      reply<FleetReply>({ type: 'clock-errors', errorMs, rttMs: column(({ client }) => client.clock.rttMs ?? Number.NaN) })
      return
    }
    case 'close':
      armed = false
      for (const { client } of fleet) client.close()
      await sleep(200)
      reply<FleetReply>({ type: 'closed' })
      setTimeout(() => process.exit(0), 50)
  }
})
