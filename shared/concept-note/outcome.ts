import { paragraphs, stripParagraphNumber } from './sections.ts'
import type { OutcomeKind } from './types.ts'

// Tried in this order: "press statement" before the "statement" of a presidential one.
const KINDS: readonly (readonly [OutcomeKind, RegExp])[] = [
  ['press-statement', /press\s+statement|statement\s+to\s+the\s+press|déclaration\s+(?:à\s+la|de)\s+presse|declaraci[oó]n\s+(?:a\s+la|de)\s+prensa|بيان\s+(?:صحفي|للصحافة|إلى\s+الصحافة)/iu],
  ['presidential-statement', /presidential\s+statement|statement\s+by\s+the\s+president|PRST|déclaration\s+(?:présidentielle|du\s+président|de\s+la\s+présidence)|declaraci[oó]n\s+(?:presidencial|de\s+la\s+presidencia|del\s+presidente)|بيان\s+رئاسي|بيان\s+من\s+(?:الرئيس|رئيس\s+المجلس)/iu],
  ['resolution', /resolution|résolution|resoluci[oó]n|(?<![\p{L}])قرار(?:اً|ا)?(?![\p{L}])|مشروع\s+قرار/iu],
  ['summary', /summary|résumé|synthèse|resumen|موجز|ملخص/iu]
]
/** "No outcome document is expected": a known answer, not a failure to read one. */
const NO_OUTCOME = /\bno\s+(?:formal\s+)?outcome|not\s+expected\s+to\s+(?:adopt|issue)|aucun\s+document\s+final|pas\s+de\s+document\s+final|no\s+se\s+prev[eé]|ning[uú]n\s+documento\s+final|لا\s+يتوقع|لا\s+يُتوقع|لن\s+تصدر/iu
const EXPECTATION = /expected|is\s+envisaged|intends\s+to|aims\s+to\s+adopt|prévu|attendu|envisag|se\s+prev[eé]|se\s+espera|المتوقع|يتوقع|يُتوقع|يعتزم/iu

export interface OutcomeResult {
  readonly outcome: string | null
  readonly kind: OutcomeKind | null
  /** The note says there will be no outcome document. */
  readonly none: boolean
  readonly fromHeading: boolean
}

export function classifyOutcome (text: string): OutcomeKind | null {
  let best: { kind: OutcomeKind; index: number } | null = null
  for (const [kind, pattern] of KINDS) {
    const m = pattern.exec(text)
    if (m !== null && (best === null || m.index < best.index)) best = { kind, index: m.index }
  }
  return best?.kind ?? null
}

/** The expected-outcome section's text, or a sentence elsewhere that expects an outcome document. */
export function findOutcome (section: readonly string[] | null, wholeText: string): OutcomeResult {
  if (section !== null) {
    const text = paragraphs(section).map(stripParagraphNumber).join('\n')
    if (text !== '') return { outcome: text, kind: classifyOutcome(text), none: NO_OUTCOME.test(text), fromHeading: true }
  }
  const sentences = wholeText.split(/(?<=[.!?؟])\s+|\n+/u)
  const sentence = sentences.find((s) => EXPECTATION.test(s) && (classifyOutcome(s) !== null || NO_OUTCOME.test(s)))
  if (sentence === undefined) return { outcome: null, kind: null, none: false, fromHeading: false }
  const text = stripParagraphNumber(sentence.trim())
  return { outcome: text, kind: classifyOutcome(text), none: NO_OUTCOME.test(text), fromHeading: false }
}
