export { parseConceptNote } from './parse-concept-note.ts'
export { normalizeText } from './normalize.ts'
export { classifyOutcome } from './outcome.ts'
export type { Organ } from './origin.ts'
export {
  CONCEPT_NOTE_WARNING_CODES,
  type ConceptNoteWarning,
  type ConceptNoteWarningCode,
  type NoteLanguage,
  type OutcomeKind,
  type ParsedConceptNote,
  type ParsedQuestion
} from './types.ts'
