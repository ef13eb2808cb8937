// What note-takers record about statements, as plain data: the notes document (shared/doc/notes.ts)
// holds it as CRDT types; coverage and the digest read this snapshot of it.
import type { QuestionId, StatementId } from './types.ts'

/** One note-taker's mark that a statement touches a guiding question. */
export interface Tag {
  readonly statementId: StatementId
  readonly questionId: QuestionId
  readonly authorId: string
  readonly authorName: string
  readonly atMs: number
}

export type HighlightKind = 'quote' | 'proposal'

/** A passage of a statement's notes marked as a quote or a concrete proposal. */
export interface Highlight {
  readonly id: string
  readonly statementId: StatementId
  readonly kind: HighlightKind
  /** The marked text as it read when marked. */
  readonly text: string
  readonly authorId: string
  readonly authorName: string
  readonly atMs: number
}

export interface NotesSnapshot {
  readonly tags: readonly Tag[]
  readonly highlights: readonly Highlight[]
  /** Statement → its notes text. */
  readonly notes: Readonly<Record<string, string>>
  /**
   * Entries of the notes document that could not be read (a tag set to null, a highlight missing its
   * text, a statement's notes that are not text) and were left out; absent when there were none.
   */
  readonly unreadable?: number
}

export const EMPTY_NOTES: NotesSnapshot = { tags: [], highlights: [], notes: {} }
