// A whole day's debate played through the real client, with time compressed: the chair calls every
// speaker with floor:next and a timer (pauses, extensions, a point of order, a lunch suspension,
// rights of reply requested by delegations and accepted), while three note-takers type notes on each
// statement in bursts of words (with typos corrected), tag guiding questions and mark highlights.
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { addHighlight, statementNotes, tagStatement, untagStatement, type Author } from '../../shared/doc/notes.ts'
import type { CommandPayloads, CommandType } from '../../shared/domain/commands.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { DelegationCode, QuestionId, StatementId } from '../../shared/domain/types.ts'
import { sleep, withTimeout } from './clock.ts'
import type { MeetingTokens } from './meeting.ts'

export interface ScriptOptions {
  /** Speakers given the floor, rights of reply included. */
  readonly calls: number
  readonly rightsOfReply: number
  /** Words each note-taker types per statement. */
  readonly wordsPerNote: number
  /** Words per keystroke burst (one Yjs update each). */
  readonly wordsPerBurst: number
  readonly seed: number
}

export interface ScriptFigures {
  readonly commands: number
  readonly refusals: readonly string[]
  readonly noteUpdates: number
  readonly tags: number
  readonly highlights: number
  readonly elapsedMs: number
}

export interface PlayedDebate {
  readonly figures: ScriptFigures
  /** Still connected: a joining client meets a live meeting. */
  readonly clients: readonly RostrumClient[]
}

const WORDS = ('the council should strengthen cooperation with the general assembly and the peacebuilding commission ' +
  'early warning requires timely information sharing regional organisations play a key role in prevention ' +
  'sanctions must be targeted and reviewed humanitarian access cannot be conditional we support the proposal ' +
  'of the secretary-general on a new agenda for peace mandates should be realistic and adequately resourced ' +
  'women and youth must participate fully accountability for violations is essential the delegation proposes ' +
  'an annual joint meeting a briefing by the chair of the commission and a follow-up mechanism within six months').split(' ')
/** A chair paces commands below the server's per-socket limit (60/s). */
const COMMAND_GAP_MS = 20

