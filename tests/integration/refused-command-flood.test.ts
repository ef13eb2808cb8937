import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { io, type Socket } from 'socket.io-client'
import { describe, expect, it } from 'vitest'
import { tokenId, hashToken } from '../../server/auth/tokens.ts'
import { REFUSAL_BUDGET } from '../../server/rooms/refusal-budget.ts'
import { MAX_KEPT_REFUSED_PAYLOAD_BYTES } from '../../server/rooms/refusal-record.ts'
import { MAX_COMMAND_BYTES } from '../../server/core/command-handler.ts'
import { LINK_RATES } from '../../server/core/link-budgets.ts'
import type { DelegationCode } from '../../shared/domain/types.ts'
import type { CommandAck } from '../../shared/protocol/events.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

/**
 * 2,400 commands, as in the attack: 1,200 from each link, spread over ten sockets (budgets are the
 * link's, so more sockets buy nothing), in batches of the link's command burst with the server's clock
 * moved on between them so the command rate refills: only the refusal budget is left to hold them.
 */
const COMMANDS_PER_LINK = 1200
const SOCKETS_PER_LINK = 10
const BATCH = LINK_RATES.command.capacity
const BATCHES = COMMANDS_PER_LINK / BATCH
const BATCH_INTERVAL_MS = (BATCH / LINK_RATES.command.perSecond) * 1000

/**
 * What the flood may add to the data dir. Rows of the allowed refusals are under 2 kB each; SQLite's
 * write-ahead log takes a few pages per transaction. Recording every payload added about 75 MB.
 */
const MAX_DATA_DIR_GROWTH_BYTES = 8 * 1024 * 1024

/** A `meeting:update` just under the envelope limit, valid in every field: only the role refuses it. */
function bigMeetingUpdate (index: number): { id: string; type: string; payload: unknown } {
  const text = (length: number) => '議'.repeat(length)
  const envelope = { id: `flood-${index.toString().padStart(6, '0')}`, type: 'meeting:update', payload: { changes: { title: text(4000), agendaItem: text(4000), expectedOutcome: text(2600) } } }
  const bytes = Buffer.byteLength(JSON.stringify(envelope))
  if (bytes > MAX_COMMAND_BYTES || bytes < MAX_COMMAND_BYTES - 1024) throw new Error(`the flood's command is ${bytes} bytes`)
  return envelope
}

function dataDirBytes (dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

async function openSockets (url: string, token: string, count: number): Promise<Socket[]> {
  return await Promise.all(Array.from({ length: count }, () => new Promise<Socket>((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false })
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })))
}

/** One batch: the sockets share it, all at once; resolves with every ack. */
async function floodBatch (sockets: Socket[], offset: number): Promise<CommandAck[]> {
  return await Promise.all(Array.from({ length: BATCH }, (_, i) =>
    sockets[i % sockets.length]!.timeout(60_000).emitWithAck('command', bigMeetingUpdate(offset + i)) as Promise<CommandAck>))
}

