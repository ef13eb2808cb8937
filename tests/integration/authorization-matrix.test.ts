import { describe, expect, it } from 'vitest'
import { io } from 'socket.io-client'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { readTags, tagStatement } from '../../shared/doc/notes.ts'
import { COMMAND_TYPES, type CommandPayloads, type CommandType } from '../../shared/domain/commands.ts'
import type { ControlState, DelegationCode, GroupId, QuestionId, RequestId, SpeakerId, StatementId } from '../../shared/domain/types.ts'
import type { Notice } from '../../shared/protocol/events.ts'
import { commandPayloadSchemas } from '../../shared/protocol/schemas.ts'
import { encodeWire } from '../../shared/protocol/wire.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

type Role = 'chair' | 'notetaker' | 'delegation (itself)' | 'delegation (another)' | 'public'
const ROLES: Role[] = ['notetaker', 'delegation (itself)', 'delegation (another)', 'public', 'chair']
const DELEGATION_COMMANDS = new Set<CommandType>(['request:create', 'request:withdraw', 'speaker:withdraw'])
const AUTHORIZATION_CODES = ['FORBIDDEN', 'NOT_YOUR_DELEGATION']
/** They go with a link's token, so only the HTTP API takes them (tests/integration/late-delegations.test.ts); the socket refuses them to all. */
const HTTP_ONLY = new Set<CommandType>(['delegation:add', 'delegation:remove'])

/** Kenya's link acts; "itself" targets Kenya's own request and entry, "another" Mexico's. */
interface Targets { delegation: DelegationCode; requestId: RequestId; speakerId: SpeakerId }

function payloadFor (type: CommandType, state: ControlState, target: Targets): CommandPayloads[CommandType] {
  const segmentId = Object.values(state.segments)[0]!.id
  const anySpeaker = Object.values(state.speakers)[0]!.id
  const lastSegment = Object.values(state.segments).at(-1)!.id
  const anyQuestion = (state.questions[0]?.id ?? 'q_gone') as QuestionId
  const payloads: { [T in CommandType]: CommandPayloads[T] } = {
    'speaker:add': { segmentId, name: 'Norway', delegation: 'NOR' as DelegationCode },
    'speaker:update': { speakerId: anySpeaker, changes: { limitMs: 240_000 } },
    'speaker:remove': { speakerId: anySpeaker },
    'speaker:move': { speakerId: anySpeaker, segmentId, afterId: null },
    'speaker:withdraw': { speakerId: target.speakerId },
    'speaker:pass': { speakerId: anySpeaker },
    'speaker:restore': { speakerId: anySpeaker },
    'speaker:written': { speakerIds: [anySpeaker] },
    'segment:order': { segmentId },
    'segment:add': { name: 'Observers', orderingRule: 'draw' },
    'segment:update': { segmentId, changes: { defaultLimitMs: 240_000 } },
    'segment:remove': { segmentId: lastSegment },
    'meeting:update': { changes: { title: 'Test debate (resumed)' } },
    'question:add': { label: `x${state.questions.length}`, text: 'And then?' },
    'question:update': { questionId: anyQuestion, changes: { text: 'How, exactly?' } },
    'question:remove': { questionId: anyQuestion },
    'question:move': { questionId: anyQuestion, afterId: null },
    'floor:next': { expectedSpeakerId: anySpeaker },
    'floor:give': { speakerId: anySpeaker },
    'floor:end': {},
    'timer:start': {},
    'timer:pause': {},
    'timer:resume': {},
    'timer:extend': { byMs: 30_000 },
    'timer:set-limit': { limitMs: 300_000 },
    'point-of-order:raise': { name: 'Norway' },
    'point-of-order:close': {},
    'list:close': {},
    'list:reopen': {},
    'meeting:open': {},
    'meeting:suspend': {},
    'meeting:resume': {},
    'meeting:adjourn': {},
    'request:create': { delegation: target.delegation, type: 'right-of-reply' },
    'request:withdraw': { requestId: target.requestId },
    'request:accept': { requestId: target.requestId },
    'request:decline': { requestId: target.requestId },
    'delegation:add': { code: 'ITA' as DelegationCode, name: 'Italy' },
    'delegation:remove': { code: 'IND' as DelegationCode },
    'group:add': { name: 'Nordic countries', members: ['DNK', 'FIN', 'ISL', 'NOR', 'SWE'] as DelegationCode[] },
    'group:update': { groupId: (state.groups[0]?.id ?? 'grp_gone') as GroupId, changes: { members: [{ name: 'Åland' }] } },
    'group:remove': { groupId: (state.groups[0]?.id ?? 'grp_gone') as GroupId }
  }
  return payloads[type]
}

function updateMessage (doc: Y.Doc, change: (doc: Y.Doc) => void): string {
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  change(doc)
  const encoder = encoding.createEncoder()
  syncProtocol.writeUpdate(encoder, updates[0]!)
  return encodeWire(encoding.toUint8Array(encoder))
}

