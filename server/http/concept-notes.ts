import express, { type NextFunction, type Request, type Response } from 'express'
import { z } from 'zod'
import type { ParsedNoteAnswer } from '../../shared/protocol/api.ts'
import type { ErrorCode } from '../../shared/protocol/errors.ts'
import { describeIssues } from '../../shared/protocol/schemas.ts'
import type { GuessThrottle } from '../auth/guess-throttle.ts'
import { bearerToken, hashToken, sameHash } from '../auth/tokens.ts'
import { ConceptNoteImporter, type ImportOptions } from '../concept-notes/import-concept-note.ts'
import type { ImportRefusal } from '../concept-notes/import-job.ts'
import { MAX_DOCX_INFLATED_BYTES } from '../concept-notes/import-limits.ts'
import type { Store } from '../store/store.ts'
import { clientAddress, guessesLeft, sendError } from './api.ts'

/** A long concept note is ~30k characters; a .docx with the UN logo is well under 1 MB. */
const MAX_JSON_BODY = '2mb'
const MAX_TEXT_CHARS = 500_000

const REFUSALS: Readonly<Record<ImportRefusal, readonly [number, ErrorCode, string]>> = {
  unreadable: [400, 'INVALID_PAYLOAD', 'The .docx could not be read; save it again from Word, or paste its text.'],
  binary: [400, 'INVALID_PAYLOAD', 'This is not text; paste the note\'s text or upload the .docx itself.'],
  'text-too-long': [413, 'PAYLOAD_TOO_LARGE', `The note's text must be under ${MAX_TEXT_CHARS} characters.`],
  'too-large': [413, 'PAYLOAD_TOO_LARGE', `The .docx unpacks to more than ${MAX_DOCX_INFLATED_BYTES / 1024 / 1024} MB; no concept note is that big.`],
  'too-complex': [422, 'IMPORT_TOO_COMPLEX', 'The note took too long or too much memory to read; paste its text, or shorten it.'],
  busy: [429, 'RATE_LIMITED', 'Other concept notes are being read; try again in a moment.']
}

const requestSchema = z.union([
  z.strictObject({ text: z.string().max(MAX_TEXT_CHARS).refine((text) => text.trim() !== '', 'the text is empty') }),
  z.strictObject({ docx: z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64') })
])

export interface ConceptNoteDeps {
  readonly store: Store
  readonly adminTokenHash: string
  readonly guesses: GuessThrottle
  /** The import worker's deadline and heap; tests make them small. */
  readonly import?: ImportOptions
}

/** `POST /api/concept-notes/parse`: a concept note's text or .docx → proposed title, date, questions… */
export function conceptNoteRouter (deps: ConceptNoteDeps): express.Router {
  const router = express.Router()
  const importer = new ConceptNoteImporter(deps.import)

  // The token is checked before the body is read: a stranger's upload is refused unread.
  const requireAdminOrChair = async (req: Request, res: Response, next: NextFunction) => {
    if (!guessesLeft(deps.guesses, req, res)) return
    const token = bearerToken(req.header('authorization'))
    const hash = token === null ? null : hashToken(token)
    if (hash !== null && sameHash(hash, deps.adminTokenHash)) return next()
    const record = hash === null ? null : await deps.store.findToken(hash)
    if (record === null || record.revokedAtMs !== null) {
      deps.guesses.failed(clientAddress(req))
      sendError(res, 401, 'UNAUTHORIZED', 'This needs the admin token or a chair token as "Authorization: Bearer <token>".')
      return
    }
    if (record.role !== 'chair') {
      sendError(res, 403, 'FORBIDDEN', 'Importing a concept note is for the admin and chairs.')
      return
    }
    next()
  }

  const requireJson = (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('application/json')) {
      sendError(res, 415, 'INVALID_PAYLOAD', 'Send { "text": … } or { "docx": <base64> } as application/json.')
      return
    }
    next()
  }

  router.post('/concept-notes/parse', requireAdminOrChair, requireJson, express.json({ limit: MAX_JSON_BODY, strict: true }), async (req: Request, res: Response) => {
    const parsed = requestSchema.safeParse(req.body)
    if (!parsed.success) {
      sendError(res, 400, 'INVALID_PAYLOAD', describeIssues(parsed.error))
      return
    }
    const job = 'text' in parsed.data
      ? { text: parsed.data.text, maxTextChars: MAX_TEXT_CHARS, maxInflatedBytes: MAX_DOCX_INFLATED_BYTES }
      : { docx: Buffer.from(parsed.data.docx, 'base64'), maxTextChars: MAX_TEXT_CHARS, maxInflatedBytes: MAX_DOCX_INFLATED_BYTES }
    const result = await importer.import(job)
    if (result.ok) {
      res.json(result.parsed satisfies ParsedNoteAnswer)
      return
    }
    const [status, code, message] = REFUSALS[result.reason]
    sendError(res, status, code, message)
  }, (error: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', `The body must be under ${MAX_JSON_BODY}.`)
      return
    }
    if (error.status !== undefined && error.status < 500) {
      sendError(res, error.status, 'INVALID_PAYLOAD', 'The body is not valid JSON.')
      return
    }
    sendError(res, 500, 'INTERNAL', 'The server could not handle this request.')
  })
  return router
}
