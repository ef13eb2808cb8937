import express, { type NextFunction, type Request, type Response } from 'express'
import mammoth from 'mammoth'
import { z } from 'zod'
import { parseConceptNote } from '../../shared/concept-note/index.ts'
import { describeIssues } from '../../shared/protocol/schemas.ts'
import { bearerToken, hashToken, sameHash } from '../auth/tokens.ts'
import type { Store } from '../store/store.ts'
import { sendError } from './api.ts'

/** A long concept note is ~30k characters; a .docx with the UN logo is well under 1 MB. */
const MAX_JSON_BODY = '2mb'
const MAX_TEXT_CHARS = 500_000
/** A .docx is a zip: its declared unpacked size is checked before unpacking (zip bombs). */
const MAX_DOCX_UNPACKED_BYTES = 20 * 1024 * 1024

const requestSchema = z.union([
  z.strictObject({ text: z.string().max(MAX_TEXT_CHARS).refine((text) => text.trim() !== '', 'the text is empty') }),
  z.strictObject({ docx: z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64') })
])

export interface ConceptNoteDeps {
  readonly store: Store
  readonly adminTokenHash: string
}

/** `POST /api/concept-notes/parse`: a concept note's text or .docx → proposed title, date, questions… */
export function conceptNoteRouter (deps: ConceptNoteDeps): express.Router {
  const router = express.Router()

  // The token is checked before the body is read: a stranger's upload is refused unread.
  const requireAdminOrChair = (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.header('authorization'))
    const hash = token === null ? null : hashToken(token)
    if (hash !== null && sameHash(hash, deps.adminTokenHash)) return next()
    const record = hash === null ? null : deps.store.findToken(hash)
    if (record === null || record.revokedAtMs !== null) {
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
    const text = 'text' in parsed.data ? parsed.data.text : await docxText(parsed.data.docx)
    if (text === null) {
      sendError(res, 400, 'INVALID_PAYLOAD', 'The .docx could not be read; save it again from Word, or paste its text.')
      return
    }
    if (looksBinary(text)) {
      sendError(res, 400, 'INVALID_PAYLOAD', 'This is not text; paste the note\'s text or upload the .docx itself.')
      return
    }
    if (text.length > MAX_TEXT_CHARS) {
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', `The note's text must be under ${MAX_TEXT_CHARS} characters.`)
      return
    }
    res.json(parseConceptNote(text))
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

/** A file read as text: NULs, or many control characters, are not in any note. */
function looksBinary (text: string): boolean {
  if (text.includes('\u0000')) return true
  const controls = text.match(/[\u0001-\u0008\u000E-\u001F\uFFFD]/g)?.length ?? 0
  return controls > 16 && controls * 100 > text.length
}

async function docxText (base64: string): Promise<string | null> {
  const buffer = Buffer.from(base64, 'base64')
  const unpacked = declaredUnpackedBytes(buffer)
  if (unpacked === null || unpacked > MAX_DOCX_UNPACKED_BYTES) return null
  try {
    const result = await mammoth.extractRawText({ buffer })
    return result.value
  } catch {
    return null
  }
}

/**
 * The sum of the sizes a zip's central directory declares, or null if it is not a zip. A zip that
 * lies about them is caught by jszip only after inflating; the route is for the admin and chairs.
 */
function declaredUnpackedBytes (zip: Buffer): number | null {
  if (zip.length < 22 || zip.readUInt32LE(0) !== 0x04034b50) return null
  const searchFrom = Math.max(0, zip.length - 22 - 0xffff)
  let end = -1
  for (let i = zip.length - 22; i >= searchFrom; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { end = i; break }
  }
  if (end === -1) return null
  const entries = zip.readUInt16LE(end + 10)
  let offset = zip.readUInt32LE(end + 16)
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) return null
    total += zip.readUInt32LE(offset + 24)
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32)
  }
  return total
}
