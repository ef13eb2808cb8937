import { readMarker } from './markers.ts'
import { collapseSpaces, foldForMatch, trimEnd } from './normalize.ts'

export type SectionKind = 'questions' | 'outcome' | 'participation' | 'other'

export interface Section {
  readonly kind: SectionKind
  readonly heading: string
  /** Line index of the heading. */
  readonly start: number
  /** The body: the lines after the heading up to the next heading, the inline rest first if any. */
  readonly lines: readonly string[]
}

// Headings as UN concept notes write them, in the four languages we import. Compared folded
// (no case, accents, hamza seats or short vowels), as a prefix of the heading line.
const HEADINGS: Readonly<Record<SectionKind, readonly string[]>> = {
  questions: [
    'الأسئلة التوجيهية', 'أسئلة توجيهية', 'الأسئلة الإرشادية', 'أسئلة إرشادية', 'الأسئلة المقترحة', 'أسئلة للمناقشة',
    'الأسئلة المطروحة', 'الأسئلة الرئيسية', 'أسئلة رئيسية', 'أسئلة لتوجيه المناقشة',
    'guiding questions', 'guiding question', 'key questions', 'questions for discussion', 'questions for consideration',
    'questions to guide', 'suggested questions', 'proposed questions', 'discussion questions', 'questions for the debate',
    'questions directrices', "questions d'orientation", 'questions a examiner', 'questions proposees', 'questions cles',
    'questions pour le debat', 'questions pour la discussion', 'questions pour orienter',
    'preguntas orientativas', 'preguntas orientadoras', 'preguntas rectoras', 'preguntas guia', 'preguntas clave',
    'preguntas para el debate', 'preguntas para orientar', 'preguntas para la discusion', 'preguntas propuestas'
  ],
  outcome: [
    'النتيجة المتوقعة', 'النتائج المتوقعة', 'الوثيقة الختامية', 'الحصيلة المتوقعة', 'النتيجة',
    'expected outcome', 'expected outcomes', 'outcome', 'outcome document',
    'resultat attendu', 'resultats attendus', 'document final', 'resultat escompte', 'resultats escomptes',
    'resultado previsto', 'resultados previstos', 'resultado esperado', 'resultados esperados', 'documento final'
  ],
  participation: [
    'المشاركة', 'المشاركون', 'مقدمو الإحاطات', 'الإحاطات', 'مقدمو الاحاطات', 'الشكل والمشاركة',
    'participation', 'participants', 'briefers', 'briefings', 'speakers', 'format and participation', 'format',
    'intervenants', 'orateurs', 'format et participation', 'modalites et participation',
    'participacion', 'participantes', 'ponentes', 'exponentes', 'oradores', 'formato y participacion', 'formato'
  ],
  other: [
    'الهدف', 'الأهداف', 'الخلفية', 'معلومات أساسية', 'السياق', 'مقدمة', 'الغرض', 'الطرائق', 'المرفق',
    'background', 'objective', 'objectives', 'purpose', 'introduction', 'context', 'modalities', 'annex', 'logistics',
    'contexte', 'objectif', 'objectifs', 'historique', 'modalites', 'annexe', 'generalites',
    'antecedentes', 'objetivo', 'objetivos', 'contexto', 'modalidades', 'anexo', 'introduccion', 'proposito'
  ]
}

const FOLDED: readonly { kind: SectionKind; phrase: string }[] = (Object.entries(HEADINGS) as [SectionKind, readonly string[]][])
  .flatMap(([kind, phrases]) => phrases.map((phrase) => ({ kind, phrase: foldForMatch(phrase) })))
  // Longest first, so "outcome document" wins over "outcome".
  .sort((a, b) => b.phrase.length - a.phrase.length)

/** "III.", "B.", "3.", "3 -", "أولا -", "ثانياً:" in front of a heading. */
const HEADING_NUMBER = /^(?:[IVXLC]{1,5}|[A-H]|\d{1,2}|(?:أولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا|ثامنا)ً?)\s*[.):\-–]\s*/u
/** A heading's qualifier ("for the debate", "للمناقشة") is short; a sentence is not a heading. */
const MAX_QUALIFIER = 45
const MAX_GENERIC_HEADING = 60

