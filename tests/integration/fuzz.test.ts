import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { fuzz } from '../fuzz/run-fuzz.ts'
import { demoMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

// A short run on every `npm test`; `npm run fuzz` runs 100,000 frames against a server process.
const SEED = Number(process.env.FUZZ_SEED ?? 20211116)

describe(`hostile frames (seed ${SEED})`, () => {
  const { server, seed } = useTestServer()

  it('from delegation, public and note-taker links: named errors, server up, control state untouched', async () => {
    const meeting = await seed(demoMeeting())
    // Loaded before any link opens it: the state before the fuzz is the stored one.
    const loaded = (await server().app.registry.get(meeting.id))!
    const room = () => loaded
    const controlBefore = Y.encodeStateAsUpdate(room().control)
    const notesBefore = Y.encodeStateAsUpdate(room().notes)
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
    expect(Y.encodeStateAsUpdate(room().control)).toEqual(controlBefore)
    expect(Y.encodeStateAsUpdate(room().notes)).toEqual(notesBefore)
  })

  it('from the chair link: only named errors or real commands, and the server stays up', async () => {
    const meeting = await seed(demoMeeting())
    const report = await fuzz({ url: server().url, tokens: [meeting.tokens.chair], seed: SEED + 1, frames: 800 })
    expect(report.unnamed, `seed ${SEED + 1}`).toEqual([])
    expect((await fetch(`${server().url}/healthz`)).status).toBe(200)
  })
})
