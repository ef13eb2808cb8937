import { readMarker, type MarkedLine } from './markers.ts'
import { collapseSpaces, trimEnd } from './normalize.ts'
import { paragraphs, stripParagraphNumber } from './sections.ts'

// "Briefings by A, B and C, followed by…": where the list starts, and where the sentence moves on.
/** A name with a role and an affiliation fits; a sentence does not. */
const MAX_ENTRY = 200

const LIST_START = /(?:briefings?\s+(?:will\s+be\s+(?:given|provided|delivered)\s+)?by|(?:will\s+be\s+)?briefed\s+by|briefers?\s+(?:will\s+)?(?:include|are|is)\s*:?|briefers\s*:|(?:the\s+)?speakers?\s+(?:will\s+)?(?:include|are)\s*:?|exposés?\s+(?:présentés?\s+|faits?\s+)?(?:par|du|de(?:s(?=\s))?)|intervenants?\s*(?:seront|sera)?\s*:|exposiciones(?:\s+informativas)?\s+(?:a\s+cargo\s+)?de(?:l(?=\s))?|ponentes\s*(?:serán)?\s*:|información\s+(?:a\s+cargo\s+)?de(?:l(?=\s))?|إحاطات?\s+(?:يقدمها|تقدمها|يدلي\s+بها|من)|مقدمو\s+الإحاطات\s*(?:هم)?\s*:?|يقدم\s+الإحاطات?)\s*/iu
const LIST_END = /\s*(?:,?\s+followed\s+by|,?\s+after\s+which|;\s+(?:and\s+)?then|,?\s+suivis?\s|,?\s+seguid[ao]s?\s|\s+(?:are|will\s+be)\s+(?:expected|planned|foreseen)|\s+(?:sont|seront|est|sera)\s+(?:prévu|attendu)|\s+(?:están|serán|está)\s+previst|،?\s*(?:و?تليها|ثم)\s|(?<!(?:^|[\s(])(?:mr|ms|mrs|dr|st|m|sr|sra|prof|h\.e|d|dña|excmo|excma))\.(?:\s|$)|؛|\n)/iu

/** Words a briefer's entry starts with, after "and"/"et"/"y"/"و": a person or an office. */
const ARABIC_TITLES = '(?:ال)?(?:رئيس|رئيسة|أمين|أمينة|مدير|مديرة|ممثل|ممثلة|مبعوث|مبعوثة|مفوض|مفوضة|نائب|نائبة|وكيل|وكيلة|مستشار|مستشارة|منسق|منسقة|مقرر|مقررة|قائد|قائدة|سيد|سيدة|دكتور|دكتورة|أستاذ|أستاذة|سفير|سفيرة|مساعد|مساعدة|عضو|وزير|وزيرة|معالي|سعادة|فخامة)'
const LATIN_NEXT = "(?:the|a|an|mr\\.?|ms\\.?|mrs\\.?|dr\\.?|h\\.\\s?e\\.|professor|prof\\.|le|la|les|l'|un|une|des|de|du|d'|m\\.|mme|son\\s+excellence|el|los|las|un|una|sr\\.?|sra\\.?|excmo\\.?|excma\\.?|d\\.|dña\\.)"

const SPLIT_AND = new RegExp(`\\s+(?:and|et|y|e)\\s+(?=${LATIN_NEXT}\\s)|\\s+و(?=${ARABIC_TITLES})`, 'iu')
const ARABIC_AND_TITLE = new RegExp(`^و(?=${ARABIC_TITLES})`, 'u')
const HONORIFIC = /^(?:mr\.?|ms\.?|mrs\.?|dr\.?|h\.\s?e\.|m\.|mme|sr\.?|sra\.?|السيد|السيدة|الدكتور|الدكتورة|سعادة|معالي)\s/iu
/** "du Président", "de la Presidenta", "the President" → "Président", "Presidenta", "President". */
const LEADING_ARTICLE = /^(?:(?:de|du|des)\s+)?(?:(?:the|le|la|les|el|los|las)\s+|l')?/iu

/**
 * The briefers: list items under a participation heading, or the office-holders named after
 * "briefings by" in its first sentence ("رئيس الجمعية العامة ورئيس المجلس… والأمين العام" → four).
 */
export function findBriefers (section: readonly string[] | null, wholeText: string): string[] {
  if (section !== null) {
    const fromSection = fromSentence(paragraphs(section).map(stripParagraphNumber).join('\n'))
    if (fromSection.length > 0) return fromSection
    const items = listItems(section)
    if (items.length > 0) return items.map((text) => capitalise(tidy(text))).filter((name) => name !== '')
  }
  return fromSentence(wholeText)
}

/**
 * A list under the heading, one briefer an item. The note numbers its own paragraphs ("3. The
 * following briefers have been invited:", "4. Member States are encouraged…") and those read as
 * list items too: they are prose around the list, so where the section also has items marked
 * otherwise ("(a)", "•"), only those are the list; and a line that introduces a list is never a name.
 */
function listItems (section: readonly string[]): string[] {
  const marked = section.map((line) => readMarker(line, () => undefined)).filter((m): m is MarkedLine => m !== null && m.text.length <= MAX_ENTRY)
  const isParagraphNumber = (m: MarkedLine) => m.marker.alphabet === 'digit' && !m.marker.style.startsWith('(')
  const list = marked.some((m) => !isParagraphNumber(m)) ? marked.filter((m) => !isParagraphNumber(m)) : marked
  return list.map((m) => m.text).filter((text) => !/:\s*$/u.test(text))
}

function fromSentence (text: string): string[] {
  const start = LIST_START.exec(text)
  if (start === null) return []
  const rest = text.slice(start.index + start[0].length)
  const end = LIST_END.exec(rest)
  const list = end === null ? rest : rest.slice(0, end.index)
  return splitList(list)
}

function splitList (list: string): string[] {
  const byComma = list.includes(';') ? list.split(/\s*;\s*/u) : list.split(/\s*[,،]\s*/u)
  const parts = byComma
    .flatMap((part) => part.replace(/^(?:and|et|y|e)\s+/iu, '').split(SPLIT_AND))
    .map((part) => part.replace(ARABIC_AND_TITLE, ''))
    .map(tidy)
    .filter((part) => part !== '')
  if (!parts.some((part) => HONORIFIC.test(part))) return parts.map(capitalise)
  // "Ms. Jane Doe, Executive Director of X, and Mr. Roe": a role after a name is part of that entry.
  const merged: string[] = []
  for (const part of parts) {
    if (merged.length > 0 && !HONORIFIC.test(part)) merged[merged.length - 1] = `${merged.at(-1)!}, ${part}`
    else merged.push(part)
  }
  return merged.map(capitalise)
}

function capitalise (name: string): string {
  return name.charAt(0).toLocaleUpperCase() + name.slice(1)
}

function tidy (name: string): string {
  return trimEnd(collapseSpaces(name).replace(/^[:\-–]\s*/u, ''), '.,;:،؛').replace(LEADING_ARTICLE, '')
}
