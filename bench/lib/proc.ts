// Readers for /proc (Linux only): the server's CPU and memory are measured from outside the
// process, so the numbers include everything the server does, GC and native threads included.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

function readClockTicks (): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
  } catch {
    return 100
  }
}

/** Jiffies per second, the unit of utime/stime in /proc/<pid>/stat. */
export const CLK_TCK = readClockTicks()

/** utime + stime of the whole process (all threads) in ms; resolution 1000 / CLK_TCK ms. */
export function processCpuMs (pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The comm field may contain spaces and parentheses; the fields after the last ')' do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); utime is field 14, stime field 15 (1-based, man 5 proc).
  const utime = Number(fields[14 - 3])
  const stime = Number(fields[15 - 3])
  return (utime + stime) * 1000 / CLK_TCK
}

/** Resident set size in KB (VmRSS in /proc/<pid>/status). */
export function residentKB (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)/m.exec(status)
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(match[1])
}

/** The executable name of a pid, to prove we measure the server and not a wrapper. */
export function processName (pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
}

/** Machine-wide jiffies from /proc/stat, to tell the box being busy apart from the server. */
export function machineTicks (): { busy: number; total: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    line.trim().split(/\s+/).slice(1).map(Number)
  return { busy: user + nice + system + irq + softirq, total: user + nice + system + idle + iowait + irq + softirq + steal, steal }
}
