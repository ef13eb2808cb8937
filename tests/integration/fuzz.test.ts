import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { fuzz } from '../fuzz/run-fuzz.ts'
import { ALLOWED_CLOSE_CODES, fuzzLive } from '../fuzz/run-live-fuzz.ts'
import type { MeetingRoom } from '../../server/rooms/meeting-room.ts'
import { demoMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

// A short run on every `npm test`; `npm run fuzz` runs 100,000 frames against a server process.
const SEED = Number(process.env.FUZZ_SEED ?? 20211116)

describe(`hostile frames (seed ${SEED})`, () => {
  const { server, seed, watch } = useTestServer()

  it('from delegation, public and note-taker links: named errors, server up, control state untouched', async () => {
    const meeting = await seed(demoMeeting())
    const room = (await server().app.registry.get(meeting.id))!
    const before = documentsOf(room)
    const report = await fuzz({
      url: server().url,
      tokens: [meeting.tokens.delegations.KEN!, meeting.tokens.public, meeting.tokens.notetaker],
      seed: SEED,
      frames: 1500
    })
    expect(report.unnamed, `seed ${SEED}`).toEqual([])
    expect(report.accepted, `seed ${SEED}`).toBe(0)
    expect(report.acks).toBeGreaterThan(300)
    expect(Object.keys(report.codes)).toEqual(expect.arrayContaining(['INVALID_PAYLOAD', 'UNKNOWN_COMMAND']))
    expect(documentsOf(room)).toEqual(before)
  })

  it('from the chair link: only named errors or real commands, and the server stays up', async () => {
    const meeting = await seed(demoMeeting())
    const report = await fuzz({ url: server().url, tokens: [meeting.tokens.chair], seed: SEED + 1, frames: 800 })
    expect(report.unnamed, `seed ${SEED + 1}`).toEqual([])
    expect((await fetch(`${server().url}/healthz`)).status).toBe(200)
  })

  it('on the live link, from every role: named notices and close codes, server up, documents untouched, screens still served', async () => {
    const meeting = await seed(demoMeeting())
    const room = (await server().app.registry.get(meeting.id))!
    const before = documentsOf(room)
    const tokens = [meeting.tokens.public, meeting.tokens.delegations.KEN!, meeting.tokens.notetaker, meeting.tokens.chair]
    const report = await fuzzLive({ url: server().url, tokens, seed: SEED + 2, frames: 600 })
    expect(report.unnamed, `seed ${SEED + 2}`).toEqual([])
    expect(Object.keys(report.closes).map(Number).filter((code) => !ALLOWED_CLOSE_CODES.includes(code)), `seed ${SEED + 2}`).toEqual([])
    expect(report.sessions).toBeGreaterThan(20)
    expect(report.closes[4400]).toBeGreaterThan(0)
    expect(Object.keys(report.codes)).toEqual(expect.arrayContaining(['INVALID_PAYLOAD', 'DOC_READ_ONLY']))
    expect(documentsOf(room)).toEqual(before)
    expect((await fetch(`${server().url}/healthz`)).status).toBe(200)
    const screen = await watch(meeting.tokens.public)
    expect(screen.state?.meeting.title).toBe(room.state.meeting.title)
  })
})

/** Both documents of a room as updates, to compare before and after. */
function documentsOf (room: MeetingRoom): { control: Uint8Array; notes: Uint8Array } {
  return { control: Y.encodeStateAsUpdate(room.control), notes: Y.encodeStateAsUpdate(room.notes) }
}
