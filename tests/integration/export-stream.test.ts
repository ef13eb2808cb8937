import { get, type IncomingMessage, type ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { tokenId, hashToken } from '../../server/auth/tokens.ts'
import { AUDIT_PAGE_BYTES } from '../../server/http/exports.ts'
import type { AuditEntry } from '../../server/store/store.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

/** About 60 MB of audit log: far more than the sockets between the test and the server hold. */
const ENTRIES = 12_000
const REASON = 'Ministerial schedule; moved up at the request of the delegation. '.repeat(75)

/**
 * What the server may hold for one export while its reader waits: a page of the audit log and the
 * stream's own buffer, with room to spare. Sending the file whole held all of it (about 60 MB).
 */
const MAX_BUFFERED_BYTES = 8 * AUDIT_PAGE_BYTES

describe('the JSON export streams the audit log (issue 15, item 6)', () => {
  const { server, seed } = useTestServer()

  it('a meeting with a 60 MB audit log exports every entry, while the server holds one page of it and answers /healthz', async () => {
    const meeting = await seed(smallMeeting())
    const actorId = tokenId(hashToken(meeting.tokens.chair))
    const entry = (i: number): AuditEntry => ({
      meetingId: meeting.id, commandId: `cmd-${i.toString().padStart(6, '0')}`, actorId, actorRole: 'chair', actorDelegation: null,
      type: 'speaker:move', payload: { speakerId: 'spk_x', segmentId: 'seg_x', afterId: null, reason: `${i} ${REASON}` },
      result: { ok: true, data: {} }, atMs: 1_000 + i
    })
    for (let i = 0; i < ENTRIES; i++) await server().store.appendAudit(entry(i))

    // The server's side of the export, to see what it holds while the reader waits.
    let served: ServerResponse | null = null
    server().app.httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.endsWith('/export.json') === true) served = res
    })
    const url = `${server().url}/api/meetings/${meeting.id}/export.json`
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      get(url, { headers: { authorization: `Bearer ${meeting.tokens.chair}` } }, resolve).on('error', reject))
    expect(response.statusCode).toBe(200)
    // A reader that does not read: the sockets fill, and the server must wait rather than buffer the rest.
    response.pause()
    await eventually(() => served !== null && (served.writableNeedDrain || served.writableEnded), { timeoutMs: 30_000, message: 'the export waiting for its reader' })
    const waiting = served! as ServerResponse
    expect(waiting.writableEnded, 'the server had written the whole export into its memory').toBe(false)
    expect(waiting.writableLength).toBeLessThan(MAX_BUFFERED_BYTES)
    const health = await fetch(`${server().url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true })
    // A command is answered meanwhile too: the store is not held by the export.
    await server().store.appendAudit(entry(ENTRIES))

    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    const ended = new Promise<void>((resolve) => response.on('end', resolve))
    response.resume()
    await ended
    const exported = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { format: string; audit: { commandId: string; payload: { reason: string } }[] }
    expect(exported.format).toBe('rostrum-meeting-export')
    // Every entry as it stood when the export began, in order; the one added meanwhile is the next export's.
    expect(exported.audit).toHaveLength(ENTRIES)
    expect(exported.audit.map((e) => e.commandId)).toEqual(Array.from({ length: ENTRIES }, (_, i) => entry(i).commandId))
    expect(exported.audit[ENTRIES - 1]!.payload.reason).toBe(`${ENTRIES - 1} ${REASON}`)
  }, 120_000)
})
