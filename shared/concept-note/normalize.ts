// Text pasted from a PDF or a Word file carries invisible marks and platform quirks; every
// extractor works on the cleaned text so one rule covers all of them.

/** Bidi embedding, override and isolate controls, the LRM/RLM/ALM marks, and the BOM. */
const INVISIBLE = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF]/g
/** No-break, narrow no-break (French ": ?"), figure and other fixed-width spaces. */
const ODD_SPACES = /[\u00A0\u2007\u202F\u2000-\u200A\u3000]/g
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g
const EASTERN_ARABIC_INDIC_DIGITS = /[\u06F0-\u06F9]/g

/** Line endings to LF, invisible marks removed, digits to ASCII, odd spaces to plain spaces. */
export function normalizeText (text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029\u000B\u000C\u0085]/g, '\n')
    .replace(INVISIBLE, '')
    .replace(ARABIC_INDIC_DIGITS, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(EASTERN_ARABIC_INDIC_DIGITS, (digit) => String(digit.charCodeAt(0) - 0x06F0))
    .replace(ODD_SPACES, ' ')
    .replace(/\t/g, '  ')
    .split('\n')
    .map((line) => trimEnd(line, ' '))
    .join('\n')
}

/**
 * The text without the trailing characters that are in `chars`. A loop, not `/[…]+$/`: a pattern
 * with no anchor at its start is tried from every position of a long run, quadratic in its length.
 */
export function trimEnd (text: string, chars: string): string {
  let end = text.length
  while (end > 0 && chars.includes(text[end - 1]!)) end--
  return text.slice(0, end)
}

/** One line of running text: inner whitespace collapsed, ends trimmed. */
export function collapseSpaces (text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * A key for comparing words across spellings: case, Latin accents, Arabic short vowels, hamza
 * seats and the tatweel are dropped ("Résultat" ~ "resultat", "الأسئلة" ~ "الاسئلة").
 * Only for matching — the output always keeps the text as written.
 */
export function foldForMatch (text: string): string {
  return collapseSpaces(
    text.normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/\u0640/g, '')
      .replace(/[\u0622\u0623\u0625]/g, '\u0627')
      .replace(/\u0649/g, '\u064A')
      .replace(/[’‘`]/g, "'")
      .toLowerCase()
  )
}
