// The material for drafting the outcome: per guiding question, who addressed it, with what, and for
// how long; and the chronological record of the meeting.
import { cellKey, coverage, speakerKey, spokenMs, substantiveStatements } from './coverage.ts'
import type { Highlight, NotesSnapshot } from './notes.ts'
import type { ControlState, GroupMember, GuidingQuestion, Segment, Statement } from './types.ts'
import { isWritten, writtenStatements } from './written.ts'
import { entityById } from './lookup.ts'

export interface RecordEntry {
  /** 1-based place in the order of delivery (points of order included). */
  readonly order: number
  readonly statement: Statement
  readonly segment: Segment | null
  readonly onBehalfOf: string | null
  /** Who the group statement spoke for, as the speaker's `onBehalfOf` gives them; [] when none. */
  readonly groupMembers: readonly GroupMember[]
  readonly spokenMs: number
  readonly questions: readonly GuidingQuestion[]
  readonly notes: string
  readonly highlights: readonly Highlight[]
}

export interface QuestionDigest {
  readonly question: GuidingQuestion
  readonly speakingMs: number
  /** In order of delivery; one per statement that touched the question. */
  readonly contributions: readonly {
    readonly speaker: string
    readonly statement: Statement
    readonly notes: string
    readonly highlights: readonly Highlight[]
  }[]
}

export interface Digest {
  readonly record: readonly RecordEntry[]
  /** Statements circulated in writing (issue 14): listed apart, tagged like any other. */
  readonly written: readonly RecordEntry[]
  readonly questions: readonly QuestionDigest[]
}

/** The statements delivered on the floor, in order; those circulated in writing are `writtenRecord`'s. */
export function chronologicalRecord (state: ControlState, notes: NotesSnapshot, nowMs: number): RecordEntry[] {
  const delivered = Object.values(state.statements)
    .filter((statement) => !isWritten(statement))
    .sort(inOrderOfDelivery)
  return recordEntries(state, delivered, notes, nowMs)
}

/**
 * By start; statements that started in the same millisecond (a fast script, a point of order raised as
 * the floor was given) by what must have come first: the interrupted statement before its point of order,
 * one that already ended before one that goes on; then by id in plain code units, so the order never varies.
 */
function inOrderOfDelivery (a: Statement, b: Statement): number {
  const pointOfOrder = (statement: Statement) => (statement.kind === 'point-of-order' ? 1 : 0)
  const end = (statement: Statement) => statement.endedAtMs ?? Number.MAX_SAFE_INTEGER
  return a.startedAtMs - b.startedAtMs || pointOfOrder(a) - pointOfOrder(b) || end(a) - end(b) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** The statements circulated in writing, numbered apart from those delivered. */
export function writtenRecord (state: ControlState, notes: NotesSnapshot, nowMs: number): RecordEntry[] {
  return recordEntries(state, writtenStatements(state), notes, nowMs)
}

function recordEntries (state: ControlState, statements: readonly Statement[], notes: NotesSnapshot, nowMs: number): RecordEntry[] {
  const tagged = new Set(notes.tags.map((tag) => cellKey(tag.statementId, tag.questionId)))
  return statements
    .map((statement, index) => {
      const speaker = statement.speakerId === null ? undefined : entityById(state.speakers, statement.speakerId)
      return {
        order: index + 1,
        statement,
        segment: statement.segmentId === null ? null : (entityById(state.segments, statement.segmentId) ?? null),
        onBehalfOf: speaker?.onBehalfOf?.group ?? null,
        groupMembers: speaker?.onBehalfOf?.members ?? [],
        spokenMs: spokenMs(state, statement, nowMs),
        questions: state.questions.filter((question) => tagged.has(cellKey(statement.id, question.id))),
        notes: notes.notes[statement.id] ?? '',
        highlights: notes.highlights.filter((highlight) => highlight.statementId === statement.id)
      }
    })
}

export function digest (state: ControlState, notes: NotesSnapshot, nowMs: number): Digest {
  const covered = coverage(state, notes, nowMs)
  const statements = substantiveStatements(state)
  return {
    record: chronologicalRecord(state, notes, nowMs),
    written: writtenRecord(state, notes, nowMs),
    questions: covered.questions.map((figures) => ({
      question: figures.question,
      speakingMs: figures.speakingMs,
      contributions: statements
        .filter((statement) => covered.cells.has(cellKey(statement.id, figures.question.id)))
        .map((statement) => ({
          speaker: statement.delegation === null ? statement.name : `${statement.name} (${speakerKey(statement)})`,
          statement,
          notes: notes.notes[statement.id] ?? '',
          highlights: notes.highlights.filter((highlight) => highlight.statementId === statement.id)
        }))
    }))
  }
}