export interface HeadingMatch {
  readonly kind: SectionKind
  /** Text after "Heading:" on the same line, if any. */
  readonly rest: string | null
}

/** A known heading line ("Guiding questions", "III. Expected outcome:", "Résultat attendu : …"), or null. */
export function matchHeading (line: string): HeadingMatch | null {
  const stripped = trimEnd(collapseSpaces(line).replace(HEADING_NUMBER, '').replace(/^[*#_\s]+/, ''), '*_ ')
  if (stripped.length === 0 || stripped.length > 200) return null
  const colon = /^([^:]{1,120}?)\s*:\s*(.*)$/u.exec(stripped)
  const head = colon?.[1] ?? stripped
  const rest = colon !== null && colon[2] !== '' ? colon[2] ?? null : null
  const folded = foldForMatch(head).replace(/[.]$/, '')
  for (const { kind, phrase } of FOLDED) {
    if (folded !== phrase && !folded.startsWith(`${phrase} `)) continue
    const qualifier = folded.slice(phrase.length).trim()
    if (qualifier.length > MAX_QUALIFIER || /[.?!؟;]/.test(qualifier)) continue
    // "Outcome: the Council adopted…" only counts inline when the head is the phrase itself.
    if (rest !== null && qualifier.length > 0) continue
    return { kind, rest }
  }
  return null
}

/** A short stand-alone line with no sentence punctuation: an unknown heading that still ends a section. */
function isGenericHeading (lines: readonly string[], index: number): boolean {
  const line = collapseSpaces(lines[index] ?? '')
  if (line.length === 0 || line.length > MAX_GENERIC_HEADING) return false
  if (/[.?!؟:;,،)]$/.test(line) || !/\p{L}/u.test(line)) return false
  if (/^(?:\(|[\p{L}\d]{1,3}[.)]\s|[•◦▪●■‣⁃∙·*–—-]\s)/u.test(line)) return false
  const blankBefore = index === 0 || (lines[index - 1] ?? '').trim() === ''
  const blankAfter = index === lines.length - 1 || (lines[index + 1] ?? '').trim() === ''
  return blankBefore && blankAfter
}

/** Under guiding questions, a plain line followed by a list is a topic, not the next section. */
function listFollows (lines: readonly string[], index: number): boolean {
  const next = lines.slice(index + 1).find((line) => line.trim() !== '')
  return next !== undefined && readMarker(next, () => undefined) !== null
}

/**
 * The note's sections by their headings. Each runs to the next known heading or stand-alone short
 * line, except that under guiding questions a short line followed by a list is a topic.
 */
export function splitSections (lines: readonly string[]): Section[] {
  const starts: { index: number; kind: SectionKind | null; heading: string; rest: string | null }[] = []
  lines.forEach((line, index) => {
    const match = matchHeading(line)
    if (match !== null) starts.push({ index, kind: match.kind, heading: collapseSpaces(line), rest: match.rest })
    else if (isGenericHeading(lines, index) && !(starts.at(-1)?.kind === 'questions' && listFollows(lines, index))) {
      starts.push({ index, kind: null, heading: collapseSpaces(line), rest: null })
    }
  })
  const sections: Section[] = []
  starts.forEach((start, i) => {
    if (start.kind === null) return
    const end = starts[i + 1]?.index ?? lines.length
    const body = lines.slice(start.index + 1, end)
    sections.push({
      kind: start.kind,
      heading: start.heading,
      start: start.index,
      lines: start.rest === null ? body : [start.rest, ...body]
    })
  })
  return sections
}

/** The paragraphs of a section body (blank-line separated, lines joined), paragraph numbers kept. */
export function paragraphs (lines: readonly string[]): string[] {
  const result: string[] = []
  let current: string[] = []
  for (const line of [...lines, '']) {
    if (line.trim() === '') {
      if (current.length > 0) result.push(collapseSpaces(current.join(' ')))
      current = []
    } else {
      current.push(line)
    }
  }
  return result
}

/** "11 - من المتوقع…", "11. The presidency…" → the text without the paragraph number. */
export function stripParagraphNumber (paragraph: string): string {
  return paragraph.replace(/^\d{1,3}\s*[-–.)]\s+/u, '')
}
