import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import type { CommandPayloads, CommandResults, CommandType } from '../../shared/domain/commands.ts'

/** Runs a command the test needs accepted, and returns what it reports; a refusal fails the test. */
export async function accepted<T extends CommandType> (client: MeetingReplica, type: T, payload: CommandPayloads[T]): Promise<CommandResults[T]> {
  const ack = await client.command(type, payload)
  if (!ack.ok) throw new Error(`${type} was refused: ${ack.error.code} (${ack.error.message})`)
  return ack.data
}
