// Notes content of every bad kind a hostile or buggy note-taker once sent (issue 15, item 1), written
// as a replica would write it. Which wrong value each field gets, the strings, and the order the
// kinds land in come from the generator, so a seed replays one hostile writer exactly.
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import type { QuestionId, StatementId } from '../../shared/domain/types.ts'

/** Deep enough that Y.Map#toJSON, JSON.stringify or any recursive walk overflows the stack. */
export const HOSTILE_DEPTH = 6_345
/** As deep as Yjs's own decoder reads a JSON value; deeper, the update cannot be applied at all. */
export const DECODABLE_DEPTH = 1_000

export interface HostileTarget {
  readonly statementIds: readonly StatementId[]
  readonly questionIds: readonly QuestionId[]
  /** A note-taker whose tags the hostile writer deletes and forges. */
  readonly victimAuthorId: string
}

export interface Planted {
  /** The kinds written, in the order they landed. */
  readonly kinds: readonly string[]
  /** Entries the layout defines (tags, highlights) that no reader can take as one. */
  readonly unreadable: number
}

const TAG_FIELDS = ['statementId', 'questionId', 'authorId', 'authorName', 'atMs'] as const
const HIGHLIGHT_FIELDS = ['id', 'statementId', 'kind', 'text', 'authorId', 'authorName', 'atMs'] as const

/** Writes every bad kind into `doc`, each in its own transaction (its own update, as sent one by one). */
export function plantHostileNotes (doc: Y.Doc, target: HostileTarget, gen: prng.PRNG): Planted {
  const tags = doc.getMap<unknown>('tags')
  const highlights = doc.getMap<unknown>('highlights')
  const statementId = () => prng.oneOf(gen, [...target.statementIds])
  const questionId = () => prng.oneOf(gen, [...target.questionIds])
  const text = () => prng.utf16String(gen, 12)
  const attacker = `nt-hostile-${prng.uint32(gen, 0, 9999)}`
  // A new author id for each entry, so no two kinds land on one key and the count stays exact.
  let entries = 0
  const author = () => `${attacker}-${++entries}`
  const tag = () => ({ statementId: statementId(), questionId: questionId(), authorId: author(), authorName: text(), atMs: prng.uint32(gen, 0, 2 ** 31) })
  const keyOf = (fields: { statementId: string; questionId: string; authorId: string }) => `${fields.statementId}|${fields.questionId}|${fields.authorId}`
  const highlight = (id: string) => ({ id, statementId: statementId(), kind: 'quote', text: text(), authorId: author(), authorName: text(), atMs: prng.uint32(gen, 0, 2 ** 31) })
  let unreadable = 0
  const unreadableEntry = () => { unreadable++ }

  const kinds: [string, () => void][] = [
    ['a tag set to null', () => {
      tags.set(keyOf(tag()), null)
      unreadableEntry()
    }],
    ...TAG_FIELDS.map((field): [string, () => void] => [`a tag whose ${field} has the wrong type`, () => {
      const fields = tag()
      tags.set(keyOf(fields), { ...fields, [field]: wrongValueFor(field, gen) })
      unreadableEntry()
    }]),
    ['a malformed highlight', () => {
      highlights.set(`hl-${author()}`, { kind: 'quote', text: 42 })
      unreadableEntry()
    }],
    ...HIGHLIGHT_FIELDS.map((field): [string, () => void] => [`a highlight whose ${field} has the wrong type`, () => {
      const id = `hl-${author()}`
      highlights.set(id, { ...highlight(id), [field]: wrongValueFor(field, gen) })
      unreadableEntry()
    }]),
    ['another note-taker\'s tags deleted', () => {
      for (const key of [...tags.keys()]) if (key.endsWith(`|${target.victimAuthorId}`)) tags.delete(key)
    }],
    ['a tag forged in another note-taker\'s name under the writer\'s own key', () => {
      const fields = tag()
      tags.set(keyOf(fields), { ...fields, authorId: target.victimAuthorId })
      unreadableEntry()
    }],
    ['a tag forged under another note-taker\'s key', () => {
      const fields = { ...tag(), authorId: target.victimAuthorId, authorName: 'Forged' }
      tags.set(keyOf(fields), fields)
    }],
    ['extra top-level types', () => {
      doc.getArray('hostile-array').insert(0, [text(), prng.uint32(gen, 0, 99)])
      doc.getText('hostile-text').insert(0, text())
      doc.getXmlFragment('hostile-xml').insert(0, [new Y.XmlText(text())])
    }],
    ['a tag that is a Y.Map nested 6,345 deep', () => {
      setNestedMaps(tags, keyOf(tag()))
      unreadableEntry()
    }],
    ['a highlight that is a Y.Map nested 6,345 deep', () => {
      setNestedMaps(highlights, `hl-${author()}`)
      unreadableEntry()
    }],
    ['a top-level type nested 6,345 deep', () => {
      setNestedMaps(doc.getMap('hostile-deep'), 'a')
    }],
    ['a tag carrying a JSON value nested as deep as it can be decoded', () => {
      const fields = tag()
      tags.set(keyOf(fields), { ...fields, extra: nestedArrays(DECODABLE_DEPTH) })
    }],
    ['a statement\'s notes written as a map', () => {
      setNestedMaps(doc.getMap(`notes/${statementId()}`), 'text')
    }],
    ['a tag that is binary', () => {
      tags.set(keyOf(tag()), prng.uint8Array(gen, 16))
      unreadableEntry()
    }]
  ]
  shuffle(kinds, gen)
  for (const [, write] of kinds) doc.transact(write)
  return { kinds: kinds.map(([kind]) => kind), unreadable }
}

