import express, { type Request, type Response } from 'express'
import type { MeetingId } from '../../shared/domain/types.ts'
import { readNotesSnapshot } from '../../shared/doc/notes.ts'
import type { StatementId } from '../../shared/domain/types.ts'
import { bearerToken, hashToken } from '../auth/tokens.ts'
import type { Clock } from '../clock.ts'
import { toCsv } from '../exports/csv.ts'
import { toDocx } from '../exports/docx.ts'
import { toJson } from '../exports/json.ts'
import { toMarkdown } from '../exports/markdown.ts'
import { buildReport, reportFileName, type MeetingReport } from '../exports/report.ts'
import type { RoomRegistry } from '../rooms/room-registry.ts'
import type { Store } from '../store/store.ts'
import { sendError } from './api.ts'

export interface ExportDeps {
  readonly store: Store
  readonly registry: RoomRegistry
  readonly clock: Clock
}

const FORMATS: Record<string, { type: string; render: (report: MeetingReport) => string | Promise<Buffer> }> = {
  json: { type: 'application/json; charset=utf-8', render: toJson },
  csv: { type: 'text/csv; charset=utf-8', render: toCsv },
  md: { type: 'text/markdown; charset=utf-8', render: toMarkdown },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', render: toDocx }
}

/** `GET /api/meetings/:id/export.(json|csv|md|docx)`, for the meeting's chair and note-taker links. */
export function exportRouter (deps: ExportDeps): express.Router {
  const router = express.Router()
  router.get('/meetings/:id/export.:format', (req: Request, res: Response, next) => {
    const format = FORMATS[String(req.params.format)]
    if (format === undefined) {
      sendError(res, 404, 'NOT_FOUND', 'Exports are .json, .csv, .md and .docx.')
      return
    }
    const token = bearerToken(req.header('authorization'))
    const record = token === null ? null : deps.store.findToken(hashToken(token))
    if (record === null || record.revokedAtMs !== null || record.meetingId !== req.params.id) {
      sendError(res, 401, 'UNAUTHORIZED', 'This needs the meeting\'s chair or note-taker token as "Authorization: Bearer <token>".')
      return
    }
    if (record.role !== 'chair' && record.role !== 'notetaker') {
      sendError(res, 403, 'FORBIDDEN', 'Exports are for the chair and note-takers.')
      return
    }
    const room = deps.registry.get(record.meetingId as MeetingId)
    if (room === null) {
      sendError(res, 404, 'MEETING_NOT_FOUND', 'This meeting no longer exists.')
      return
    }
    const state = room.state
    const notes = readNotesSnapshot(room.notes, Object.keys(state.statements) as StatementId[])
    const report = buildReport(state, notes, deps.clock.now(), deps.store.listAudit(record.meetingId))
    Promise.resolve(format.render(report)).then((body) => {
      const fileName = reportFileName(report, String(req.params.format))
      res.setHeader('Content-Type', format.type)
      // RFC 6266: an ASCII fallback, and the meeting-language name for clients that read filename*.
      res.setHeader('Content-Disposition', `attachment; filename="export.${String(req.params.format)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      res.setHeader('Cache-Control', 'no-store')
      res.send(body)
    }).catch(next)
  })
  return router
}
