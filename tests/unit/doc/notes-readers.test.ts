// The notes readers over any document content: stored meetings and offline copies may hold whatever a
// writer once sent, from before the server checked notes writes. Each bad entry is written in another
// replica and arrives as an update, as it would over the wire.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addHighlight,
  readHighlightEntries,
  readNotesSnapshot,
  readTagEntries,
  statementNotes,
  statementsTaggedWith,
  tagsOfStatement,
  tagStatement
} from '../../../shared/doc/notes.ts'
import type { QuestionId, StatementId } from '../../../shared/domain/types.ts'
// Deeper JSON values than DECODABLE_DEPTH overflow Yjs's own decoder before any reader sees them: the
// update is refused whole, which is the writer side's business.
import { DECODABLE_DEPTH, nestedArrays, setNestedMaps } from '../../support/hostile-notes.ts'

const STATEMENT = 'stm_1' as StatementId
const QUESTION = 'q_a' as QuestionId
const HONEST = { id: 'nt-honest', name: 'Honest' }

const goodTag = { statementId: STATEMENT, questionId: QUESTION, authorId: 'nt-bad', authorName: 'Bad', atMs: 5 }
const goodTagKey = `${STATEMENT}|${QUESTION}|nt-bad`
const goodHighlight = { id: 'hl-bad', statementId: STATEMENT, kind: 'quote', text: 'We call for', authorId: 'nt-bad', authorName: 'Bad', atMs: 6 }

/** A replica holding one honest tag, highlight and notes text, plus whatever `write` puts in another replica. */
function receivedFrom (write: (doc: Y.Doc) => void): Y.Doc {
  const reader = new Y.Doc()
  tagStatement(reader, STATEMENT, QUESTION, HONEST, 1)
  addHighlight(reader, STATEMENT, { kind: 'proposal', text: 'A new mandate' }, HONEST, 2)
  statementNotes(reader, STATEMENT).insert(0, 'Opening remarks')
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(reader))
  write(writer)
  Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(reader)))
  return reader
}

const without = (fields: object, key: string): object => Object.fromEntries(Object.entries(fields).filter(([name]) => name !== key))

// Every field with a value of the wrong type, and missing.
const WRONG_VALUES: readonly unknown[] = [null, 42, true, [], {}, 'text', Number.POSITIVE_INFINITY]
type Case = readonly [string, unknown]
const wrongTags: Case[] = Object.keys(goodTag).flatMap((field) => [
  [`${field} missing`, without(goodTag, field)] as const,
  ...WRONG_VALUES
    .filter((value) => typeof value !== typeof goodTag[field as keyof typeof goodTag] || value === Number.POSITIVE_INFINITY)
    .map((value) => [`${field} = ${JSON.stringify(value) ?? String(value)}`, { ...goodTag, [field]: value }] as const)
])
const wrongHighlights: Case[] = Object.keys(goodHighlight).flatMap((field) => [
  [`${field} missing`, without(goodHighlight, field)] as const,
  ...WRONG_VALUES
    .filter((value) => typeof value !== typeof goodHighlight[field as keyof typeof goodHighlight] || value === Number.POSITIVE_INFINITY)
    .map((value) => [`${field} = ${JSON.stringify(value) ?? String(value)}`, { ...goodHighlight, [field]: value }] as const)
])

