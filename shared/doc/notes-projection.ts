import type * as Y from 'yjs'
import type { Highlight, NotesSnapshot, Tag } from '../domain/notes.ts'
import type { QuestionId, StatementId } from '../domain/types.ts'
import { byHighlightOrder, byTagOrder, highlightsMap, notesName, readHighlight, readNotesText, readTag, tagsMap } from './notes.ts'

const NO_TAGS: readonly Tag[] = Object.freeze([])

/** The tags as every view reads them, built once per change of the tags. */
interface TagIndex {
  readonly list: readonly Tag[]
  readonly byStatement: ReadonlyMap<StatementId, readonly Tag[]>
  /** How many statements carry each question, whoever tagged them. */
  readonly statementsPerQuestion: ReadonlyMap<QuestionId, number>
}

/**
 * One of the document's maps as read: every key's entry, kept up to date by reading again only the
 * keys transactions changed. An entry without the layout's shape is counted, never thrown on.
 */
class ReadMap<T> {
  readonly #map: Y.Map<unknown>
  readonly #read: (key: string, value: unknown) => T | null
  readonly #readable = new Map<string, T>()
  readonly #unreadable = new Set<string>()
  readonly #pending = new Set<string>()
  #all = true

  constructor (map: Y.Map<unknown>, read: (key: string, value: unknown) => T | null) {
    this.#map = map
    this.#read = read
  }

  get readable (): ReadonlyMap<string, T> {
    return this.#readable
  }

  get unreadable (): number {
    return this.#unreadable.size
  }

  note (keys: Set<string | null>): void {
    for (const key of keys) if (key !== null) this.#pending.add(key)
  }

