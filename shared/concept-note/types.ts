import type { Organ } from './origin.ts'

export type OutcomeKind = 'presidential-statement' | 'resolution' | 'press-statement' | 'summary'

export type NoteLanguage = 'ar' | 'en' | 'fr' | 'es'

export interface ParsedQuestion {
  /** The item's marker without brackets or punctuation ("أ", "هـ", "b", "3"); "1.a" when nested. */
  readonly label: string
  readonly text: string
  /** The heading of the topic a nested question sits under. */
  readonly group?: string
}

/** Stable codes: the client translates by code, the message is the English fallback. */
export const CONCEPT_NOTE_WARNING_CODES = [
  'NO_TITLE',
  'TITLE_GUESSED',
  'NO_DATE',
  'NO_TIME',
  'AMBIGUOUS_DATE',
  'DATE_YEAR_INFERRED',
  'DATE_WEEKDAY_MISMATCH',
  'NO_QUESTIONS',
  'NO_QUESTIONS_HEADING_FALLBACK',
  'TOO_MANY_QUESTIONS',
  'LABELS_GENERATED',
  'DUPLICATE_LABELS',
  'NO_BRIEFERS',
  'NO_OUTCOME',
  'OUTCOME_WITHOUT_HEADING',
  'OUTCOME_KIND_UNKNOWN'
] as const

export type ConceptNoteWarningCode = (typeof CONCEPT_NOTE_WARNING_CODES)[number]

export interface ConceptNoteWarning {
  readonly code: ConceptNoteWarningCode
  /** The field of the result the warning is about, for the review screen to point at. */
  readonly field: 'title' | 'date' | 'questions' | 'briefers' | 'outcome'
  readonly message: string
}

/** What the import found. Every field is a proposal: the user reviews and edits all of it. */
export interface ParsedConceptNote {
  readonly title: string | null
  /** Local time as written: "2021-11-16T10:00", or "2021-11-16" when the note gives no time. */
  readonly date: string | null
  readonly questions: readonly ParsedQuestion[]
  readonly briefers: readonly string[]
  readonly outcome: string | null
  readonly outcomeKind: OutcomeKind | null
  /** The note's language as far as its words tell. */
  readonly language: NoteLanguage | null
  /** 'security-council' when the letter or the note's heading names the Council; null otherwise. */
  readonly organ: Organ | null
  /** For a Council note, the State presiding, as its letter names it ("Mexico", "المكسيك"); null if not found. */
  readonly presidency: string | null
  readonly warnings: readonly ConceptNoteWarning[]
}