describe('reading tags someone broke', () => {
  it.each<Case>([
    ['null', null],
    ['a number', 7],
    ['a string', 'tagged'],
    ['an array', [goodTag]],
    ['binary', new Uint8Array([1, 2, 3])],
    ['a nested Y.Map', (() => { const map = new Y.Map<unknown>(); map.set('statementId', STATEMENT); return map })()],
    ['a subdocument', new Y.Doc()],
    ['an array nested 1,000 deep', nestedArrays(DECODABLE_DEPTH)],
    ...wrongTags
  ])('a tag that is %s is left out and counted; the honest tag reads', (_kind, value) => {
    const doc = receivedFrom((writer) => writer.getMap('tags').set(goodTagKey, value))
    expectOnlyHonestTag(doc)
  })

  it('a tag that is a map nested 6,345 deep is left out and counted', () => {
    expectOnlyHonestTag(receivedFrom((writer) => setNestedMaps(writer.getMap('tags'), goodTagKey)))
  })

  function expectOnlyHonestTag (doc: Y.Doc): void {
    const read = readTagEntries(doc)
    expect(read.entries.map((tag) => tag.authorId)).toEqual([HONEST.id])
    expect(read.unreadable).toBe(1)
    expect(statementsTaggedWith(doc, QUESTION)).toBe(1)
    expect(tagsOfStatement(doc, STATEMENT).get(QUESTION)?.map((tag) => tag.authorName)).toEqual([HONEST.name])
  }

  it('a tag filed under another note-taker\'s key is not that note-taker\'s tag', () => {
    const doc = receivedFrom((writer) => writer.getMap('tags').set(`${STATEMENT}|${QUESTION}|${HONEST.id}`, goodTag))
    // The forged value replaced the honest one under its key: neither reads as the honest author's.
    expect(readTagEntries(doc)).toEqual({ entries: [], unreadable: 1 })
  })

  it('a tag whose "__proto__" key became its prototype on decoding is left out', () => {
    const forged = JSON.parse(`{"__proto__": ${JSON.stringify(goodTag)}}`) as unknown
    const doc = receivedFrom((writer) => writer.getMap('tags').set(goodTagKey, forged))
    expect(readTagEntries(doc).unreadable).toBe(1)
  })

  it('a tag\'s fields beyond the layout stay behind: a deep value never reaches a view or an export', () => {
    const doc = receivedFrom((writer) => writer.getMap('tags').set(goodTagKey, { ...goodTag, extra: nestedArrays(DECODABLE_DEPTH) }))
    const read = readTagEntries(doc)
    expect(read.unreadable).toBe(0)
    expect(read.entries.find((tag) => tag.authorId === 'nt-bad')).toEqual(goodTag)
    expect(() => JSON.stringify(readNotesSnapshot(doc, [STATEMENT]))).not.toThrow()
  })
})

describe('reading highlights someone broke', () => {
  it.each<Case>([
    ['null', null],
    ['a nested Y.Map', new Y.Map<unknown>()],
    ['of an unknown kind', { ...goodHighlight, kind: 'insult' }],
    ['filed under another id', { ...goodHighlight, id: 'hl-other' }],
    ...wrongHighlights
  ])('a highlight that is %s is left out and counted', (_kind, value) => {
    const doc = receivedFrom((writer) => writer.getMap('highlights').set('hl-bad', value))
    const read = readHighlightEntries(doc)
    expect(read.entries.map((highlight) => highlight.text)).toEqual(['A new mandate'])
    expect(read.unreadable).toBe(1)
  })
})

describe('the snapshot exports and views read', () => {
  it('counts what it left out and keeps everything readable', () => {
    const doc = receivedFrom((writer) => {
      writer.getMap('tags').set(goodTagKey, null)
      setNestedMaps(writer.getMap('tags'), `${STATEMENT}|q_b|nt-bad`)
      setNestedMaps(writer.getMap('highlights'), 'hl-deep')
      writer.getMap('highlights').set('hl-bad', { kind: 'quote' })
      // Top-level types the layout does not define are no one's notes: never read, never counted.
      setNestedMaps(writer.getMap('extra'), 'deep')
      setNestedMaps(writer.getMap(`notes/${STATEMENT}x`), 'deep')
    })
    const snapshot = readNotesSnapshot(doc, [STATEMENT])
    expect(snapshot.tags.map((tag) => tag.authorId)).toEqual([HONEST.id])
    expect(snapshot.highlights.map((highlight) => highlight.text)).toEqual(['A new mandate'])
    expect(snapshot.notes[STATEMENT]).toBe('Opening remarks')
    expect(snapshot.unreadable).toBe(4)
  })

  it('says nothing of unreadable entries when there are none', () => {
    expect(readNotesSnapshot(receivedFrom(() => undefined), [STATEMENT])).not.toHaveProperty('unreadable')
  })

  it('notes written as a map where the layout has text read as the text they hold', () => {
    const doc = receivedFrom((writer) => setNestedMaps(writer.getMap('notes/stm_2'), 'text'))
    expect(readNotesSnapshot(doc, [STATEMENT, 'stm_2' as StatementId]).notes).toEqual({ [STATEMENT]: 'Opening remarks', stm_2: '' })
  })

  it('notes this replica already reads as another type are counted, not thrown on', () => {
    const doc = receivedFrom(() => undefined)
    doc.getMap('notes/stm_2')
    const snapshot = readNotesSnapshot(doc, [STATEMENT, 'stm_2' as StatementId])
    expect(snapshot.notes).toEqual({ [STATEMENT]: 'Opening remarks' })
    expect(snapshot.unreadable).toBe(1)
  })

  it('a statement id that names a prototype key is only a key', () => {
    const doc = receivedFrom((writer) => statementNotes(writer, '__proto__' as StatementId).insert(0, 'polluted?'))
    const snapshot = readNotesSnapshot(doc, ['__proto__' as StatementId])
    expect(Object.keys(snapshot.notes)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