/** Fisher–Yates, from the seeded generator. */
function shuffle (items: unknown[], gen: prng.PRNG): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.uint32(gen, 0, i)
    ;[items[i], items[j]] = [items[j], items[i]]
  }
}

function wrongValueFor (field: string, gen: prng.PRNG): unknown {
  const wrong: unknown[] = [null, true, [], {}, { nested: [1, 2] }]
  if (field === 'atMs') wrong.push('yesterday', Number.POSITIVE_INFINITY)
  else if (field === 'kind') wrong.push('insult', 7)
  else wrong.push(prng.uint32(gen, 0, 99))
  return prng.oneOf(gen, wrong)
}

/**
 * Y.Maps nested `HOSTILE_DEPTH` deep under `key` of a map in a document: each is set once its parent is in
 * the document (a whole nest set at once would recurse), all in one transaction (one each would notify
 * every ancestor each time).
 */
export function setNestedMaps (parent: Y.Map<unknown>, key: string): void {
  if (parent.doc === null) throw new Error('nest under a map that is in a document')
  parent.doc.transact(() => {
    let inner = new Y.Map<unknown>()
    parent.set(key, inner)
    for (let level = 1; level < HOSTILE_DEPTH; level++) {
      const next = new Y.Map<unknown>()
      inner.set('a', next)
      inner = next
    }
  })
}

/** A JSON value: arrays nested `depth` deep. */
export function nestedArrays (depth: number): unknown {
  let value: unknown = 'x'
  for (let level = 0; level < depth; level++) value = [value]
  return value
}

/**
 * Stored updates no replica can apply: a tag whose JSON value is nested 6,345 deep (a writer with a deeper
 * stack encoded it; Yjs's decoder overflows on it) and bytes that are no update at all.
 */
export function undecodableUpdates (gen: prng.PRNG): Uint8Array[] {
  const writer = new Y.Doc()
  let deep: unknown = 'x'
  for (let level = 0; level < HOSTILE_DEPTH; level++) deep = { a: deep }
  writer.getMap('tags').set('deep', deep)
  return [Y.encodeStateAsUpdate(writer), prng.uint8Array(gen, 64)]
}
