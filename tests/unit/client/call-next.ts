import type { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'

/** Calls the speaker the session shows as next, as the chair's console does (through `run`). */
export function callNext (session: MeetingSession): Promise<boolean> {
  const next = session.nextSpeaker
  if (next === null) throw new Error('no one is waiting to be called')
  return session.run('floor:next', { expectedSpeakerId: next.id })
}
