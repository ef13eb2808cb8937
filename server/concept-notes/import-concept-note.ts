import { Worker } from 'node:worker_threads'
import type { ImportJob, ImportResult, WorkerAnswer } from './import-job.ts'
import { IMPORT_DEADLINE_MS, IMPORT_HEAP_MB, MAX_CONCURRENT_IMPORTS } from './import-limits.ts'

/** From source (tsx, tests) the worker loads through a tsx bootstrap; `npm run build` bundles it beside dist/server.mjs. */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./import-worker-from-source.mjs', import.meta.url)
  : new URL('./concept-note-worker.mjs', import.meta.url)

export interface ImportOptions {
  readonly deadlineMs?: number
  readonly heapMb?: number
  /** A worker that failed for a reason other than its heap: a bug, to be logged with its cause. */
  readonly onWorkerError?: (error: Error) => void
}

/**
 * Parses a concept note in a worker thread with a capped heap and a deadline: past either, the worker
 * is stopped and the answer is `too-complex`; the server's own thread only waits.
 */
export class ConceptNoteImporter {
  #running = 0

  constructor (private readonly options: ImportOptions = {}) {}

  async import (job: ImportJob): Promise<ImportResult> {
    if (this.#running >= MAX_CONCURRENT_IMPORTS) return { ok: false, reason: 'busy' }
    this.#running++
    try {
      return await this.#inWorker(job)
    } finally {
      this.#running--
    }
  }

  #inWorker (job: ImportJob): Promise<ImportResult> {
    const heapMb = this.options.heapMb ?? IMPORT_HEAP_MB
    const worker = new Worker(WORKER_URL, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(32, heapMb / 4) }
    })
    return new Promise<ImportResult>((resolve) => {
      let settled = false
      const settle = (result: ImportResult) => {
        if (settled) return
        settled = true
        clearTimeout(deadline)
        // Answered once the thread is gone, so the count of imports at once counts live workers.
        void worker.terminate().finally(() => resolve(result))
      }
      const deadline = setTimeout(() => settle({ ok: false, reason: 'too-complex' }), this.options.deadlineMs ?? IMPORT_DEADLINE_MS)
      worker.once('message', (answer: WorkerAnswer) => settle(answer))
      // ERR_WORKER_OUT_OF_MEMORY, or anything else the worker threw: the note is not importable.
      worker.once('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return settle({ ok: false, reason: 'too-complex' })
        this.options.onWorkerError?.(error)
        settle({ ok: false, reason: 'unreadable' })
      })
      worker.once('exit', () => settle({ ok: false, reason: 'unreadable' }))
    })
  }
}
