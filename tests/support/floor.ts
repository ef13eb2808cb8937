import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { StatementId } from '../../shared/domain/types.ts'
import { demoMeeting } from './meetings.ts'
import { connect, seedMeeting, startTestServer, type TestServer, type TestServerOptions } from './server.ts'

/** Opens the meeting and gives the floor to the first speaker waiting: the statement now being made. */
export async function openWithSpeakerOnTheFloor (chair: MeetingReplica): Promise<StatementId> {
  await chair.command('meeting:open', {})
  const ack = await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
  if (!ack.ok) throw new Error(`the floor was not given: ${ack.error.code}`)
  return ack.data.statementId as StatementId
}

/**
 * A test server with the demo meeting open, its first speaker on the floor and a chair and a
 * note-taker connected; `open` servers and clients are pushed for the caller to close.
 */
export async function openDemoDebate (options: TestServerOptions, open: { servers: TestServer[]; clients: RostrumClient[] }) {
  const server = await startTestServer(options)
  open.servers.push(server)
  const meeting = await seedMeeting(server, demoMeeting())
  const chair = await connect(server, meeting.tokens.chair, open.clients)
  const noteTaker = await connect(server, meeting.tokens.notetaker, open.clients)
  const statement = await openWithSpeakerOnTheFloor(chair)
  const question = chair.state!.questions[0]!.id
  const room = () => server.app.registry.loaded(meeting.id)!
  const storedBytes = async () => (await server.store.loadDocument(meeting.id, 'notes'))!.updates.reduce((sum, update) => sum + update.byteLength, 0)
  return { server, meeting, chair, noteTaker, statement, question, room, storedBytes }
}
