import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'

/**
 * Resolves true as soon as `condition()` holds, checked now and on every change the client reports
 * (`subscribe`), or false after `timeoutMs`.
 */
export function whenClient (client: MeetingReplica, condition: () => boolean, timeoutMs: number): Promise<boolean> {
  if (condition()) return Promise.resolve(true)
  return new Promise((resolve) => {
    const finish = (held: boolean): void => {
      clearTimeout(timer)
      unsubscribe()
      resolve(held)
    }
    const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs))
    const unsubscribe = client.subscribe(() => { if (condition()) finish(true) })
  })
}
