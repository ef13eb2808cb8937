import * as Y from 'yjs'
import type { Highlight, HighlightKind, NotesSnapshot, Tag } from '../domain/notes.ts'
import type { QuestionId, StatementId } from '../domain/types.ts'

export type { Highlight, Tag }

// Layout of the notes document, written directly by chairs and note-takers (offline too).
// Every key is unique to its author, so concurrent edits never overwrite one another:
//   tags:                 "<statementId>|<questionId>|<authorId>" → Tag
//   notes/<statementId>:  Y.Text, a top-level type so two note-takers creating it at once merge
//   highlights:           "<highlightId>" (unique per author and moment) → Highlight

export interface Author {
  /** Stable per note-taker (kept by their browser), not a secret. */
  readonly id: string
  readonly name: string
}

export function createNotesDoc (): Y.Doc {
  return new Y.Doc()
}

function tagKey (statementId: StatementId, questionId: QuestionId, authorId: string): string {
  return `${statementId}|${questionId}|${authorId}`
}

// Values typed unknown: the document holds whatever writers sent, and only the readers' checks make it a Tag.
export function tagsMap (doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('tags')
}

export function tagStatement (doc: Y.Doc, statementId: StatementId, questionId: QuestionId, author: Author, atMs: number): void {
  tagsMap(doc).set(tagKey(statementId, questionId, author.id), {
    statementId, questionId, authorId: author.id, authorName: author.name, atMs
  })
}

/** Removes only this author's tag: another note-taker's tag on the same question stays. */
export function untagStatement (doc: Y.Doc, statementId: StatementId, questionId: QuestionId, author: Author): void {
  tagsMap(doc).delete(tagKey(statementId, questionId, author.id))
}

/** One part of the document as read: the entries that have the layout's shape, and how many did not. */
export interface ReadEntries<T> {
  readonly entries: T[]
  readonly unreadable: number
}

/**
 * Every readable tag, in the same order on every replica: by time, then statement, question and author.
 * The document may hold anything a writer once sent (stored meetings, offline copies from before the
 * server checked notes writes): an entry without the shape of a tag is left out and counted, never thrown on.
 */
export function readTagEntries (doc: Y.Doc): ReadEntries<Tag> {
  const { entries, unreadable } = readEach(tagsMap(doc), readTag)
  return { entries: entries.sort(byTagOrder).map(([, tag]) => tag), unreadable }
}

/** Tags in the order every replica reads them: by time, then by key (statement, question, author). */
export function byTagOrder ([keyA, a]: readonly [string, Tag], [keyB, b]: readonly [string, Tag]): number {
  return a.atMs - b.atMs || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0)
}

/** Every readable tag; see readTagEntries. */
export function readTags (doc: Y.Doc): Tag[] {
  return readTagEntries(doc).entries
}

/** How many statements carry `questionId`, whoever tagged them (two note-takers on one statement count once). */
export function statementsTaggedWith (doc: Y.Doc, questionId: QuestionId): number {
  return new Set(readTags(doc).filter((tag) => tag.questionId === questionId).map((tag) => tag.statementId)).size
}

/** Question → the authors who tagged it, for one statement. */
export function tagsOfStatement (doc: Y.Doc, statementId: StatementId): Map<QuestionId, Tag[]> {
  const byQuestion = new Map<QuestionId, Tag[]>()
  for (const tag of readTags(doc)) {
    if (tag.statementId !== statementId) continue
    const list = byQuestion.get(tag.questionId) ?? []
    list.push(tag)
    byQuestion.set(tag.questionId, list)
  }
  return byQuestion
}

/** The name of a statement's notes text among the document's top-level types. */
export function notesName (statementId: StatementId): string {
  return `notes/${statementId}`
}

export function statementNotes (doc: Y.Doc, statementId: StatementId): Y.Text {
  return doc.getText(notesName(statementId))
}

export function highlightsMap (doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('highlights')
}

/** Marks a passage of a statement's notes; the id is unique to this author and moment. */
export function addHighlight (
  doc: Y.Doc,
  statementId: StatementId,
  marked: { readonly kind: HighlightKind; readonly text: string },
  author: Author,
  atMs: number
): Highlight {
  const highlight: Highlight = {
    id: `${author.id}-${atMs}-${highlightsMap(doc).size}`,
    statementId,
    kind: marked.kind,
    text: marked.text,
    authorId: author.id,
    authorName: author.name,
    atMs
  }
  highlightsMap(doc).set(highlight.id, highlight)
  return highlight
}

export function removeHighlight (doc: Y.Doc, highlightId: string): void {
  highlightsMap(doc).delete(highlightId)
}

