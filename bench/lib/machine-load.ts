// The box is shared with other jobs. Wait for it to go quiet before a run, and measure how much of
// it processes other than ours used during the measured phase, so a contaminated run is visible.
import { cpus } from 'node:os'
import { sleep } from './clock.ts'
import { machineTicks, processCpuMs } from './proc.ts'

export interface QuietWait {
  readonly busyPct: number
  readonly waitedMs: number
  readonly quiet: boolean
}

async function busyPctOver (ms: number): Promise<number> {
  const before = machineTicks()
  await sleep(ms)
  const after = machineTicks()
  return 100 * (after.busy - before.busy) / Math.max(1, after.total - before.total)
}

/** Waits until the whole box is below `belowPct` busy for `seconds` in a row, or `maxWaitMs` passed. */
export async function waitForQuietMachine (belowPct = 15, seconds = 3, maxWaitMs = 90_000): Promise<QuietWait> {
  const start = Date.now()
  let quietFor = 0
  let busyPct = 100
  while (quietFor < seconds && Date.now() - start < maxWaitMs) {
    busyPct = await busyPctOver(1000)
    quietFor = busyPct < belowPct ? quietFor + 1 : 0
  }
  return { busyPct, waitedMs: Date.now() - start, quiet: quietFor >= seconds }
}

/** A snapshot of the box and of our own processes, to subtract later. */
export interface LoadSnapshot {
  readonly ticks: ReturnType<typeof machineTicks>
  readonly oursCpuMs: number
  readonly atMs: number
}

export function loadSnapshot (ourPids: readonly number[]): LoadSnapshot {
  const own = process.cpuUsage()
  let oursCpuMs = (own.user + own.system) / 1000
  for (const pid of ourPids) {
    try {
      oursCpuMs += processCpuMs(pid)
    } catch {
      // A process that already exited contributes nothing more.
    }
  }
  return { ticks: machineTicks(), oursCpuMs, atMs: performance.now() }
}

/** % of all CPUs: busy overall, used by processes that are not ours, stolen by the hypervisor. */
export function machineLoad (from: LoadSnapshot, to: LoadSnapshot): { busyPct: number; foreignPct: number; stealPct: number } {
  const total = Math.max(1, to.ticks.total - from.ticks.total)
  const busyPct = 100 * (to.ticks.busy - from.ticks.busy) / total
  const oursPct = 100 * (to.oursCpuMs - from.oursCpuMs) / ((to.atMs - from.atMs) * cpus().length)
  return { busyPct, foreignPct: Math.max(0, busyPct - oursPct), stealPct: 100 * (to.ticks.steal - from.ticks.steal) / total }
}
