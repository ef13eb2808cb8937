// node-kill-viewers: live-link viewers reach three nodes through a round-robin TCP balancer (a third on
// each); the node that owns the meeting is SIGKILLed, and a chair on another node calls the next speaker
// at once. Every viewer of the dead node reconnects through the balancer to a live one: how long from the
// kill until each is synced again and shows that speaker?
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import { f0 } from '../lib/case-report.ts'
import { monoMs, sleep, withTimeout } from '../lib/clock.ts'
import { debateMeeting } from '../lib/debate-meeting.ts'
import { closeFleets, startFleets } from '../lib/fleets.ts'
import { autoWorkers, shares } from '../lib/options.ts'
import { percentiles } from '../lib/stats.ts'
import { startBalancer, targetOf } from './balancer.ts'
import type { ClusterCheck } from './check.ts'
import { checkResult, deadNodes, loadLine, onCluster, PhaseLoad, quietFigures, round1, servicePids, type Figures } from './load-support.ts'

const TARGET_P99_MS = 5000
const IPC_MS = 30_000
const SYNC_TIMEOUT_MS = 120_000
const IN_STEP_TIMEOUT_MS = 30_000

export const nodeKillCheck: ClusterCheck = {
  name: 'node-kill-viewers',
  target: `SIGKILL the owner holding a third of the viewers (behind a round-robin balancer): all of its viewers synced on the others and showing the latest state ≤ ${TARGET_P99_MS / 1000} s p99`,
  async run ({ quick }) {
    const viewers = quick ? 300 : 1500
    const problems: string[] = []
    const figures: Figures = { ...await quietFigures(), viewers }
    return onCluster({ nodes: 3 }, async (cluster) => {
      const meeting = await cluster.seed(debateMeeting({ briefers: 2, others: 100, delegations: 40 }))
      // The first node to open the meeting owns it: node 0, by a chair that opens it there and leaves.
      const opener = new RostrumClient({ url: cluster.nodes[0]!.baseUrl, token: meeting.tokens.chair })
      await withTimeout(opener.whenSynced, SYNC_TIMEOUT_MS, 'opener sync')
      const opened = await opener.command('meeting:open', {})
      if (!opened.ok) throw new Error(`meeting:open refused: ${opened.error.code}`)
      const first = await opener.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(opener.state!)!.id })
      if (!first.ok) throw new Error(`floor:next refused: ${first.error.code}`)
      const chair = new RostrumClient({ url: cluster.nodes[1]!.baseUrl, token: meeting.tokens.chair })
      const balancer = await startBalancer(() => cluster.nodes.map((node) => targetOf(node.baseUrl)))
      const workers = autoWorkers(viewers)
      const fleets = await startFleets(workers)
      try {
        await withTimeout(chair.whenSynced, SYNC_TIMEOUT_MS, 'chair sync')
        const connectStart = monoMs()
        const connected = await Promise.all(shares(viewers, workers).map((count, i) => fleets[i]!.ask({
          type: 'connect',
          config: { url: balancer.url, links: Array.from({ length: count }, () => ({ token: meeting.tokens.public, watches: true })), concurrency: 50, syncTimeoutMs: SYNC_TIMEOUT_MS }
        }, 'connected', SYNC_TIMEOUT_MS * 2 + IPC_MS)))
        figures.connectAllMs = Math.round(Math.max(...connected.map((c) => c.lastSyncedMono)) - connectStart)
        const syncFailed = connected.reduce((sum, c) => sum + c.failed, 0)
        if (syncFailed > 0) problems.push(`${syncFailed} viewers did not sync at first`)
        figures.viewersPerNode = balancer.handed.join(' / ')
        opener.close()
        const ownerBefore = await cluster.ownerOf(meeting.id)
        figures.killedNodeWasOwner = ownerBefore === 0
        if (ownerBefore !== 0) problems.push(`node 0 did not own the meeting before the kill (owner ${ownerBefore})`)
        await sleep(1000)

        const next = nextWaitingSpeaker(chair.state!)
        if (next === null) throw new Error('no speaker left to call')
        await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'arm' }, 'armed', IPC_MS)))
        await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'watch-floor', speakerId: next.id }, 'watching', IPC_MS)))
        const ourPids = [...cluster.nodes.map((node) => node.pid), ...fleets.map((fleet) => fleet.pid), ...await servicePids(cluster)]
        const load = new PhaseLoad(ourPids)
        load.sample()
        await cluster.nodes[0]!.crash()
        const killedMono = monoMs()
        const ack = await chair.command('floor:next', { expectedSpeakerId: next.id }, { deadlineMs: 20_000 })
        figures.killToAckMs = Math.round(monoMs() - killedMono)
        if (!ack.ok) problems.push(`the call after the kill was refused: ${ack.error.code}`)
        const shown = await Promise.all(fleets.map((fleet) =>
          fleet.ask({ type: 'await-shown', deadlineMono: killedMono + IN_STEP_TIMEOUT_MS }, 'shown', IN_STEP_TIMEOUT_MS + IPC_MS)))
        Object.assign(figures, load.figures())
        problems.push(...deadNodes(cluster.nodes.slice(1)))

        // A viewer of the dead node is in step once synced again and showing the new speaker; another once it shows it.
        const killedViewers: number[] = []
        const otherViewers: number[] = []
        let killedNotInStep = 0
        let othersNotInStep = 0
        for (const reply of shown) {
          for (let i = 0; i < reply.shownMono.length; i++) {
            const disconnected = !Number.isNaN(reply.disconnectedMono[i]!)
            const inStepMono = disconnected ? Math.max(reply.resyncedMono[i]!, reply.shownMono[i]!) : reply.shownMono[i]!
            if (Number.isNaN(inStepMono)) {
              if (disconnected) killedNotInStep++
              else othersNotInStep++
            } else {
              (disconnected ? killedViewers : otherViewers).push(inStepMono - killedMono)
            }
          }
        }
        const killed = percentiles(Float64Array.from(killedViewers))
        const others = percentiles(Float64Array.from(otherViewers))
        const killedCount = killedViewers.length + killedNotInStep
        if (killedNotInStep > 0) problems.push(`${killedNotInStep} of the dead node's ${killedCount} viewers were not in step within ${IN_STEP_TIMEOUT_MS / 1000} s`)
        if (othersNotInStep > 0) problems.push(`${othersNotInStep} viewers of the live nodes never showed the new speaker`)
        const expectedKilled = balancer.handed[0] ?? 0
        if (killedCount !== expectedKilled) problems.push(`${killedCount} viewers saw their link drop; the dead node had been handed ${expectedKilled}`)
        const ownerAfter = await cluster.reader.readOwner(meeting.id)
        Object.assign(figures, {
          killedViewers: killedCount,
          killedInStepP50Ms: round1(killed.p50),
          killedInStepP99Ms: round1(killed.p99),
          killedInStepMaxMs: round1(killed.max),
          othersInStepP99Ms: round1(others.p99),
          ownerAfter: await cluster.ownerOf(meeting.id) ?? 'none',
          ownerEpochAfter: ownerAfter?.epoch ?? 0,
          reconnectsHanded: balancer.handed.join(' / ')
        })
        const met = killedNotInStep === 0 && killed.p99 <= TARGET_P99_MS
        return checkResult(figures,
          `${killedCount} viewers of the killed owner in step p50 / p99 / max ${f0(killed.p50)} / ${f0(killed.p99)} / ${f0(killed.max)} ms (goal p99 ≤ ${TARGET_P99_MS}); ` +
          `the others ${f0(others.p99)} ms p99; kill → ack ${figures.killToAckMs} ms; ${loadLine(figures)}`,
          met, problems)
      } finally {
        opener.close()
        chair.close()
        await closeFleets(fleets, IPC_MS)
        await balancer.close()
      }
    })
  }
}
