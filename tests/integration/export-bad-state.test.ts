import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { generateToken, hashToken } from '../../server/auth/tokens.ts'
import { loadConfig } from '../../server/config.ts'
import { createMeeting } from '../../server/meetings/create-meeting.ts'
import { SqliteStore } from '../../server/store/sqlite-store.ts'
import type { Store } from '../../server/store/store.ts'
import { readControlState, writeControlState } from '../../shared/doc/control.ts'
import type { ControlState, MeetingId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

const FORMATS = ['json', 'csv', 'md', 'docx'] as const

async function exportAs (url: string, meetingId: string, token: string, format: string): Promise<Response> {
  return await fetch(`${url}/api/meetings/${meetingId}/export.${format}`, { headers: { authorization: `Bearer ${token}` } })
}

/** Writes `language` into the stored control document, as a server from before validation could have. */
/** Writes meeting fields straight into the stored control document, as an older server could have. */
async function storeMeetingFields (store: Store, meetingId: MeetingId, fields: Partial<ControlState['meeting']>): Promise<void> {
  const doc = new Y.Doc()
  for (const update of (await store.loadDocument(meetingId, 'control'))!.updates) Y.applyUpdate(doc, update)
  const state = readControlState(doc)!
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  writeControlState(doc, state, { ...state, meeting: { ...state.meeting, ...fields } })
  for (const update of updates) await store.appendUpdate(meetingId, 'control', update)
}

describe('exports over bad state (issue 15, item 11)', () => {
  const { server, seed } = useTestServer()

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'xml'])('export.%s is 404, not 500', async (format) => {
    const meeting = await seed(smallMeeting())
    const response = await exportAs(server().url, meeting.id, meeting.tokens.chair, format)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } })
  })

  it.each(['x!', 'toString', '__proto__', 'ar-u-nu-arab'])('a meeting whose stored language is %j still exports in every format', async (language) => {
    const meeting = await seed(smallMeeting())
    await storeMeetingFields(server().store, meeting.id, { language })
    expect((await server().app.registry.get(meeting.id))!.state.meeting.language).toBe(language)
    for (const format of FORMATS) {
      const response = await exportAs(server().url, meeting.id, meeting.tokens.chair, format)
      expect(response.status, `${format} of a meeting in ${JSON.stringify(language)}`).toBe(200)
      if (format === 'md') expect(await response.text()).toContain(language === 'ar-u-nu-arab' ? 'Test debate' : '## Chronological record')
      else await response.arrayBuffer()
    }
  })

  it.each(['Mars/Olympus_Mons', '', '__proto__'])('a meeting whose stored time zone is %j still exports in every format, in UTC', async (timeZone) => {
    const meeting = await seed(smallMeeting())
    await storeMeetingFields(server().store, meeting.id, { timeZone })
    expect((await server().app.registry.get(meeting.id))!.state.meeting.timeZone).toBe(timeZone)
    for (const format of FORMATS) {
      const response = await exportAs(server().url, meeting.id, meeting.tokens.chair, format)
      expect(response.status, `${format} of a meeting in ${JSON.stringify(timeZone)}`).toBe(200)
      await response.arrayBuffer()
    }
  })
})

describe('every 500 is logged with its cause', () => {
  it('a route that throws answers INTERNAL, and the log names the error and the route', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-test-'))
    const real = new SqliteStore(join(dataDir, 'rostrum.db'))
    let failing = false
    // The store fails on demand, as a full or broken disk does, under the export route.
    const store = new Proxy(real, {
      get (target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          if (failing && key !== 'findToken') throw new Error('disk I/O error (injected)')
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
    })
    const lines: Record<string, unknown>[] = []
    const logStream = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done() } })
    const app = createApp({ ...loadConfig({}), port: 0, dataDir, logLevel: 'info' }, {
      store, adminTokenHash: hashToken(generateToken()), logger: pino({ level: 'info' }, logStream)
    })
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`
      const meeting = await createMeeting(smallMeeting(), { store, clock: { now: () => Date.now() } })
      expect(await app.registry.get(meeting.id)).not.toBeNull()
      failing = true
      const response = await exportAs(url, meeting.id, meeting.tokens.chair, 'json')
      failing = false
      expect(response.status).toBe(500)
      expect(await response.json()).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } })
      const logged = lines.filter((line) => line.level === 50)
      expect(logged).toEqual([expect.objectContaining({
        method: 'GET',
        route: `/api/meetings/${meeting.id}/export.json`,
        err: expect.objectContaining({ message: 'disk I/O error (injected)', stack: expect.any(String) })
      })])
      // The token itself is nowhere in the log.
      expect(JSON.stringify(lines)).not.toContain(meeting.tokens.chair)
    } finally {
      await app.close()
      real.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
