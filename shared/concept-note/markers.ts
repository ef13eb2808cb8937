// List markers: "(a)", "(أ)", "(هـ)", "a)", "1.", "12 -", "(iv)", "•". A marker's style (bracket and
// alphabet) decides its nesting level; its label is what the note's readers call the item.

export type Alphabet = 'digit' | 'latin' | 'roman' | 'arabic' | 'bullet'

export interface Marker {
  /** The marker without brackets or trailing punctuation: "أ", "هـ", "b", "3", "iv"; '' for a bullet. */
  readonly label: string
  readonly alphabet: Alphabet
  /** Bracket shape and alphabet, e.g. "(latin)", "digit.", "bullet". */
  readonly style: string
  /** Position in its alphabet (a = 1, أ = 1, iv = 4), for telling (i) after (h) from roman (i). */
  readonly ordinal: number
}

export interface MarkedLine {
  readonly marker: Marker
  readonly text: string
}

/** The abjad order the UN's Arabic documents letter their lists in. */
const ABJAD = ['أ', 'ب', 'ج', 'د', 'ه', 'و', 'ز', 'ح', 'ط', 'ي', 'ك', 'ل', 'م', 'ن', 'س', 'ع', 'ف', 'ص', 'ق', 'ر', 'ش', 'ت', 'ث', 'خ', 'ذ', 'ض', 'ظ', 'غ']
const ARABIC_LETTER = '[\\u0621-\\u064A]\\u0640?'
const TOKEN = `\\d{1,3}|([a-z])\\2|[A-Za-z]|[ivxlIVXL]{1,6}|${ARABIC_LETTER}`

const PARENTHESISED = new RegExp(`^\\s*\\(\\s*(${TOKEN})\\s*\\)\\s*(.*)$`, 'u')
const CLOSED = new RegExp(`^\\s*(${TOKEN})\\s*(\\)|\\.|\\s[-–—]|[-–—](?=\\s))\\s+(.*)$`, 'u')
const BULLET = /^\s*([•◦▪▫●○■□‣⁃∙·*–—\-\uF0B7\uF0A7])\s+(.*)$/u
/** "M. Dupont" and "Mr." are people, not list items; a lone capital with a dot is rarely a question. */
const NOT_A_MARKER = /^M$/

const ROMAN_VALUES: Readonly<Record<string, number>> = { i: 1, v: 5, x: 10, l: 50 }

function romanValue (token: string): number | null {
  const digits = [...token.toLowerCase()].map((c) => ROMAN_VALUES[c])
  if (digits.some((d) => d === undefined)) return null
  let total = 0
  digits.forEach((d, i) => {
    const next = digits[i + 1] ?? 0
    total += d! < next ? -d! : d!
  })
  return total
}

function arabicOrdinal (token: string): number {
  const letter = token.replace(/\u0640/g, '').replace(/[\u0622\u0625\u0627]/u, 'أ')
  return ABJAD.indexOf(letter) + 1
}

/**
 * Reads the marker at the start of a line. `lastOrdinal` answers "what was the last ordinal of this
 * style so far?", so that (i) after (h) is a letter and (i) opening a list is a roman numeral.
 */
export function readMarker (line: string, lastOrdinal: (style: string) => number | undefined): MarkedLine | null {
  const paren = PARENTHESISED.exec(line)
  if (paren !== null) return classify(paren[1]!, '(', ')', paren[3] ?? '', lastOrdinal)
  const closed = CLOSED.exec(line)
  if (closed !== null && !NOT_A_MARKER.test(closed[1]!)) {
    const closing = closed[3]!.trim() === '' ? '-' : closed[3]!.trim()
    return classify(closed[1]!, '', closing === '–' || closing === '—' ? '-' : closing, closed[4] ?? '', lastOrdinal)
  }
  const bullet = BULLET.exec(line)
  if (bullet !== null) {
    // Text from a PDF keeps no indentation to tell bullet levels apart; all bullets are one list.
    return { marker: { label: '', alphabet: 'bullet', style: 'bullet', ordinal: 0 }, text: bullet[2] ?? '' }
  }
  return null
}

function classify (token: string, open: string, close: string, text: string, lastOrdinal: (style: string) => number | undefined): MarkedLine | null {
  const styleOf = (alphabet: Alphabet) => `${open}${alphabet}${close}`
  const make = (alphabet: Alphabet, ordinal: number): MarkedLine =>
    ({ marker: { label: token, alphabet, style: styleOf(alphabet), ordinal }, text })
  if (/^\d+$/.test(token)) return make('digit', Number(token))
  if (/^[\u0621-\u064A]/u.test(token)) {
    const ordinal = arabicOrdinal(token)
    return ordinal === 0 ? null : make('arabic', ordinal)
  }
  const lower = token.toLowerCase()
  const letterOrdinal = lower.charCodeAt(0) - 96 + (lower.length === 2 ? 26 : 0)
  const roman = romanValue(lower)
  if (roman === null) return lower.length === 1 || lower[0] === lower[1] ? make('latin', letterOrdinal) : null
  if (lower.length > 1 && lower[0] !== lower[1]) return make('roman', roman)
  // One letter (or "ii", "xx") that could be either: follow whichever list it continues.
  const latinBefore = lastOrdinal(styleOf('latin'))
  const romanBefore = lastOrdinal(styleOf('roman'))
  if (latinBefore !== undefined && latinBefore === letterOrdinal - 1) return make('latin', letterOrdinal)
  if (romanBefore !== undefined && romanBefore === roman - 1) return make('roman', roman)
  if (lower === 'i' || lower === 'ii') return make('roman', roman)
  return make('latin', letterOrdinal)
}