/** Every readable highlight, by time then id; entries without the shape of a highlight are counted. */
export function readHighlightEntries (doc: Y.Doc): ReadEntries<Highlight> {
  const { entries, unreadable } = readEach(highlightsMap(doc), readHighlight)
  return { entries: entries.map(([, highlight]) => highlight).sort(byHighlightOrder), unreadable }
}

/** Highlights in the order every replica reads them: by time, then id. */
export function byHighlightOrder (a: Highlight, b: Highlight): number {
  return a.atMs - b.atMs || a.id.localeCompare(b.id)
}

export function readHighlights (doc: Y.Doc): Highlight[] {
  return readHighlightEntries(doc).entries
}

/**
 * Everything note-takers recorded, as plain data, for the given statements' notes; what could not be
 * read is left out and counted in `unreadable`.
 */
export function readNotesSnapshot (doc: Y.Doc, statementIds: readonly StatementId[]): NotesSnapshot {
  const tags = readTagEntries(doc)
  const highlights = readHighlightEntries(doc)
  // Keyed by ids from the control document: no key can reach a prototype.
  const notes: Record<string, string> = Object.create(null) as Record<string, string>
  let unreadableTexts = 0
  for (const id of statementIds) {
    const text = readNotesText(doc, id)
    if (text === null) unreadableTexts++
    else if (text !== undefined) notes[id] = text
  }
  const unreadable = tags.unreadable + highlights.unreadable + unreadableTexts
  return { tags: tags.entries, highlights: highlights.entries, notes, ...(unreadable === 0 ? {} : { unreadable }) }
}

/** The statement's notes text; undefined when there are none, null when they are not text. */
export function readNotesText (doc: Y.Doc, statementId: StatementId): string | undefined | null {
  const shared = doc.share.get(notesName(statementId))
  if (shared === undefined) return undefined
  // A type no reader has asked for yet is untyped (Y.AbstractType) and becomes text when read as text;
  // one already read as a map or an array stays one, and getText would throw.
  if (!(shared instanceof Y.Text) && shared.constructor !== Y.AbstractType) return null
  return statementNotes(doc, statementId).toString()
}

// Readers look only at the keys the layout defines and never recurse into a value: a value nested
// thousands deep (which Y.Map#toJSON or JSON.stringify would walk) costs them one type check.
type Fields = Readonly<Record<string, unknown>>

function readEach<T> (map: Y.Map<unknown>, read: (key: string, value: unknown) => T | null): ReadEntries<[string, T]> {
  const entries: [string, T][] = []
  let unreadable = 0
  for (const [key, value] of map.entries()) {
    const entry = read(key, value)
    if (entry === null) unreadable++
    else entries.push([key, entry])
  }
  return { entries, unreadable }
}

/** A plain JSON object: not a Y type, a subdocument, binary content, or an object with a forged prototype. */
function plainObject (value: unknown): Fields | null {
  if (typeof value !== 'object' || value === null) return null
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null ? value as Fields : null
}

const isId = (value: unknown): value is string => typeof value === 'string' && value !== ''
const isText = (value: unknown): value is string => typeof value === 'string'
const isInstant = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
const HIGHLIGHT_KINDS: ReadonlySet<unknown> = new Set<HighlightKind>(['quote', 'proposal'])

/** The tag filed under `key`, or null when the value is not one (see readTagEntries). */
export function readTag (key: string, value: unknown): Tag | null {
  const fields = plainObject(value)
  if (fields === null) return null
  const { statementId, questionId, authorId, authorName, atMs } = fields
  if (!isId(statementId) || !isId(questionId) || !isId(authorId) || !isText(authorName) || !isInstant(atMs)) return null
  // Filed under another key than its own, a tag is not what it says it is (and would count twice).
  if (key !== tagKey(statementId as StatementId, questionId as QuestionId, authorId)) return null
  // A new object with the layout's fields only: nothing else a writer added travels on into views or exports.
  return { statementId: statementId as StatementId, questionId: questionId as QuestionId, authorId, authorName, atMs }
}

/** The highlight filed under `key`, or null when the value is not one. */
export function readHighlight (key: string, value: unknown): Highlight | null {
  const fields = plainObject(value)
  if (fields === null) return null
  const { id, statementId, kind, text, authorId, authorName, atMs } = fields
  if (id !== key || !isId(statementId) || !HIGHLIGHT_KINDS.has(kind) || !isText(text) ||
    !isId(authorId) || !isText(authorName) || !isInstant(atMs)) return null
  return { id, statementId: statementId as StatementId, kind: kind as HighlightKind, text, authorId, authorName, atMs }
}
