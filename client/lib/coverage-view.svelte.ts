import { cellKey, coverage, speakerKey, type Agreement, type Coverage, type QuestionCoverage } from '../../shared/domain/coverage.ts'
import { digest, type Digest } from '../../shared/domain/digest.ts'
import { EMPTY_NOTES, type NotesSnapshot } from '../../shared/domain/notes.ts'
import type { ControlState, GuidingQuestion, Statement, StatementId } from '../../shared/domain/types.ts'
import type { MeetingSession } from './meeting-session.svelte.ts'

export type ExportFormat = 'json' | 'csv' | 'md' | 'docx'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'docx', 'csv', 'json']

/** One row of the question × statement heat-map: a statement, and its agreement per question. */
export interface StatementRow {
  readonly statement: Statement
  /** In the concept note's order; null where no note-taker tagged it. */
  readonly cells: readonly (Agreement | null)[]
}

/** One row of the question × delegation map: how many of its statements touched each question. */
export interface DelegationRow {
  /** The delegation's code, or the speaker's name for briefers. */
  readonly speaker: string
  /** As its first statement was announced. */
  readonly name: string
  readonly counts: readonly number[]
}

/** What the chair watches: a question not yet addressed, or addressed N statements ago. */
export interface QuestionSignal {
  readonly question: GuidingQuestion
  /** Null: never addressed. */
  readonly statementsSinceLast: number | null
}

/** Where the report page's downloads go: the browser's file saving, behind an interface for tests. */
export interface ExportTransport {
  fetch (url: string, init: { headers: Record<string, string> }): Promise<Response>
  save (blob: Blob, fileName: string): void
}

export interface CoverageViewOptions {
  /** The chair or note-taker token, for the exports; without it there are no downloads. */
  readonly token?: string | null
  /** Origin of the API; the page's own by default. */
  readonly serverUrl?: string
  readonly transport?: ExportTransport
}

/**
 * Shares of speaking time move with the running clock; the heat-map and the signals move with the
 * statements and tags. Re-reading the clock this coarsely keeps the page still between statements.
 */
export const COVERAGE_RESOLUTION_MS = 15_000

/**
 * Coverage of the guiding questions and the outcome digest, over a MeetingSession and its notes:
 * recomputed when the state or the notes change, not on every clock frame.
 */
export class CoverageView {
  readonly #session: MeetingSession
  readonly #options: CoverageViewOptions
  #downloading = $state<ExportFormat | null>(null)
  #downloadFailed = $state(false)

  constructor (session: MeetingSession, options: CoverageViewOptions = {}) {
    this.#session = session
    this.#options = options
  }

  // Read through getters: field initializers run before the constructor has set #session.
  get #state (): ControlState | null {
    return this.#session.state
  }

  get #sessionNowMs (): number {
    return this.#session.nowMs
  }

  readonly #nowMs = $derived(Math.floor(this.#sessionNowMs / COVERAGE_RESOLUTION_MS) * COVERAGE_RESOLUTION_MS)

  /** Everything the note-takers recorded about this meeting's statements, as plain data. */
  readonly notes: NotesSnapshot = $derived.by(() => {
    const state = this.#state
    if (state === null) return EMPTY_NOTES
    return this.#session.notes.snapshot(Object.keys(state.statements) as StatementId[])
  })

  /** Entries of the notes that could not be read and are left out of the figures. */
  readonly unreadable: number = $derived(this.notes.unreadable ?? 0)

  readonly coverage: Coverage | null = $derived(this.#state === null ? null : coverage(this.#state, this.notes, this.#nowMs))

  readonly digest: Digest | null = $derived(this.#state === null ? null : digest(this.#state, this.notes, this.#nowMs))

  readonly questions: readonly QuestionCoverage[] = $derived(this.coverage?.questions ?? [])

  readonly signals: readonly QuestionSignal[] = $derived(
    this.questions.map(({ question, statementsSinceLast }) => ({ question, statementsSinceLast }))
  )

  readonly statementRows: readonly StatementRow[] = $derived.by(() => {
    const covered = this.coverage
    if (covered === null) return []
    return covered.statements.map((statement) => ({
      statement,
      cells: this.questions.map(({ question }) => covered.cells.get(cellKey(statement.id, question.id)) ?? null)
    }))
  })

  /** Every speaker who delivered a substantive statement, in order of first delivery. */
  readonly delegationRows: readonly DelegationRow[] = $derived.by(() => {
    const covered = this.coverage
    if (covered === null) return []
    const names = new Map<string, string>()
    for (const statement of covered.statements) if (!names.has(speakerKey(statement))) names.set(speakerKey(statement), statement.name)
    return [...names].map(([speaker, name]) => ({
      speaker,
      name,
      counts: this.questions.map(({ question }) => covered.byDelegation.get(question.id)?.get(speaker) ?? 0)
    }))
  })

  get noteTakers (): number {
    return this.coverage?.noteTakers ?? 0
  }

  get canDownload (): boolean {
    return (this.#options.token ?? null) !== null && this.#state !== null
  }

  get downloading (): ExportFormat | null {
    return this.#downloading
  }

  get downloadFailed (): boolean {
    return this.#downloadFailed
  }

  /**
   * Fetches an export with the link's token and saves it under the server's file name. Never rejects.
   * `language`: the reader's, so the file speaks it too; without it, the meeting's.
   */
  async download (format: ExportFormat, language?: string): Promise<boolean> {
    const token = this.#options.token ?? null
    const state = this.#state
    const transport = this.#options.transport ?? browserTransport()
    if (token === null || state === null || transport === null) return false
    this.#downloading = format
    this.#downloadFailed = false
    try {
      const base = this.#options.serverUrl ?? ''
      const query = language === undefined ? '' : `?lang=${encodeURIComponent(language)}`
      const response = await transport.fetch(`${base}/api/meetings/${encodeURIComponent(state.meeting.id)}/export.${format}${query}`, {
        headers: { authorization: `Bearer ${token}` }
      })
      if (!response.ok) throw new Error(`export ${format}: HTTP ${response.status}`)
      const fileName = fileNameFrom(response.headers.get('content-disposition')) ?? `${state.meeting.id}.${format}`
      transport.save(await response.blob(), fileName)
      return true
    } catch {
      this.#downloadFailed = true
      return false
    } finally {
      this.#downloading = null
    }
  }
}

/** The server's file name: RFC 6266 `filename*` (UTF-8) first, else the plain `filename`. */
export function fileNameFrom (disposition: string | null): string | null {
  if (disposition === null) return null
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1]
  if (extended !== undefined) {
    try {
      return decodeURIComponent(extended.trim())
    } catch {
      // A malformed encoding: fall back to the ASCII name.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? null
}

function browserTransport (): ExportTransport | null {
  if (typeof document === 'undefined') return null
  return {
    fetch: (url, init) => fetch(url, init),
    save: (blob, fileName) => {
      const url = URL.createObjectURL(blob)
      const anchor = document.createElement('a')
      anchor.href = url
      anchor.download = fileName
      anchor.hidden = true
      document.body.append(anchor)
      anchor.click()
      anchor.remove()
      // Revoked later: some browsers read the URL after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
    }
  }
}
