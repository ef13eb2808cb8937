// Which guiding questions the debate has touched, from the note-takers' tags: the heat-map, the
// per-question figures and the "not yet addressed" signals the chair watches.
import type { NotesSnapshot } from './notes.ts'
import { elapsedMs } from './timer.ts'
import type { ControlState, DelegationCode, GuidingQuestion, QuestionId, Statement, StatementId } from './types.ts'

/** Statements that carry content: points of order are procedure, not answers to the questions. */
export function substantiveStatements (state: ControlState): Statement[] {
  return Object.values(state.statements)
    .filter((statement) => statement.kind !== 'point-of-order')
    .sort((a, b) => a.startedAtMs - b.startedAtMs || a.id.localeCompare(b.id))
}

/** Speaking time so far: the recorded duration, or the running clock for the statement on the floor. */
export function spokenMs (state: ControlState, statement: Statement, nowMs: number): number {
  if (statement.durationMs !== null) return statement.durationMs
  return state.timer.statementId === statement.id ? elapsedMs(state.timer, nowMs) : 0
}

export interface Agreement {
  /** Note-takers who tagged this statement with this question. */
  readonly authors: number
  /** Note-takers who tagged anything in the meeting. */
  readonly of: number
}

export interface QuestionCoverage {
  readonly question: GuidingQuestion
  readonly statementCount: number
  readonly delegations: readonly string[]
  readonly speakingMs: number
  /** Of all substantive speaking time so far, 0–1. */
  readonly shareOfTime: number
  /** Statements delivered since the last one that touched it (0: the latest did); null: never. */
  readonly statementsSinceLast: number | null
}

export interface Coverage {
  readonly statements: readonly Statement[]
  readonly questions: readonly QuestionCoverage[]
  /** `${statementId}|${questionId}` → agreement; absent where no one tagged. */
  readonly cells: ReadonlyMap<string, Agreement>
  /** Question → delegation (or speaker name, for briefers) → statements that touched it. */
  readonly byDelegation: ReadonlyMap<QuestionId, ReadonlyMap<string, number>>
  readonly noteTakers: number
  readonly notYetAddressed: readonly GuidingQuestion[]
  /**
   * Tags on delivered statements whose question the chair has since removed: they stay in the notes
   * document, are counted here so no report drops them silently, and count for nothing else.
   */
  readonly orphanedTags: number
}

export function cellKey (statementId: StatementId, questionId: QuestionId): string {
  return `${statementId}|${questionId}`
}

/** Who spoke, for grouping: the delegation's code, or the speaker's name when there is none. */
export function speakerKey (statement: Statement): DelegationCode | string {
  return statement.delegation ?? statement.name
}

export function coverage (state: ControlState, notes: NotesSnapshot, nowMs: number): Coverage {
  const statements = substantiveStatements(state)
  const known = new Set(statements.map((statement) => statement.id as string))
  const authorsByCell = new Map<string, Set<string>>()
  const noteTakers = new Set<string>()
  for (const tag of notes.tags) {
    noteTakers.add(tag.authorId)
    if (!known.has(tag.statementId)) continue
    const key = cellKey(tag.statementId, tag.questionId)
    const authors = authorsByCell.get(key) ?? new Set<string>()
    authors.add(tag.authorId)
    authorsByCell.set(key, authors)
  }
  const questionIds = new Set(state.questions.map((question) => question.id as string))
  const orphanedTags = notes.tags.filter((tag) => known.has(tag.statementId) && !questionIds.has(tag.questionId)).length
  const cells = new Map<string, Agreement>()
  for (const [key, authors] of authorsByCell) cells.set(key, { authors: authors.size, of: noteTakers.size })

  const totalMs = statements.reduce((sum, statement) => sum + spokenMs(state, statement, nowMs), 0)
  const byDelegation = new Map<QuestionId, Map<string, number>>()
  const questions = state.questions.map((question): QuestionCoverage => {
    const touching = statements.filter((statement) => cells.has(cellKey(statement.id, question.id)))
    const counts = new Map<string, number>()
    for (const statement of touching) counts.set(speakerKey(statement), (counts.get(speakerKey(statement)) ?? 0) + 1)
    byDelegation.set(question.id, counts)
    const speakingMs = touching.reduce((sum, statement) => sum + spokenMs(state, statement, nowMs), 0)
    const last = touching.at(-1)
    return {
      question,
      statementCount: touching.length,
      delegations: [...counts.keys()],
      speakingMs,
      shareOfTime: totalMs === 0 ? 0 : speakingMs / totalMs,
      statementsSinceLast: last === undefined ? null : statements.length - 1 - statements.indexOf(last)
    }
  })
  return {
    statements,
    questions,
    cells,
    byDelegation,
    noteTakers: noteTakers.size,
    notYetAddressed: questions.filter((q) => q.statementCount === 0).map((q) => q.question),
    orphanedTags
  }
}
