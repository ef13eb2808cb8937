// §15 of the protocol documents every CSV column; the document and the export must name the same ones.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { toCsv } from '../../../server/exports/csv.ts'
import { buildReport } from '../../../server/exports/report.ts'
import { createInitialState, type MeetingId } from '../../../shared/domain/index.ts'

const protocol = readFileSync(fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url)), 'utf8')

/** The rows of the table that follows "The CSV's columns": `| 1 | Order | … |` → "Order". */
function documentedColumns (): string[] {
  const section = protocol.slice(protocol.indexOf("The CSV's columns"))
  const start = section.indexOf('\n|')
  const end = section.indexOf('\n\n', start)
  const table = section.slice(start, end)
  return [...table.matchAll(/^\| (\d+) \| ([^|]+?) \|/gm)].map((match) => match[2]!)
}

describe('the CSV columns', () => {
  it('are the ones §15 documents, in its order', () => {
    const state = createInitialState('mtg-1' as MeetingId, { title: 'Debate', scheduledStart: '2021-11-16T10:00' }, { nowMs: 0, newId: (prefix) => `${prefix}-1` })
    const csv = toCsv(buildReport(state, { tags: [], highlights: [], notes: {} }, 0, 'en'))
    const [header] = parse(csv.replace(/^\uFEFF/, '')) as string[][]
    expect(documentedColumns()).toEqual(header)
  })
})