  /** Reads what changed since the last call; true when anything was read. */
  settle (): boolean {
    if (this.#all) {
      this.#all = false
      this.#pending.clear()
      for (const [key, value] of this.#map.entries()) this.#apply(key, value)
      return true
    }
    if (this.#pending.size === 0) return false
    for (const key of this.#pending) {
      if (this.#map.has(key)) this.#apply(key, this.#map.get(key))
      else {
        this.#readable.delete(key)
        this.#unreadable.delete(key)
      }
    }
    this.#pending.clear()
    return true
  }

  #apply (key: string, value: unknown): void {
    const entry = this.#read(key, value)
    if (entry === null) {
      this.#readable.delete(key)
      this.#unreadable.add(key)
    } else {
      this.#readable.set(key, entry)
      this.#unreadable.delete(key)
    }
  }
}

/**
 * The notes document as views read it, kept up to date by the transactions applied to it: tags (per
 * statement, and how many statements carry each question), highlights and the statements' notes
 * texts. As with ControlProjection, `refresh` only notes what changed, and the work is done on the next
 * read, so a keystroke in someone's notes costs a view nothing until it reads that statement's text.
 * What it returns keeps its identity until what it holds changes, so consumers can compare by reference.
 */
export class NotesProjection {
  readonly #doc: Y.Doc
  /** The two maps, as transactions name them (by the type itself). */
  readonly #tagsMap: object
  readonly #highlightsMap: object
  readonly #tags: ReadMap<Tag>
  readonly #highlights: ReadMap<Highlight>
  /** Each notes text as last read, by the shared type holding it: a change to that type drops it. */
  readonly #texts = new WeakMap<object, string>()
  #tagIndex: TagIndex | null = null
  #highlightList: readonly Highlight[] | null = null
  #version = 0

  constructor (doc: Y.Doc) {
    this.#doc = doc
    const tags = tagsMap(doc)
    const highlights = highlightsMap(doc)
    this.#tagsMap = tags
    this.#highlightsMap = highlights
    this.#tags = new ReadMap(tags, readTag)
    this.#highlights = new ReadMap(highlights, readHighlight)
  }

  /** Bumped by every transaction that changed the document: a cheap "has anything changed". */
  get version (): number {
    return this.#version
  }

  /**
   * Call after each transaction on the document; returns whether it changed anything. It runs on every
   * keystroke of every note-taker, so it only notes which keys changed.
   */
  refresh (transaction: Y.Transaction): boolean {
    if (transaction.changed.size === 0) return false
    for (const [type, keys] of transaction.changed) {
      if (type === this.#tagsMap) this.#tags.note(keys)
      else if (type === this.#highlightsMap) this.#highlights.note(keys)
      else this.#texts.delete(type)
    }
    this.#version += 1
    return true
  }

  /** Every readable tag, in the same order on every replica (see readTagEntries). */
  get tags (): readonly Tag[] {
    return this.#indexedTags().list
  }

  /** The tags on one statement, in the same order. */
  tagsOf (statementId: StatementId): readonly Tag[] {
    return this.#indexedTags().byStatement.get(statementId) ?? NO_TAGS
  }

  /** How many statements carry `questionId`, whoever tagged them (two note-takers on one statement count once). */
  statementsTaggedWith (questionId: QuestionId): number {
    return this.#indexedTags().statementsPerQuestion.get(questionId) ?? 0
  }

  /** Every readable highlight, by time then id. */
  get highlights (): readonly Highlight[] {
    if (this.#highlights.settle() || this.#highlightList === null) {
      this.#highlightList = [...this.#highlights.readable.values()].sort(byHighlightOrder)
    }
    return this.#highlightList
  }

  /** Tags and highlights in the document without the layout's shape, left out of the lists. */
  get unreadable (): number {
    this.#indexedTags()
    void this.highlights
    return this.#tags.unreadable + this.#highlights.unreadable
  }

  /** A statement's notes text; undefined when it has none, null when what is there is not text. */
  text (statementId: StatementId): string | undefined | null {
    const name = notesName(statementId)
    const before = this.#doc.share.get(name)
    if (before === undefined) return undefined
    const cached = this.#texts.get(before)
    if (cached !== undefined) return cached
    const text = readNotesText(this.#doc, statementId)
    // Read as text, an untyped top-level type is replaced by a Y.Text: keep the text under the one now there.
    const holder = this.#doc.share.get(name)
    if (typeof text === 'string' && holder !== undefined) this.#texts.set(holder, text)
    return text
  }

  /** Everything recorded, as plain data, for the given statements' notes (see readNotesSnapshot). */
  snapshot (statementIds: readonly StatementId[]): NotesSnapshot {
    // Keyed by ids from the control document: no key can reach a prototype.
    const notes: Record<string, string> = Object.create(null) as Record<string, string>
    let unreadableTexts = 0
    for (const id of statementIds) {
      const text = this.text(id)
      if (text === null) unreadableTexts++
      else if (text !== undefined) notes[id] = text
    }
    const unreadable = this.unreadable + unreadableTexts
    return { tags: this.tags, highlights: this.highlights, notes, ...(unreadable === 0 ? {} : { unreadable }) }
  }

  #indexedTags (): TagIndex {
    if (!this.#tags.settle() && this.#tagIndex !== null) return this.#tagIndex
    const list = [...this.#tags.readable].sort(byTagOrder).map(([, tag]) => tag)
    const byStatement = new Map<StatementId, Tag[]>()
    const statementsByQuestion = new Map<QuestionId, Set<StatementId>>()
    for (const tag of list) {
      const onStatement = byStatement.get(tag.statementId)
      if (onStatement === undefined) byStatement.set(tag.statementId, [tag])
      else onStatement.push(tag)
      const statements = statementsByQuestion.get(tag.questionId)
      if (statements === undefined) statementsByQuestion.set(tag.questionId, new Set([tag.statementId]))
      else statements.add(tag.statementId)
    }
    const statementsPerQuestion = new Map([...statementsByQuestion].map(([questionId, statements]) => [questionId, statements.size]))
    this.#tagIndex = { list, byStatement, statementsPerQuestion }
    return this.#tagIndex
  }
}
