// An observer process: hosts a share of the N viewers (headless clients with the public link) and
// records, per client, when its control document first shows each new speaker on the floor.
import { WebSocket } from 'ws'
import { LiveViewer } from '../shared/client/live-viewer.ts'
import { RostrumClient } from '../shared/client/rostrum-client.ts'
import { observeFloor } from '../shared/doc/control.ts'
import { monoMs, sleep, withTimeout } from './lib/clock.ts'
import { ThinViewer, type Viewer as ViewerClient } from './lib/thin-viewer.ts'
import type { ObserverConfig, ObserverReply, ObserverRequest } from './lib/messages.ts'
import { reply, serveRequests } from './lib/worker-side.ts'

interface WatchedViewer {
  readonly client: ViewerClient
  /** Receive time per call index (CLOCK_MONOTONIC ms), NaN until seen. */
  readonly received: Float64Array
}

const viewers: WatchedViewer[] = []
/** speaker id → the call index that gives that speaker the floor. */
const callOfSpeaker = new Map<string, number>()
let outOfOrder = 0
/** Calls a viewer never saw on their own because the server merged them with a later one. */
let coalesced = 0
let cpuAtStart: NodeJS.CpuUsage | null = null
let wallAtStart = 0
/** Resolves the current await-call once every viewer here has seen the awaited call. */
let awaited: { call: number; remaining: number; done: () => void } | null = null

function watchFloor (viewer: WatchedViewer): void {
  let lastSpeaker: string | null = null
  let lastCall = -1
  // Runs for every viewer on every update of the floor: a map read, a lookup and a few array writes.
  observeFloor(viewer.client.control, (floor) => {
    const at = monoMs()
    const speakerId = floor?.speakerId ?? null
    if (speakerId === null || speakerId === lastSpeaker) return
    lastSpeaker = speakerId
    const call = callOfSpeaker.get(speakerId)
    if (call === undefined || !Number.isNaN(viewer.received[call])) return
    if (call < lastCall) outOfOrder++
    const awaitedBefore = awaited !== null && Number.isNaN(viewer.received[awaited.call])
    // The server merges what one event-loop turn produced into one message: a viewer then sees only
    // the later speaker, and the calls it skipped took effect on its screen at that same moment.
    for (let skipped = lastCall + 1; skipped < call; skipped++) {
      if (Number.isNaN(viewer.received[skipped])) {
        viewer.received[skipped] = at
        coalesced++
      }
    }
    viewer.received[call] = at
    lastCall = Math.max(lastCall, call)
    if (awaitedBefore && awaited !== null && !Number.isNaN(viewer.received[awaited.call]) && --awaited.remaining === 0) awaited.done()
  })
}

async function connectAll (config: ObserverConfig): Promise<Extract<ObserverReply, { type: 'connected' }>> {
  const firstConnectMono = monoMs()
  let next = 0
  let failed = 0
  // A fixed number of lanes, each connecting one client at a time: at most `concurrency` in flight.
  const lane = async (): Promise<void> => {
    while (next < config.clients) {
      next++
      const client = createViewer(config)
      const viewer: WatchedViewer = { client, received: new Float64Array(config.calls).fill(Number.NaN) }
      watchFloor(viewer)
      viewers.push(viewer)
      try {
        await withTimeout(client.whenSynced, config.syncTimeoutMs, 'viewer sync')
      } catch {
        failed++
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(config.concurrency, config.clients)) }, lane))
  return { type: 'connected', firstConnectMono, lastSyncedMono: monoMs(), failed }
}

function createViewer ({ viewer, url, token }: ObserverConfig): ViewerClient {
  switch (viewer) {
    case 'client': return new LiveViewer({ url, token, WebSocket })
    case 'socketio': return new RostrumClient({ url, token })
    case 'thin': return new ThinViewer(url, token)
  }
}

function awaitCall (call: number, deadlineMono: number): Promise<void> {
  const remaining = viewers.filter((viewer) => Number.isNaN(viewer.received[call])).length
  if (remaining === 0) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(finish, Math.max(0, deadlineMono - monoMs()))
    function finish (): void {
      clearTimeout(timer)
      awaited = null
      resolve()
    }
    awaited = { call, remaining, done: finish }
  })
}

function collectResults (calls: number): Extract<ObserverReply, { type: 'results' }> {
  const receivedMono = new Float64Array(viewers.length * calls)
  viewers.forEach((viewer, index) => receivedMono.set(viewer.received, index * calls))
  return { type: 'results', receivedMono, clients: viewers.length, outOfOrder, coalesced }
}

let calls = 0
serveRequests<ObserverRequest>(async (request) => {
  switch (request.type) {
    case 'connect':
      calls = request.config.calls
      reply<ObserverReply>(await connectAll(request.config))
      return
    case 'track':
      request.speakerIds.forEach((speakerId, call) => callOfSpeaker.set(speakerId, call))
      reply<ObserverReply>({ type: 'tracking' })
      return
    case 'arm':
      // The measured phase starts: what the warm-up did is not counted.
      outOfOrder = 0
      coalesced = 0
      cpuAtStart = process.cpuUsage()
      wallAtStart = monoMs()
      reply<ObserverReply>({ type: 'armed' })
      return
    case 'await-call': {
      await awaitCall(request.call, request.deadlineMono)
      const cpu = process.cpuUsage(cpuAtStart ?? undefined)
      reply<ObserverReply>({
        type: 'call-seen',
        complete: viewers.every((viewer) => !Number.isNaN(viewer.received[request.call])),
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs: monoMs() - wallAtStart
      })
      return
    }
    case 'results':
      reply<ObserverReply>(collectResults(calls))
      return
    case 'close':
      for (const viewer of viewers) viewer.client.close()
      await sleep(200)
      reply<ObserverReply>({ type: 'closed' })
      setTimeout(() => process.exit(0), 50)
  }
})
