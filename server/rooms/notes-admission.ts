import * as Y from 'yjs'
import { NotesGuard, type NotesRefusal, type NotesWriterRole } from '../../shared/doc/notes-guard.ts'
import { MAX_NOTES_BYTES } from '../../shared/doc/notes-limits.ts'
import type { WireError } from '../../shared/protocol/errors.ts'
import { NOTES_LINK_BYTES_PER_MINUTE, NOTES_LINK_REFUSALS_PER_MINUTE, NotesBudget } from './notes-budget.ts'

/** The link that sent a notes change: budgets and authorship are per link. */
export interface NotesLink {
  readonly id: string
  readonly role: NotesWriterRole
}

/** What a writer's change came to: the update to store (null: nothing new), or why it was turned away. */
export type Admitted =
  | { readonly ok: true; readonly update: Uint8Array | null }
  | { readonly ok: false; readonly rejected: WireError }

/**
 * Whether a writer's notes change may be stored: within its link's budgets and the document's size, and
 * of the documented layout (shared/doc/notes-guard.ts), with the author bindings it makes added. Checked
 * on a copy, so a refused change leaves the document byte for byte as it was.
 */
export class NotesAdmission {
  readonly #notes: Y.Doc
  readonly #guard: NotesGuard
  readonly #budget = new NotesBudget()
  /** The document's encoded size, exact when measured, an upper bound in between. */
  #bytes: number

  constructor (notes: Y.Doc) {
    this.#notes = notes
    this.#guard = new NotesGuard(notes)
    this.#bytes = Y.encodeStateAsUpdate(notes).byteLength
  }

  admit (update: Uint8Array, link: NotesLink, nowMs: number): Admitted {
    if (!this.#budget.mayBeRefused(link.id, nowMs)) {
      return refused('NOTES_QUOTA', `This link sent more than ${NOTES_LINK_REFUSALS_PER_MINUTE} refused notes changes a minute; its changes are not read until a minute has passed.`)
    }
    if (!this.#budget.takeBytes(link.id, update.byteLength, nowMs)) {
      return refused('NOTES_QUOTA', `This link wrote more than ${NOTES_LINK_BYTES_PER_MINUTE / 1024} KiB of notes a minute; the change was not applied.`)
    }
    if (!this.#fits(update.byteLength)) {
      return refused('NOTES_QUOTA', `The meeting's notes are at their limit of ${MAX_NOTES_BYTES / 1024 / 1024} MiB; the change was not applied.`)
    }
    const verdict = this.#guard.check(update, link.role)
    if (!verdict.ok) {
      this.#budget.noteRefusal(link.id, nowMs)
      return refused(REFUSAL_CODES[verdict.refusal], refusalMessage(verdict.refusal, verdict.detail))
    }
    const parts = [verdict.change, this.#guard.claim(verdict.newAuthors, link.role)].filter((part) => part !== null)
    return { ok: true, update: parts.length === 0 ? null : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts) }
  }

  /** An admitted update could not be stored: the check copy goes back to the document, which never had it. */
  notStored (): void {
    this.#guard.reset()
  }

  /** The document grew by `bytes` (an update applied to it). */
  grew (bytes: number): void {
    this.#bytes += bytes
  }

  /** The document's size measured exactly (a compaction's snapshot). */
  measured (bytes: number): void {
    this.#bytes = bytes
  }

  /** The document changed other than through `admit` (another node wrote it): the check copy is made afresh. */
  resync (): void {
    this.#guard.reset()
  }

  /** Whether `bytes` more fit the notes' size budget; measures exactly only near the budget. */
  #fits (bytes: number): boolean {
    if (this.#bytes + bytes <= MAX_NOTES_BYTES) return true
    this.#bytes = Y.encodeStateAsUpdate(this.#notes).byteLength
    return this.#bytes + bytes <= MAX_NOTES_BYTES
  }
}

function refused (code: WireError['code'], message: string): Admitted {
  return { ok: false, rejected: { code, message } }
}

const REFUSAL_CODES: Readonly<Record<NotesRefusal, WireError['code']>> = {
  undecodable: 'INVALID_PAYLOAD',
  'missing-dependencies': 'NOTES_REJECTED',
  'bad-shape': 'NOTES_REJECTED',
  'foreign-entry': 'NOTES_REJECTED',
  'too-many-entries': 'NOTES_QUOTA'
}

function refusalMessage (refusal: NotesRefusal, detail: string): string {
  if (refusal === 'undecodable') return 'The sync message could not be decoded; nothing was applied.'
  const reason = refusal === 'too-many-entries' ? 'The meeting\'s notes are full' : 'The notes change was refused'
  return `${reason} (${refusal}: ${detail}); nothing was applied.`
}
