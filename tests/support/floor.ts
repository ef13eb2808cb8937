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
