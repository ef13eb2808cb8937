import type { Author } from '../../shared/doc/notes.ts'
import type { Highlight, HighlightKind, Tag } from '../../shared/domain/notes.ts'
import type { ControlState, GuidingQuestion, QuestionId, Statement, StatementId } from '../../shared/domain/types.ts'
import type { MeetingSession } from './meeting-session.svelte.ts'
import type { NotesPresence, Peer } from './notes-presence.ts'
import type { NotesBinding, SessionNotes } from './session-notes.svelte.ts'
import { browserIdleTimer, StatementReview, type IdleTimer } from './statement-review.svelte.ts'

export interface QuestionRow {
  readonly question: GuidingQuestion
  /** 1–9 for the first nine questions: the key that toggles it. */
  readonly key: string | null
  readonly mine: boolean
  /** Note-takers who tagged this statement with the question, and of how many who tag at all. */
  readonly authors: number
  readonly of: number
  readonly names: readonly string[]
}

export interface StatementItem {
  readonly statement: Statement
  readonly live: boolean
  readonly tagCount: number
}

/**
 * A tag changed on the statement under review while someone else has the floor: said on the page,
 * since the note-taker may have meant the speaker they are listening to.
 */
export interface TagNotice {
  readonly statement: Statement
  readonly question: GuidingQuestion
  readonly added: boolean
  /** Who had the floor when the tag was pressed. */
  readonly live: Statement
}

export interface NotesDeskOptions {
  /** Where the author id and display name are kept; omitted: the browser's localStorage. */
  readonly storage?: Pick<Storage, 'getItem' | 'setItem'> | null
  /** The default display name, in the reader's language, from a number stable for this browser. */
  readonly defaultName?: (n: number) => string
  /** Presence with the other note-takers (on a link that can share it); false in tests that do not need it. */
  readonly presence?: boolean
  /** Ends a review after the note-taker's idle time; omitted: the browser's setTimeout. */
  readonly idleTimer?: IdleTimer
  readonly reviewIdleMs?: number
  /** How long after the last keystroke the note-taker still counts as writing; see noteTyping. */
  readonly writingMs?: number
}

const ID_KEY = 'rostrum.notes.authorId'
const NAME_KEY = 'rostrum.notes.name'
const MAX_NAME_LENGTH = 60
/** A pause this long ends a sentence: typing within it is still the sentence begun on the statement. */
export const WRITING_MS = 8_000

/**
 * A note-taker's workspace over a MeetingSession and its notes: which statement is
 * in focus (the live one, unless the note-taker is reviewing an earlier one), the guiding-question
 * tags on it with the agreement among note-takers, highlights, and who else is present where.
 */
export class NotesDesk {
  readonly #session: MeetingSession
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null
  readonly #defaultName: (n: number) => string
  readonly #presence: NotesPresence | null
  readonly #unsubscribePresence: () => void
  readonly #unsubscribeClient: () => void
  readonly authorId: string
  #customName = $state<string | null>(null)
  readonly #review: StatementReview
  readonly #timer: IdleTimer
  readonly #writingMs: number
  #stopWriting: (() => void) | null = null
  /** The statement followed at the last change of the control state: to see the floor move on. */
  #lastFollowedId: StatementId | null = null
  #tagNotice = $state.raw<TagNotice | null>(null)
  #peers = $state.raw<readonly Peer[]>([])

  constructor (session: MeetingSession, options: NotesDeskOptions = {}) {
    this.#session = session
    this.#storage = options.storage === undefined ? browserStorage() : options.storage
    this.#defaultName = options.defaultName ?? ((n) => `Note-taker ${n}`)
    this.authorId = this.#read(ID_KEY) ?? this.#write(ID_KEY, randomId())
    this.#customName = this.#read(NAME_KEY)
    this.#timer = options.idleTimer ?? browserIdleTimer
    this.#writingMs = options.writingMs ?? WRITING_MS
    this.#review = new StatementReview({ timer: this.#timer, idleMs: options.reviewIdleMs, onIdle: () => this.followFloor() })
    this.#presence = options.presence === false
      ? null
      : session.notes.openPresence({ authorId: this.authorId, name: this.name, statementId: null })
    this.#unsubscribePresence = this.#presence?.subscribe(() => { this.#peers = this.#presence?.peers() ?? [] }) ?? (() => undefined)
    // The focus follows the floor, which changes with the client's state: presence follows it there
    // rather than in an effect, so it is shared with no component mounted.
    this.#unsubscribeClient = session.onControlChange(() => this.#onControl())
    this.#onControl()
  }

