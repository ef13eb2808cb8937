import { afterEach } from 'vitest'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import type { MemoryPair, MemoryReplica } from '../../support/memory-pair.ts'

/**
 * Opens sessions over a memory pair, reading the pair's clock (a link's token, or a replica the test
 * opened itself); each test's sessions are destroyed after it.
 */
export function usePairSessions (): (pair: MemoryPair, link: string | MemoryReplica) => MeetingSession {
  const sessions: MeetingSession[] = []
  afterEach(() => { for (const session of sessions.splice(0)) session.destroy() })
  return (pair, link) => {
    const session = new MeetingSession(typeof link === 'string' ? pair.open(link) : link, { ticker: pair.ticker })
    sessions.push(session)
    return session
  }
}
