// The storm's and the clock's client processes (bench/workers/fleet-worker.ts), from the case's side.
import { PROJECT_ROOT, onExit } from './case-main.ts'
import type { FleetReply, FleetRequest } from './fleet-messages.ts'
import { builtWorker, WorkerChannel } from './worker-channel.ts'

export type Fleet = WorkerChannel<FleetRequest, FleetReply>

/** Forks `count` fleet processes, killed on every exit path of the case. */
export async function startFleets (count: number): Promise<Fleet[]> {
  const script = await builtWorker('workers/fleet-worker')
  const fleets = Array.from({ length: count }, (_unused, i): Fleet => new WorkerChannel(`fleet ${i}`, script, PROJECT_ROOT))
  onExit(() => { for (const fleet of fleets) fleet.killNow() })
  return fleets
}

/** Closes every fleet's clients, then lets each process exit. */
export async function closeFleets (fleets: readonly Fleet[], timeoutMs: number): Promise<void> {
  await Promise.all(fleets.map((fleet) => fleet.ask({ type: 'close' }, 'closed', timeoutMs).catch(() => undefined)))
  await Promise.all(fleets.map((fleet) => fleet.end()))
}