  // Read through getters: field initializers run before the constructor has set the fields.
  get #notes (): SessionNotes {
    return this.#session.notes
  }

  get #tags (): readonly Tag[] {
    return this.#notes.tags
  }

  get #state (): ControlState | null {
    return this.#session.state
  }

  /** Shown to the other note-takers and written into each tag. */
  get name (): string {
    return this.#customName ?? this.#defaultName(defaultNumber(this.authorId))
  }

  get author (): Author {
    return { id: this.authorId, name: this.name }
  }

  /** Tags and highlights in the document that could not be read, left out of the workspace. */
  get unreadable (): number {
    return this.#notes.unreadable
  }

  get peers (): readonly Peer[] {
    return this.#peers
  }

  readonly questions: readonly GuidingQuestion[] = $derived(this.#state?.questions ?? [])

  /** The statement being delivered; during a point of order, the one it interrupted. */
  readonly liveId: StatementId | null = $derived.by(() => {
    const state = this.#state
    if (state === null) return null
    const id = state.floor.statementId
    if (id !== null && state.statements[id]?.kind !== 'point-of-order') return id
    return state.floor.interrupted?.statementId ?? null
  })

  /** Statements with content, the latest first: points of order are procedure, not answers. */
  readonly statements: readonly StatementItem[] = $derived.by(() => {
    const state = this.#state
    if (state === null) return []
    const counts = new Map<string, Set<string>>()
    for (const tag of this.#tags) {
      const questions = counts.get(tag.statementId) ?? new Set<string>()
      questions.add(tag.questionId)
      counts.set(tag.statementId, questions)
    }
    return Object.values(state.statements)
      .filter((statement) => statement.kind !== 'point-of-order')
      .sort((a, b) => b.startedAtMs - a.startedAtMs || b.id.localeCompare(a.id))
      .map((statement) => ({ statement, live: statement.id === this.liveId, tagCount: counts.get(statement.id)?.size ?? 0 }))
  })

  /** Where the workspace is when following the floor: the live statement, else the latest delivered. */
  readonly #followedId: StatementId | null = $derived(this.liveId ?? this.statements[0]?.statement.id ?? null)

  /** The earlier statement the note-taker chose to work on; null while following the floor. */
  readonly reviewingId: StatementId | null = $derived.by(() => {
    const id = this.#review.statementId
    return id !== null && id !== this.#followedId && this.#state?.statements[id] !== undefined ? id : null
  })

  readonly mode: 'follow' | 'review' = $derived(this.reviewingId === null ? 'follow' : 'review')

  /** The statement under review, else the followed one. */
  readonly focusedId: StatementId | null = $derived(this.reviewingId ?? this.#followedId)

  readonly focused: Statement | null = $derived(this.focusedId === null ? null : this.#state?.statements[this.focusedId] ?? null)

  /** The statement being delivered, whichever one is in focus. */
  readonly live: Statement | null = $derived(this.liveId === null ? null : this.#state?.statements[this.liveId] ?? null)

  /** How long a review lasts without a key press or click. */
  get reviewIdleMs (): number {
    return this.#review.idleMs
  }

  /** The last tag changed during a review while someone else spoke; null once the review ends. */
  get tagNotice (): TagNotice | null {
    return this.mode === 'review' ? this.#tagNotice : null
  }

  readonly #taggers = $derived(new Set(this.#tags.map((tag) => tag.authorId)).size)

  readonly rows: readonly QuestionRow[] = $derived.by(() => {
    const id = this.focusedId
    const onStatement = id === null ? [] : this.#notes.tagsOf(id)
    return this.questions.map((question, index) => {
      const tags = onStatement.filter((tag) => tag.questionId === question.id)
      return {
        question,
        key: index < 9 ? String(index + 1) : null,
        mine: tags.some((tag) => tag.authorId === this.authorId),
        authors: tags.length,
        of: this.#taggers,
        names: tags.map((tag) => tag.authorName)
      }
    })
  })

  readonly highlights: readonly Highlight[] = $derived(this.#notes.highlights.filter((highlight) => highlight.statementId === this.focusedId))

  /** The shared notes text of the focused statement, for the editor's textarea; a new one when the focus moves. */
  readonly notes: NotesBinding | null = $derived(this.focusedId === null ? null : this.#notes.binding(this.focusedId))

  /**
   * An earlier statement starts a review: the focus stays on it when the floor changes, until the
   * note-taker goes back, leaves it or stays idle. The followed statement goes back to the floor.
   */
  select (statementId: StatementId): void {
    this.#tagNotice = null
    if (statementId === this.#followedId) this.#review.end()
    else this.#review.start(statementId)
    this.#share()
  }

  /** Back to the live speaker (or the latest statement), and following the floor again. */
  followFloor (): void {
    this.#tagNotice = null
    this.#review.end()
    this.#share()
  }

  /** A key press, click or edit anywhere on the page: a review in progress is still in use. */
  noteActivity (): void {
    this.#review.activity()
  }

  /**
   * A keystroke in the notes. Should the floor move on within `writingMs`, the sentence being typed
   * belongs to the statement it began on: that statement stays, as a review, rather than the rest
   * of the sentence landing in the next speaker's notes.
   */
  noteTyping (): void {
    this.#stopWriting?.()
    this.#stopWriting = this.#timer(this.#writingMs, () => { this.#stopWriting = null })
    this.#review.activity()
  }

  /** The cursor left the notes: nothing is being written any more. */
  leaveNotes (): void {
    this.#stopWriting?.()
    this.#stopWriting = null
  }

  /** Moves the focus through the list: +1 towards older statements, −1 towards newer. */
  step (delta: 1 | -1): void {
    const index = this.statements.findIndex((item) => item.statement.id === this.focusedId)
    const next = this.statements[Math.max(0, Math.min(this.statements.length - 1, index + delta))]
    if (next !== undefined) this.select(next.statement.id)
  }

  /** Tags the statement in focus, or untags it; during a review while someone speaks, says so. */
  toggle (questionId: QuestionId): void {
    const statement = this.focused
    const row = this.rows.find((candidate) => candidate.question.id === questionId)
    if (statement === null || row === undefined) return
    if (row.mine) this.#notes.untag(statement.id, questionId, this.author)
    else this.#notes.tag(statement.id, questionId, this.author, this.#session.serverNowMs())
    this.#review.activity()
    const live = this.live
    this.#tagNotice = this.mode === 'review' && live !== null && live.id !== statement.id
      ? { statement, question: row.question, added: !row.mine, live }
      : null
  }

  /** The tag the notice is about goes to the speaker who had the floor, and the desk follows the floor. */
  moveTagToLive (): void {
    const notice = this.tagNotice
    if (notice === null || !notice.added) return
    this.#notes.untag(notice.statement.id, notice.question.id, this.author)
    const already = this.#tags.some((tag) => tag.statementId === notice.live.id && tag.questionId === notice.question.id && tag.authorId === this.authorId)
    if (!already) this.#notes.tag(notice.live.id, notice.question.id, this.author, this.#session.serverNowMs())
    this.followFloor()
  }

  /**
   * A digit (by position) or a question's label ("أ", "b"); given several (see tagKeysOf), the first
   * that names a question. True when it toggled something.
   */
  toggleByKey (...keys: readonly string[]): boolean {
    for (const key of keys) {
      const wanted = normaliseLabel(key)
      if (wanted === '') continue
      const row = this.rows.find((candidate) => candidate.key === wanted) ??
        this.rows.find((candidate) => normaliseLabel(candidate.question.label) === wanted)
      if (row === undefined) continue
      this.toggle(row.question.id)
      return true
    }
    return false
  }

  highlight (kind: HighlightKind, text: string): Highlight | null {
    const id = this.focusedId
    const marked = text.trim()
    if (id === null || marked === '') return null
    return this.#notes.highlight(id, { kind, text: marked }, this.author, this.#session.serverNowMs())
  }

  rename (name: string): void {
    const trimmed = name.trim().slice(0, MAX_NAME_LENGTH)
    this.#customName = trimmed === '' ? null : trimmed
    this.#write(NAME_KEY, trimmed)
    this.#share()
  }

  destroy (): void {
    this.#unsubscribeClient()
    this.#unsubscribePresence()
    this.#presence?.destroy()
    this.#review.destroy()
    this.leaveNotes()
  }

  #onControl (): void {
    const followed = this.#followedId
    const writingIn = this.#stopWriting === null || this.#review.statementId !== null ? null : this.#lastFollowedId
    if (followed !== this.#lastFollowedId && writingIn !== null) this.#review.start(writingIn)
    this.#lastFollowedId = followed
    this.#share()
  }

  #share (): void {
    this.#presence?.setLocal({ authorId: this.authorId, name: this.name, statementId: this.focusedId })
  }

  #read (key: string): string | null {
    try {
      const value = this.#storage?.getItem(key) ?? null
      return value === null || value === '' ? null : value
    } catch {
      return null
    }
  }

  #write (key: string, value: string): string {
    try {
      this.#storage?.setItem(key, value)
    } catch {
      // Blocked storage: the id and name last for this page only.
    }
    return value
  }
}

function browserStorage (): Pick<Storage, 'getItem' | 'setItem'> | null {
  return typeof localStorage === 'undefined' ? null : localStorage
}

function randomId (): string {
  const bytes = new Uint8Array(9)
  crypto.getRandomValues(bytes)
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** 1–99 from the id: different note-takers rarely share a default name, and it never changes. */
export function defaultNumber (authorId: string): number {
  let hash = 0
  for (let i = 0; i < authorId.length; i++) hash = (hash * 31 + authorId.charCodeAt(i)) >>> 0
  return (hash % 99) + 1
}

/** "هـ" and "ه" match, as do "B" and "b": the keyboard rarely types the tatweel. */
export function normaliseLabel (label: string): string {
  return label.replace(/[\u0640()\s.]/g, '').toLowerCase()
}
