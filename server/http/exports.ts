import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import express, { type Request, type Response } from 'express'
import type { Logger } from 'pino'
import type { MeetingId } from '../../shared/domain/types.ts'
import { readNotesSnapshot } from '../../shared/doc/notes.ts'
import type { StatementId } from '../../shared/domain/types.ts'
import { bearerToken, hashToken } from '../auth/tokens.ts'
import type { Clock } from '../clock.ts'
import { toCsv } from '../exports/csv.ts'
import { toDocx } from '../exports/docx.ts'
import { jsonChunks } from '../exports/json.ts'
import { toMarkdown } from '../exports/markdown.ts'
import { asciiFileName, buildReport, EXPORT_LOCALES, isExportLanguage, reportFileName, type MeetingReport } from '../exports/report.ts'
import type { RoomRegistry } from '../rooms/room-registry.ts'
import type { AuditEntry, Store } from '../store/store.ts'
import { logServerError, sendError } from './api.ts'

export interface ExportDeps {
  readonly store: Store
  readonly registry: RoomRegistry
  readonly clock: Clock
  readonly logger: Logger
}

/**
 * The audit log is read from the store in pages of about this many bytes, each sent before the next is
 * read: a long log (tens of MB) streams without stalling the server or sitting in its memory.
 */
export const AUDIT_PAGE_BYTES = 256 * 1024

interface ExportFormat {
  readonly type: string
  /** The file whole, or (the JSON) in chunks taken as the client reads them. */
  readonly render: (report: MeetingReport, auditPages: AsyncIterable<readonly AuditEntry[]>) => string | Promise<Buffer> | AsyncIterable<string>
}

/** A Map, not an object: the format comes from the URL, and `export.constructor` must not find Object's. */
const FORMATS: ReadonlyMap<string, ExportFormat> = new Map([
  ['json', { type: 'application/json; charset=utf-8', render: jsonChunks }],
  ['csv', { type: 'text/csv; charset=utf-8', render: toCsv }],
  ['md', { type: 'text/markdown; charset=utf-8', render: toMarkdown }],
  ['docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', render: toDocx }]
])

/** RFC 8187 ext-value: percent-encode everything but attr-char (encodeURIComponent leaves '()*!' too). */
function encodeRfc8187 (value: string): string {
  return encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * `GET /api/meetings/:id/export.(json|csv|md|docx)[?lang=ar|zh|en|fr|ru|es]`, for the meeting's chair and
 * note-taker links; in the meeting's language unless `lang` picks another.
 */
export function exportRouter (deps: ExportDeps): express.Router {
  const router = express.Router()
  router.get('/meetings/:id/export.:format', async (req: Request, res: Response, next) => {
    const format = FORMATS.get(String(req.params.format))
    if (format === undefined) {
      sendError(res, 404, 'NOT_FOUND', 'Exports are .json, .csv, .md and .docx.')
      return
    }
    const token = bearerToken(req.header('authorization'))
    const record = token === null ? null : await deps.store.findToken(hashToken(token))
    if (record === null || record.revokedAtMs !== null || record.meetingId !== req.params.id) {
      sendError(res, 401, 'UNAUTHORIZED', 'This needs the meeting\'s chair or note-taker token as "Authorization: Bearer <token>".')
      return
    }
    if (record.role !== 'chair' && record.role !== 'notetaker') {
      sendError(res, 403, 'FORBIDDEN', 'Exports are for the chair and note-takers.')
      return
    }
    const room = await deps.registry.get(record.meetingId as MeetingId)
    if (room === null) {
      sendError(res, 404, 'MEETING_NOT_FOUND', 'This meeting no longer exists.')
      return
    }
    const state = room.state
    const asked = req.query.lang
    if (asked !== undefined && (typeof asked !== 'string' || !isExportLanguage(asked))) {
      sendError(res, 400, 'INVALID_PAYLOAD', `lang is one of ${Object.keys(EXPORT_LOCALES).join(', ')}; without it, the meeting's language.`)
      return
    }
    const notes = readNotesSnapshot(room.notes, Object.keys(state.statements) as StatementId[])
    const report = buildReport(state, notes, deps.clock.now(), asked ?? state.meeting.language)
    const pages = auditPages(deps.store, record.meetingId, await deps.store.auditHead(record.meetingId))
    Promise.resolve(format.render(report, pages)).then((body) => {
      const extension = String(req.params.format)
      res.setHeader('Content-Type', format.type)
      // RFC 6266: a name in Latin letters for every client, and the name in the report's language for
      // those that read filename* (RFC 8187's encoding leaves only attr-chars unescaped).
      res.setHeader('Content-Disposition',
        `attachment; filename="${asciiFileName(report, extension)}"; filename*=UTF-8''${encodeRfc8187(reportFileName(report, extension))}`)
      res.setHeader('Cache-Control', 'no-store')
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.send(body)
        return
      }
      // Readable.from pulls the next chunk only when the response has room for it (backpressure).
      pipeline(Readable.from(body, { objectMode: false }), res).catch((error: unknown) => {
        // A reader that hung up is no failure of ours; anything else cut the file short: say why.
        if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') logServerError(deps.logger, error, req)
      })
    }).catch(next)
  })
  return router
}

/** The meeting's audit log as it stands now, page by page; what is added meanwhile belongs to the next export. */
function auditPages (store: Store, meetingId: MeetingId, upTo: number): AsyncIterable<readonly AuditEntry[]> {
  return {
    async * [Symbol.asyncIterator] () {
      let after = 0
      while (after < upTo) {
        const page = await store.readAudit(meetingId, after, upTo, AUDIT_PAGE_BYTES)
        if (page.entries.length === 0) return
        yield page.entries
        after = page.last
      }
    }
  }
}
