import { findBriefers } from './briefers.ts'
import { findMeetingDate } from './dates.ts'
import { detectLanguage } from './language.ts'
import { normalizeText } from './normalize.ts'
import { findOrigin } from './origin.ts'
import { findOutcome } from './outcome.ts'
import { questionsByFallback, questionsInSection } from './questions.ts'
import { splitSections, type Section, type SectionKind } from './sections.ts'
import { findTitle } from './title.ts'
import type { ConceptNoteWarning, ParsedConceptNote } from './types.ts'

/** Past this many, a list is more likely a whole document's paragraphs than a meeting's questions. */
const MAX_EXPECTED_QUESTIONS = 50

/**
 * Reads a concept note pasted or extracted as text. Pure and total: whatever it cannot find or is
 * unsure of comes back as a warning, never as a silent guess.
 */
export function parseConceptNote (input: string): ParsedConceptNote {
  const text = normalizeText(input)
  const lines = text.split('\n')
  const sections = splitSections(lines)
  const first = (kind: SectionKind): Section | null => sections.find((s) => s.kind === kind) ?? null
  const warnings: ConceptNoteWarning[] = []

  const title = findTitle(lines)
  if (title.title === null) warnings.push({ code: 'NO_TITLE', field: 'title', message: 'No title was found; enter the debate\'s theme.' })
  else if (title.guessed) warnings.push({ code: 'TITLE_GUESSED', field: 'title', message: 'The title is the note\'s first heading-like line, not a quoted theme. Check it.' })

  const date = findMeetingDate(text)
  warnings.push(...date.warnings)

  const questions = findQuestions(sections, lines)
  warnings.push(...questions.warnings)

  const participation = first('participation')
  const briefers = findBriefers(participation?.lines ?? null, text)
  if (briefers.length === 0) warnings.push({ code: 'NO_BRIEFERS', field: 'briefers', message: 'No briefers were found in a participation paragraph; add them.' })

  const outcome = findOutcome(first('outcome')?.lines ?? null, text)
  if (outcome.outcome === null) {
    warnings.push({ code: 'NO_OUTCOME', field: 'outcome', message: 'No expected outcome was found; enter it if there is one.' })
  } else {
    if (!outcome.fromHeading) warnings.push({ code: 'OUTCOME_WITHOUT_HEADING', field: 'outcome', message: 'The expected outcome was taken from a sentence, not from an "Expected outcome" section. Check it.' })
    if (outcome.kind === null && !outcome.none) warnings.push({ code: 'OUTCOME_KIND_UNKNOWN', field: 'outcome', message: 'The kind of outcome document (presidential statement, resolution…) is not clear.' })
  }

  const origin = findOrigin(lines.slice(0, sections[0]?.start ?? lines.length).join('\n'))

  return {
    title: title.title,
    date: date.date,
    questions: questions.questions,
    briefers,
    outcome: outcome.outcome,
    outcomeKind: outcome.kind,
    language: detectLanguage(text),
    organ: origin.organ,
    presidency: origin.presidency,
    warnings
  }
}

function findQuestions (sections: readonly Section[], lines: readonly string[]) {
  const headed = sections.filter((s) => s.kind === 'questions')
  for (const section of headed) {
    const found = questionsInSection(section.lines, section.start + 1)
    if (found.questions.length > 0) return withCountCheck(found)
  }
  const fallback = questionsByFallback(lines)
  if (fallback.questions.length === 0) {
    const message = headed.length > 0
      ? 'A guiding-questions heading was found but no questions under it; add them.'
      : 'No guiding questions were found; add them.'
    return { questions: [], warnings: [...fallback.warnings, { code: 'NO_QUESTIONS', field: 'questions', message } satisfies ConceptNoteWarning] }
  }
  const notice: ConceptNoteWarning = {
    code: 'NO_QUESTIONS_HEADING_FALLBACK',
    field: 'questions',
    message: 'No guiding-questions heading was found; the questions are the note\'s last list of questions. Check them.'
  }
  return withCountCheck({ questions: fallback.questions, warnings: [notice, ...fallback.warnings] })
}

function withCountCheck<T extends { questions: readonly unknown[]; warnings: ConceptNoteWarning[] }> (found: T): T {
  if (found.questions.length > MAX_EXPECTED_QUESTIONS) {
    found.warnings.push({ code: 'TOO_MANY_QUESTIONS', field: 'questions', message: `${found.questions.length} questions were found, more than a meeting can take (${MAX_EXPECTED_QUESTIONS}); keep the real ones.` })
  }
  return found
}
