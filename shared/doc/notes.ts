import * as Y from 'yjs'
import type { QuestionId, StatementId } from '../domain/types.ts'

// Layout of the notes document, written directly by chairs and note-takers (offline too).
// Every key is unique to its author, so concurrent edits never overwrite one another:
//   tags:                 "<statementId>|<questionId>|<authorId>" → Tag
//   notes/<statementId>:  Y.Text, a top-level type so two note-takers creating it at once merge

export interface Author {
  /** Stable per note-taker (kept by their browser), not a secret. */
  readonly id: string
  readonly name: string
}

export interface Tag {
  readonly statementId: StatementId
  readonly questionId: QuestionId
  readonly authorId: string
  readonly authorName: string
  readonly atMs: number
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

export function readTags (doc: Y.Doc): Tag[] {
  return [...tagsMap(doc).values()]
}

/** Question → the authors who tagged it, for one statement. */
export function tagsOfStatement (doc: Y.Doc, statementId: StatementId): Map<QuestionId, Tag[]> {
  const byQuestion = new Map<QuestionId, Tag[]>()
  for (const tag of tagsMap(doc).values()) {
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