describe('refused commands cannot fill the disk (issue 15, item 6)', () => {
  // The refusal budget refills on the server's clock: frozen here, so the test decides when it does.
  let nowMs = Date.parse('2026-11-28T10:00:00Z')
  const { server, seed, connect } = useTestServer({ clock: { now: () => nowMs } })

  it('2,400 refused 32 kB commands from a public link and a delegation add a bounded few rows; the chair goes on', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const links = { public: meeting.tokens.public, delegation: meeting.tokens.delegations.KEN! }
    const sockets = {
      public: await openSockets(server().url, links.public, SOCKETS_PER_LINK),
      delegation: await openSockets(server().url, links.delegation, SOCKETS_PER_LINK)
    }
    const before = dataDirBytes(server().dataDir)

    const publicAcks: CommandAck[] = []
    const delegationAcks: CommandAck[] = []
    for (let batch = 0; batch < BATCHES; batch++) {
      if (batch > 0) nowMs += BATCH_INTERVAL_MS
      const [p, d] = await Promise.all([floodBatch(sockets.public, batch * BATCH), floodBatch(sockets.delegation, COMMANDS_PER_LINK + batch * BATCH)])
      publicAcks.push(...p)
      delegationAcks.push(...d)
    }
    const codes = (acks: CommandAck[]) => {
      const counts: Record<string, number> = {}
      for (const ack of acks) counts[ack.ok ? 'ok' : ack.error.code] = (counts[ack.ok ? 'ok' : ack.error.code] ?? 0) + 1
      return counts
    }
    // Each link is answered in full for at most its budget's worth (the burst, then one refill per batch's
    // interval), then turned away; nothing ran.
    const room = server().app.registry.loaded(meeting.id)!
    let refused = 0
    for (const [link, acks] of [['public', publicAcks], ['delegation', delegationAcks]] as const) {
      const { FORBIDDEN: forbidden = 0, RATE_LIMITED: rateLimited = 0, ...others } = codes(acks)
      expect(others, link).toEqual({})
      expect(forbidden, link).toBeLessThanOrEqual(REFUSAL_BUDGET.capacity + Math.ceil(BATCHES * BATCH_INTERVAL_MS / 1000 * REFUSAL_BUDGET.perSecond))
      expect(forbidden + rateLimited, link).toBe(COMMANDS_PER_LINK)
      expect(room.refusals.turnedAway(tokenId(hashToken(links[link]))), link).toBeGreaterThan(0)
      refused += forbidden
    }
    expect(room.state.meeting.title).toBe('Test debate')

    // On disk: one bounded row per allowed refusal, no payload, and the data dir hardly grew.
    const audit = (await server().store.listAudit(meeting.id)).filter((entry) => entry.commandId.startsWith('flood-'))
    expect(audit).toHaveLength(refused)
    for (const entry of audit) {
      expect(entry).toMatchObject({ type: 'meeting:update', payload: null, result: { ok: false, error: { code: 'FORBIDDEN' } } })
      expect(entry.payloadOmitted?.bytes).toBeGreaterThan(MAX_COMMAND_BYTES - 1024)
      expect(JSON.stringify(entry).length).toBeLessThan(2 * MAX_KEPT_REFUSED_PAYLOAD_BYTES)
    }
    const grown = dataDirBytes(server().dataDir) - before
    expect(grown, `the data dir grew by ${grown} bytes`).toBeLessThan(MAX_DATA_DIR_GROWTH_BYTES)

    // The chair was never refused, so the chair's next command runs.
    const segmentId = Object.values(chair.state!.segments)[0]!.id
    expect(await chair.command('speaker:add', { segmentId, name: 'Norway', delegation: 'NOR' as DelegationCode })).toMatchObject({ ok: true })

    // Turned away means everything, the delegation's own request too, even from a new socket, until its
    // budget refills; then it runs.
    const [kenya] = await openSockets(server().url, links.delegation, 1)
    const kenyaId = tokenId(hashToken(links.delegation))
    const request = (id: string) => kenya!.timeout(10_000).emitWithAck('command',
      { id, type: 'request:create', payload: { delegation: 'KEN', type: 'right-of-reply' } }) as Promise<CommandAck>
    // One command's worth of the link's rate (the flood spent it all), far less than one refusal's.
    nowMs += 1000 / LINK_RATES.command.perSecond
    const turnedAway = room.refusals.turnedAway(kenyaId)
    expect(await request('kenya-reply-1')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
    expect(room.refusals.turnedAway(kenyaId)).toBe(turnedAway + 1)
    expect((await server().store.findAudit(meeting.id, kenyaId, 'kenya-reply-1'))).toBeNull()
    nowMs += Math.max(1000 / REFUSAL_BUDGET.perSecond, BATCH_INTERVAL_MS)
    expect(await request('kenya-reply-2')).toMatchObject({ ok: true })
    kenya!.disconnect()

    for (const socket of [...sockets.public, ...sockets.delegation]) socket.disconnect()
  }, 120_000)

  it('a retry of a refusal whose payload was not kept gets the stored answer; another command under its id is refused', async () => {
    const meeting = await seed(smallMeeting())
    const [socket] = await openSockets(server().url, meeting.tokens.public, 1)
    const command = bigMeetingUpdate(1)
    const first = await socket!.emitWithAck('command', command) as CommandAck
    expect(first).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await socket!.emitWithAck('command', command)).toEqual(first)
    const other = { ...command, payload: { changes: { title: 'Another title' } } }
    expect(await socket!.emitWithAck('command', other)).toMatchObject({ ok: false, error: { code: 'COMMAND_ID_REUSED' } })
    socket!.disconnect()
  })
})