export async function playDebate (url: string, meeting: MeetingTokens, options: ScriptOptions): Promise<PlayedDebate> {
  const started = performance.now()
  const gen = prng.create(options.seed)
  const connect = async (token: string): Promise<RostrumClient> => {
    const client = new RostrumClient({ url, token })
    await withTimeout(client.whenSynced, 30_000, 'script client sync')
    return client
  }
  const chair = await connect(meeting.chairToken)
  const noteTakers = await Promise.all([0, 1, 2].map(() => connect(meeting.notetakerToken)))
  const authors: Author[] = ['Amina', 'Bruno', 'Chen'].map((name, i) => ({ id: `nt-${i}-${options.seed}`, name }))
  const codes = Object.keys(meeting.delegationTokens).slice(-options.rightsOfReply) as DelegationCode[]
  const delegations = await Promise.all(codes.map((code) => connect(meeting.delegationTokens[code]!)))
  const figures = { commands: 0, refusals: [] as string[], noteUpdates: 0, tags: 0, highlights: 0 }

  let lastCommand = 0
  const command = async <T extends CommandType>(client: RostrumClient, type: T, payload: CommandPayloads[T]): Promise<Readonly<Record<string, unknown>> | null> => {
    await sleep(lastCommand + COMMAND_GAP_MS - performance.now())
    lastCommand = performance.now()
    figures.commands++
    const ack = await client.command(type, payload)
    if (ack.ok) return ack.data
    figures.refusals.push(`${type}: ${ack.error.code} ${ack.error.message}`)
    return null
  }

  const questions = chair.state!.questions.map((q) => q.id as QuestionId)
  const text = (words: number): string => Array.from({ length: words }, () => prng.oneOf(gen, WORDS)).join(' ') + ' '

  /** Three note-takers type at once on one statement, each in a paragraph of their own. */
  const takeNotes = async (statementId: StatementId): Promise<void> => {
    const cursors = noteTakers.map((client, i) => {
      const notes = statementNotes(client.notes, statementId)
      notes.insert(notes.length, `${notes.length > 0 ? '\n' : ''}${authors[i]!.name}: `)
      figures.noteUpdates++
      return Y.createRelativePositionFromTypeIndex(notes, notes.length)
    })
    let typed = 0
    while (typed < options.wordsPerNote) {
      for (const [i, client] of noteTakers.entries()) {
        const notes = statementNotes(client.notes, statementId)
        const at = Y.createAbsolutePositionFromRelativePosition(cursors[i]!, client.notes)?.index ?? notes.length
        const burst = text(options.wordsPerBurst)
        if (prng.int32(gen, 0, 99) < 4) {
          // A typo, seen and deleted: one update for it, one for the deletion.
          notes.insert(at, 'teh ')
          notes.delete(at, 4)
          figures.noteUpdates += 2
        }
        notes.insert(at, burst)
        figures.noteUpdates++
        cursors[i] = Y.createRelativePositionFromTypeIndex(notes, at + burst.length)
      }
      typed += options.wordsPerBurst
      // Lets the sockets carry the bursts, as typing at human speed would.
      await sleep(0)
    }
    for (const [i, client] of noteTakers.entries()) {
      const tagged = questions.filter(() => prng.int32(gen, 0, 99) < 40)
      for (const question of tagged) tagStatement(client.notes, statementId, question, authors[i]!, Date.now())
      figures.tags += tagged.length
      if (tagged.length > 0 && prng.int32(gen, 0, 99) < 10) {
        untagStatement(client.notes, statementId, tagged[0]!, authors[i]!)
        figures.tags--
      }
      if (prng.int32(gen, 0, 99) < 30) {
        addHighlight(client.notes, statementId, { kind: prng.bool(gen) ? 'quote' : 'proposal', text: text(12).trim() }, authors[i]!, Date.now())
        figures.highlights++
      }
    }
  }

  await command(chair, 'meeting:open', {})
  for (let call = 0; call < options.calls; call++) {
    if (call === Math.floor(options.calls / 2)) {
      // Lunch: the last statement of the morning ends, the meeting is suspended and resumed.
      await command(chair, 'floor:end', {})
      await command(chair, 'meeting:suspend', {})
      await command(chair, 'meeting:resume', {})
    }
    if (call === options.calls - 2 * options.rightsOfReply) {
      // Delegations ask for rights of reply during the last statements; the chair accepts them.
      for (const [i, delegation] of delegations.entries()) {
        const created = await command(delegation, 'request:create', { delegation: codes[i]!, type: 'right-of-reply', note: 'In reply to the previous speaker' })
        if (created !== null) await command(chair, 'request:accept', { requestId: created.requestId as never })
      }
    }
    const next = nextWaitingSpeaker(chair.state!)
    if (next === null) throw new Error(`nobody waits for call ${call + 1} of ${options.calls}`)
    await command(chair, 'floor:next', { expectedSpeakerId: next.id, startTimer: true })
    if (call === Math.floor(options.calls / 3)) {
      await command(chair, 'point-of-order:raise', { name: chair.state!.delegations[0]!.name, delegation: chair.state!.delegations[0]!.code })
      await command(chair, 'point-of-order:close', {})
    }
    const statementId = chair.state!.floor.statementId
    if (statementId === null) throw new Error(`call ${call + 1} left the floor empty`)
    if (prng.int32(gen, 0, 99) < 25) {
      await command(chair, 'timer:pause', {})
      await command(chair, 'timer:resume', {})
    }
    await takeNotes(statementId as StatementId)
    if (prng.int32(gen, 0, 99) < 15) await command(chair, 'timer:extend', { byMs: 60_000 })
  }
  await command(chair, 'floor:end', {})
  await converged([chair, ...noteTakers])
  return { figures: { ...figures, elapsedMs: performance.now() - started }, clients: [chair, ...noteTakers, ...delegations] }
}

/** Until every client's notes document holds every other's updates (all went through the server). */
async function converged (clients: readonly RostrumClient[], timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  const vector = (client: RostrumClient): string => Buffer.from(Y.encodeStateVector(client.notes)).toString('base64')
  while (performance.now() < deadline) {
    const first = vector(clients[0]!)
    if (clients.every((client) => vector(client) === first)) return
    await sleep(50)
  }
  throw new Error('the note-takers\' documents did not converge within 60 s')
}
