/**
 * The processor time `work` takes in this process, in ms (user and system, every thread of it). Unlike
 * the wall clock, other jobs on a busy machine do not stretch it: a bound on it holds beside CPU hogs.
 */
export function cpuMsOf (work: () => void): number {
  const before = process.cpuUsage()
  work()
  const { user, system } = process.cpuUsage(before)
  return (user + system) / 1000
}
