import type { MeetingSession } from '../../client/lib/meeting-session.svelte.ts'
import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { StatementId } from '../../shared/domain/types.ts'

/** Opens the meeting and gives the floor to the first speaker waiting: the statement now being made. */
export async function openWithSpeakerOnTheFloor (chair: MeetingReplica): Promise<StatementId> {
  await chair.command('meeting:open', {})
  const ack = await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
  if (!ack.ok) throw new Error(`the floor was not given: ${ack.error.code}`)
  return ack.data.statementId as StatementId
}

/** Calls the speaker the session shows as next, as the chair's console does (through `run`). */
export function callNext (session: MeetingSession): Promise<boolean> {
  const next = session.nextSpeaker
  if (next === null) throw new Error('no one is waiting to be called')
  return session.run('floor:next', { expectedSpeakerId: next.id })
}
