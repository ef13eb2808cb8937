import type { MeetingReplica } from '../../shared/client/meeting-replica.ts'
import type { NotesProjection } from '../../shared/doc/notes-projection.ts'
import { addHighlight, statementNotes, tagStatement, untagStatement, type Author } from '../../shared/doc/notes.ts'
import type { Highlight, HighlightKind, NotesSnapshot, Tag } from '../../shared/domain/notes.ts'
import type { QuestionId, StatementId } from '../../shared/domain/types.ts'
import { NotesPresence, type PresenceState } from './notes-presence.ts'
import { bindText } from './text-binding.ts'

/** Binds a textarea to a statement's shared notes (a Svelte attachment); the returned function unbinds it. */
export type NotesBinding = (textarea: HTMLTextAreaElement) => () => void

/**
 * A meeting's notes as the session's classes use them: read as runes from the replica's
 * NotesProjection (they change only when the notes do, never with the control document), and written
 * by the few actions a note-taker or chair has. The only notes code between the views and the replica.
 */
export class SessionNotes {
  readonly #replica: MeetingReplica
  readonly #unsubscribe: () => void
  /** Bumped on each change of the notes: the projection itself is not a rune. */
  #version = $state(0)

  constructor (replica: MeetingReplica) {
    this.#replica = replica
    this.#unsubscribe = replica.subscribeNotes(() => { this.#version += 1 })
  }

  get #projection (): NotesProjection {
    void this.#version
    return this.#replica.notesProjection
  }

  /** Every readable tag, in the same order on every replica. */
  get tags (): readonly Tag[] {
    return this.#projection.tags
  }

  /** Every readable highlight, by time. */
  get highlights (): readonly Highlight[] {
    return this.#projection.highlights
  }

  /** Tags and highlights that could not be read, left out of the lists. */
  get unreadable (): number {
    return this.#projection.unreadable
  }

  tagsOf (statementId: StatementId): readonly Tag[] {
    return this.#projection.tagsOf(statementId)
  }

  /** How many statements carry the question, whoever tagged them. */
  statementsTaggedWith (questionId: QuestionId): number {
    return this.#projection.statementsTaggedWith(questionId)
  }

  /** Everything recorded about these statements, as plain data for coverage and the digest. */
  snapshot (statementIds: readonly StatementId[]): NotesSnapshot {
    return this.#projection.snapshot(statementIds)
  }

  tag (statementId: StatementId, questionId: QuestionId, author: Author, atMs: number): void {
    tagStatement(this.#replica.notes, statementId, questionId, author, atMs)
  }

  /** Removes only this author's tag. */
  untag (statementId: StatementId, questionId: QuestionId, author: Author): void {
    untagStatement(this.#replica.notes, statementId, questionId, author)
  }

  highlight (statementId: StatementId, marked: { readonly kind: HighlightKind; readonly text: string }, author: Author, atMs: number): Highlight {
    return addHighlight(this.#replica.notes, statementId, marked, author, atMs)
  }

  /** A binding of the statement's shared notes text, for the notes editor's textarea. */
  binding (statementId: StatementId): NotesBinding {
    return bindText(statementNotes(this.#replica.notes, statementId))
  }

  /**
   * Shares who is taking notes where with the other chairs and note-takers; null on a link that
   * cannot (a watching link has no channel for it).
   */
  openPresence (local: PresenceState): NotesPresence | null {
    const channel = this.#replica.awareness
    return channel === null ? null : new NotesPresence(this.#replica.notes, channel, local)
  }

  destroy (): void {
    this.#unsubscribe()
  }
}
