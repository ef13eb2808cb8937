import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { statementNotes } from '../../shared/doc/notes.ts'
import type { StatementId } from '../../shared/domain/types.ts'
import { LIVE_CLOSE } from '../../shared/protocol/live.ts'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { smallMeeting } from '../support/meetings.ts'
import { startMeasuredServer, until, type MeasuredServer, type MeetingTokens } from '../support/process-server.ts'
import { rawLiveLink, RawSocketIo, stateVectorOf, stepOne } from '../support/raw-clients.ts'
import { openWithSpeakerOnTheFloor } from '../support/floor.ts'

/** Notes of one statement this long: every step 1 that claims part of them is answered with the rest. */
const NOTES_CHARS = 200_000
/** Step 1s the hostile client sends without reading a byte of the answers (issue 15 sent 300). */
const STEP_ONES = 300
/**
 * Growth of the server's resident memory the flood may cause: the backlog bound (4 MB), the
 * kernel's share, the cached answers and the collector's slack. Unbounded, 300 answers of 200 kB,
 * each base64 in a packet string, come to well over 100 MB.
 */
const MAX_RSS_GROWTH_BYTES = 64 * 1024 * 1024

describe('a client that stops reading', () => {
  let server: MeasuredServer
  let tokens: MeetingTokens
  let chair: RostrumClient
  let writer: RostrumClient
  let statement: StatementId

  beforeEach(async () => {
    server = await startMeasuredServer()
    tokens = await server.createMeeting(smallMeeting())
    chair = await server.connect(tokens.chair)
    writer = await server.connect(tokens.notetaker)
    statement = await openWithSpeakerOnTheFloor(chair)
    statementNotes(writer.notes, statement).insert(0, 'x'.repeat(NOTES_CHARS))
    await until(() => statementNotes(chair.notes, statement).length === NOTES_CHARS, 10_000)
  }, 60_000)
  afterEach(async () => { await server.stop() })

  /**
   * The chair rewrites the meeting's long texts (about 36 kB a time, each change broadcast to every
   * client) until the server reports a client dropped for not reading. Commands, not notes: the notes
   * budgets would stop a writer long before the kernel's socket buffers and the backlog bound are full.
   */
  async function writeUntilDropped (): Promise<boolean> {
    const dropped = async () => (await server.metrics().catch(() => null))?.slowConsumersDropped === 1
    // Past the chair link's command budget the rewrites wait for it to refill (60 a second).
    const pace = () => new Promise((resolve) => setTimeout(resolve, 100))
    for (let round = 0; round < 3000; round++) {
      // Each rewrite its own text, so a client part-way through its backlog never shows the last one.
      const text = `${round} ${String.fromCharCode(0x0627 + (round % 20)).repeat(3990)}`
      const ack = await chair.command('meeting:update', { changes: { title: text, agendaItem: text, expectedOutcome: text } }, { deadlineMs: 60_000 })
      if (!ack.ok && ack.error.code !== 'RATE_LIMITED') throw new Error(`the chair's rewrite was refused: ${ack.error.code}`)
      if (!ack.ok) await pace()
      if (round % 10 === 0 && await dropped()) return true
    }
    return await dropped()
  }

  it('answers a link\'s step 1s within its budget however many it sends unread, and the server stays small and answering', async () => {
    const hostile = new RawSocketIo(server.url, tokens.chair)
    await hostile.opened
    await hostile.heard('session')
    const before = server.rss()
    hostile.pause()
    // Each step 1 claims a different part of the notes, so no two answers are alike.
    const [client] = [...stateVectorOf(writer.notes)].find(([, clock]) => clock >= NOTES_CHARS) ?? []
    if (client === undefined) throw new Error('the writer\'s notes are missing')
    for (let i = 1; i <= STEP_ONES; i++) hostile.emit('sync', 'notes', stepOne(new Map([[client, i]])))

    // Unread, the answers wait in the server: its memory is watched until it settles.
    let peak = before
    let unanswered = 0
    let settled = 0
    await until(async () => {
      const rss = server.rss()
      settled = rss > peak ? 0 : settled + 1
      peak = Math.max(peak, rss)
      if (!await server.healthy()) unanswered++
      return settled >= 20
    }, 30_000, 50)
    expect(peak - before).toBeLessThan(MAX_RSS_GROWTH_BYTES)
    expect(unanswered).toBe(0)

    hostile.resume()
    const heard = (): { answers: number; refused: number } => ({
      answers: hostile.events.filter((e) => e.event === 'sync').length,
      refused: hostile.events.filter((e) => e.event === 'notice' && (e.args[0] as { code?: string }).code === 'RATE_LIMITED').length
    })
    await until(() => heard().answers + heard().refused >= STEP_ONES, 30_000)
    expect(heard().refused).toBeGreaterThan(STEP_ONES / 2)
    expect(await server.healthy()).toBe(true)
    hostile.close()
  }, 90_000)

  it('drops a Socket.IO client that stops reading the broadcasts with SLOW_CONSUMER, said after its backlog', async () => {
    const hostile = new RawSocketIo(server.url, tokens.delegations.KEN!)
    await hostile.opened
    await hostile.heard('session')
    hostile.pause()
    expect(await writeUntilDropped()).toBe(true)

    hostile.resume()
    await hostile.closed
    expect(hostile.events.filter((e) => e.event === 'notice').map((e) => e.args[0])).toContainEqual(expect.objectContaining({ code: 'SLOW_CONSUMER' }))
    expect(await server.healthy()).toBe(true)
  }, 120_000)

  it('brings the reference client back after SLOW_CONSUMER, with what it missed', async () => {
    const desk = await server.connect(tokens.delegations.KEN!)
    const engine = desk.socket.io.engine as unknown as { transport: { ws?: WebSocket } }
    const ws = engine.transport.ws
    if (ws === undefined) throw new Error('the client is not on a WebSocket')
    ws.pause()
    expect(await writeUntilDropped()).toBe(true)
    ws.resume()
    const title = chair.state!.meeting.title
    const toldWhy = () => desk.notices.some((notice) => notice.code === 'SLOW_CONSUMER')
    await until(() => toldWhy() && desk.connected && desk.synced && desk.state?.meeting.title === title, 60_000)
    expect(desk.notices.map((n) => n.code)).toContain('SLOW_CONSUMER')
    expect(desk.connected).toBe(true)
    expect(desk.state?.meeting.title).toBe(title)
    expect(statementNotes(desk.notes, statement).length).toBe(NOTES_CHARS)
  }, 120_000)

  it('on the live link, a screen that stops reading the updates is closed with its own code', async () => {
    const screen = rawLiveLink(server.url)
    const texts: { type: string; code?: string }[] = []
    screen.on('message', (data, isBinary) => { if (!isBinary) texts.push(JSON.parse(String(data)) as { type: string; code?: string }) })
    const closed = new Promise<number>((resolve) => screen.once('close', (code) => resolve(code)))
    await new Promise((resolve) => screen.once('open', resolve))
    screen.send(JSON.stringify({ type: 'hello', token: tokens.public, control: stepOne(), notes: stepOne() }))
    await until(() => texts.some((t) => t.type === 'session'), 10_000)
    screen.pause()

    // A note-taker writes on; every update is broadcast to the screen, which reads none of them.
    expect(await writeUntilDropped()).toBe(true)

    screen.resume()
    expect(await closed).toBe(LIVE_CLOSE.slowConsumer)
    expect(texts).toContainEqual(expect.objectContaining({ type: 'notice', code: 'SLOW_CONSUMER' }))
  }, 120_000)
})