describe('the authorization matrix: every command and document write × every role', () => {
  const { server, seed, connect } = useTestServer()

  it('enumerates every command the server validates, each with a payload here', () => {
    expect([...COMMAND_TYPES].sort()).toEqual(Object.keys(commandPayloadSchemas).sort())
    const state = { segments: { s: { id: 's' } }, speakers: { p: { id: 'p' } }, questions: [], groups: [] } as unknown as ControlState
    const target = { delegation: 'KEN' as DelegationCode, requestId: 'r' as RequestId, speakerId: 'p' as SpeakerId }
    for (const type of COMMAND_TYPES) {
      expect(commandPayloadSchemas[type].safeParse(payloadFor(type, state, target)).success, type).toBe(true)
    }
  })

  it('lets only the allowed pairs through, and names every refusal', async () => {
    const meeting = await seed(smallMeeting())
    const tokens: Record<Role, string> = {
      chair: meeting.tokens.chair,
      notetaker: meeting.tokens.notetaker,
      'delegation (itself)': meeting.tokens.delegations.KEN!,
      'delegation (another)': meeting.tokens.delegations.KEN!,
      public: meeting.tokens.public
    }
    const clients = {} as Record<Role, RostrumClient>
    for (const role of ROLES) clients[role] = await connect(tokens[role])
    const mexico = await connect(meeting.tokens.delegations.MEX!)
    const kenyaRequest = await clients['delegation (itself)'].command('request:create', { delegation: 'KEN' as DelegationCode, type: 'right-of-reply' })
    const mexicoRequest = await mexico.command('request:create', { delegation: 'MEX' as DelegationCode, type: 'right-of-reply' })
    const state = clients.chair.state!
    const speakerOf = (code: string) => Object.values(state.speakers).find((s) => s.delegation === code)!.id
    const targets = {
      itself: { delegation: 'KEN' as DelegationCode, requestId: (kenyaRequest.ok ? kenyaRequest.data.requestId : '') as RequestId, speakerId: speakerOf('KEN') },
      another: { delegation: 'MEX' as DelegationCode, requestId: (mexicoRequest.ok ? mexicoRequest.data.requestId : '') as RequestId, speakerId: speakerOf('MEX') }
    }

    const matrix: string[] = []
    for (const role of ROLES) {
      for (const type of COMMAND_TYPES) {
        const target = role === 'delegation (another)' ? targets.another : targets.itself
        const ack = await clients[role].command(type, payloadFor(type, clients[role].state!, target) as never)
        const outcome = ack.ok ? 'ok' : ack.error.code
        const allowed = (role === 'chair' && !HTTP_ONLY.has(type)) || (role === 'delegation (itself)' && DELEGATION_COMMANDS.has(type))
        const authorized = !AUTHORIZATION_CODES.includes(outcome)
        matrix.push(`${role} × ${type}: ${outcome}`)
        expect(authorized, `${role} × ${type} → ${outcome}`).toBe(allowed)
        if (!ack.ok) expect(ack.error.message.length, `${role} × ${type}`).toBeGreaterThan(5)
      }
    }
    expect(matrix).toHaveLength(ROLES.length * COMMAND_TYPES.length)
    expect(matrix.filter((line) => line.startsWith('delegation (another)') && line.endsWith('NOT_YOUR_DELEGATION'))).toHaveLength(3)
  })

  it('lets only chairs and note-takers write the notes, and no one the control document', async () => {
    const meeting = await seed(smallMeeting())
    const roles: [string, string, boolean][] = [
      ['chair', meeting.tokens.chair, true],
      ['notetaker', meeting.tokens.notetaker, true],
      ['delegation', meeting.tokens.delegations.KEN!, false],
      ['public', meeting.tokens.public, false]
    ]
    const reader = await connect(meeting.tokens.public)
    for (const [role, token, mayWriteNotes] of roles) {
      const client = await connect(token)
      const notices: Notice[] = []
      client.socket.on('notice', (notice) => notices.push(notice))
      const before = Y.encodeStateAsUpdate(server().app.registry.loaded(meeting.id)!.control)
      client.socket.emit('sync', 'control', updateMessage(new Y.Doc(), (doc) => doc.getMap('meeting').set('meeting', { title: `by ${role}` })))
      const author = { id: `author-${role}`, name: role }
      client.socket.emit('sync', 'notes', updateMessage(new Y.Doc(), (doc) => tagStatement(doc, 'stm_x' as StatementId, 'q_x' as QuestionId, author, 1)))
      await eventually(() => notices.filter((n) => n.code === 'DOC_READ_ONLY').length === (mayWriteNotes ? 1 : 2), { message: `${role}'s refusals` })
      expect(Y.encodeStateAsUpdate(server().app.registry.loaded(meeting.id)!.control), role).toEqual(before)
      if (mayWriteNotes) await eventually(() => readTags(reader.notes).some((tag) => tag.authorId === author.id), { message: `${role}'s tag` })
    }
    expect(readTags(reader.notes).map((tag) => tag.authorName).sort()).toEqual(['chair', 'notetaker'])
  })

  it.each([
    ['no token', undefined],
    ['a revoked token', 'revoked']
  ])('refuses %s at the handshake, before any command', async (_label, which) => {
    const meeting = await seed(smallMeeting())
    let token: string | undefined
    if (which === 'revoked') {
      token = meeting.tokens.public
      const reissued = await fetch(`${server().url}/api/meetings/${meeting.id}/links/reissue`, {
        method: 'POST',
        headers: { authorization: `Bearer ${meeting.tokens.chair}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'public' })
      })
      expect(reissued.status).toBe(201)
    }
    const socket = io(server().url, { auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: false })
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once('connect_error', resolve))
    socket.disconnect()
    expect(error.data?.code).toBe('UNAUTHORIZED')
  })
})
