// Runs in a worker thread (import-concept-note.ts): a note that is slow or huge to read costs this
// thread's heap and time, which the server caps and can stop, never the event loop's.
import { parentPort, workerData } from 'node:worker_threads'
import { parseConceptNote } from '../../shared/concept-note/index.ts'
import { docxText } from './docx-text.ts'
import type { ImportJob, WorkerAnswer } from './import-job.ts'

async function run (job: ImportJob): Promise<WorkerAnswer> {
  let text = job.text
  if (job.docx !== undefined) {
    const read = await docxText(job.docx, job.maxInflatedBytes)
    if (!read.ok) return { ok: false, reason: read.reason }
    text = read.text
  }
  if (text === undefined) return { ok: false, reason: 'unreadable' }
  if (looksBinary(text)) return { ok: false, reason: 'binary' }
  if (text.length > job.maxTextChars) return { ok: false, reason: 'text-too-long' }
  return { ok: true, parsed: parseConceptNote(text) }
}

/** A file read as text: NULs, or many control characters, are not in any note. */
function looksBinary (text: string): boolean {
  if (text.includes('\u0000')) return true
  const controls = text.match(/[\u0001-\u0008\u000E-\u001F\uFFFD]/g)?.length ?? 0
  return controls > 16 && controls * 100 > text.length
}

parentPort!.postMessage(await run(workerData as ImportJob))
