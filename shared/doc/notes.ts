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

function tagsMap (doc: Y.Doc): Y.Map<Tag> {
  return doc.getMap<Tag>('tags')
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

/** Every tag, in the same order on every replica: by time, then statement, question and author. */
export function readTags (doc: Y.Doc): Tag[] {
  return [...tagsMap(doc).entries()]
    .sort(([keyA, a], [keyB, b]) => a.atMs - b.atMs || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0))
    .map(([, tag]) => tag)
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

export function statementNotes (doc: Y.Doc, statementId: StatementId): Y.Text {
  return doc.getText(`notes/${statementId}`)
}

function highlightsMap (doc: Y.Doc): Y.Map<Highlight> {
  return doc.getMap<Highlight>('highlights')
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

export function readHighlights (doc: Y.Doc): Highlight[] {
  return [...highlightsMap(doc).values()].sort((a, b) => a.atMs - b.atMs || a.id.localeCompare(b.id))
}

/** Everything note-takers recorded, as plain data, for the given statements' notes. */
export function readNotesSnapshot (doc: Y.Doc, statementIds: readonly StatementId[]): NotesSnapshot {
  const notes: Record<string, string> = {}
  for (const id of statementIds) {
    if (doc.share.has(`notes/${id}`)) notes[id] = statementNotes(doc, id).toString()
  }
  return { tags: readTags(doc), highlights: readHighlights(doc), notes }
}
