// The import worker pool: at most MAX_CONCURRENT_IMPORTS notes are read at once; one more is refused
// at once, not queued behind them, so a burst of uploads cannot stack workers and their heaps up.
import { describe, expect, it } from 'vitest'
import { ConceptNoteImporter } from '../../server/concept-notes/import-concept-note.ts'
import { MAX_CONCURRENT_IMPORTS } from '../../server/concept-notes/import-limits.ts'

const job = { text: 'Guiding questions\n\n(a) How?\n(b) Why?', maxTextChars: 1000, maxInflatedBytes: 1024 }

describe('ConceptNoteImporter', () => {
  it(`reads ${MAX_CONCURRENT_IMPORTS} notes at once, refuses one more as busy, and takes it once they are done`, async () => {
    const importer = new ConceptNoteImporter()
    const running = Array.from({ length: MAX_CONCURRENT_IMPORTS }, () => importer.import(job))
    expect(await importer.import(job)).toEqual({ ok: false, reason: 'busy' })
    for (const result of await Promise.all(running)) expect(result).toMatchObject({ ok: true, parsed: { questions: [{ label: 'a' }, { label: 'b' }] } })
    expect(await importer.import(job)).toMatchObject({ ok: true })
  }, 30_000)

  it('answers too-complex when a note overruns the worker\'s heap, and reads a small note in the same heap', async () => {
    const importer = new ConceptNoteImporter({ heapMb: 16 })
    const huge = { text: `Guiding questions\n\n${'(a) How?\n'.repeat(55_000)}`, maxTextChars: 500_000, maxInflatedBytes: 1024 }
    expect(await importer.import(huge)).toEqual({ ok: false, reason: 'too-complex' })
    expect(await importer.import(job)).toMatchObject({ ok: true })
  }, 30_000)

  it('answers too-complex when a note overruns the deadline, the worker stopped mid-parse', async () => {
    const huge = { text: `Guiding questions\n\n${'(a) How?\n'.repeat(55_000)}`, maxTextChars: 500_000, maxInflatedBytes: 1024 }
    // A worker cannot even load in 1 ms; the parse of 55,000 items takes hundreds.
    expect(await new ConceptNoteImporter({ deadlineMs: 1 }).import(huge)).toEqual({ ok: false, reason: 'too-complex' })
  }, 30_000)
})
