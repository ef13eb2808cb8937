// Direction of text, for formats that must state it (Word): which way a paragraph reads, and how its
// text splits into runs of one direction. A simplified Unicode Bidirectional Algorithm (UAX #9): strong
// letters decide; spaces, punctuation and digits between two letters of one direction go with them, and
// elsewhere with the paragraph — so the full stop after an English word at the end of an Arabic sentence
// stays at the sentence's end.

/** Hebrew, Syriac, Arabic, Thaana, N'Ko… the Arabic and Hebrew presentation forms, and the RIGHT-TO-LEFT MARK. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f]/u
/** A letter, or the LEFT-TO-RIGHT MARK. */
const LETTER = /[\p{L}\u200e]/u

type Strength = 'rtl' | 'ltr' | 'neutral'

function strength (character: string): Strength {
  if (RIGHT_TO_LEFT.test(character)) return 'rtl'
  return LETTER.test(character) ? 'ltr' : 'neutral'
}

/** The direction of the first strong letter (as `dir="auto"` decides); null when there is none. */
export function textDirection (text: string): 'rtl' | 'ltr' | null {
  for (const character of text) {
    const found = strength(character)
    if (found !== 'neutral') return found
  }
  return null
}

/**
 * `text` made to keep its own direction inside a paragraph of the other one: a mark of its direction
 * at each end, so neutrals at its edges (the full stop after an Arabic sentence in an English line)
 * stay with it. Word and LibreOffice both honour the marks; a run's `rtl` property alone does not move
 * punctuation.
 */
export function isolated (text: string, paragraphRtl: boolean): string {
  const own = textDirection(text)
  if (own === null || (own === 'rtl') === paragraphRtl) return text
  const mark = own === 'rtl' ? '\u200f' : '\u200e'
  return `${mark}${text}${mark}`
}

export interface DirectionalRun {
  readonly text: string
  readonly rtl: boolean
}

/** `text` as runs of one direction each, in logical order, inside a paragraph that reads `paragraphRtl`. */
export function directionalRuns (text: string, paragraphRtl: boolean): DirectionalRun[] {
  // Maximal stretches of one strength.
  const stretches: { text: string; strength: Strength }[] = []
  for (const character of text) {
    const found = strength(character)
    const last = stretches.at(-1)
    if (last?.strength === found) last.text += character
    else stretches.push({ text: character, strength: found })
  }
  const resolved = stretches.map((stretch, index) => {
    if (stretch.strength !== 'neutral') return { text: stretch.text, rtl: stretch.strength === 'rtl' }
    const before = stretches[index - 1]?.strength
    const after = stretches[index + 1]?.strength
    return { text: stretch.text, rtl: before !== undefined && before === after ? before === 'rtl' : paragraphRtl }
  })
  const runs: DirectionalRun[] = []
  for (const run of resolved) {
    const last = runs.at(-1)
    if (last?.rtl === run.rtl) runs[runs.length - 1] = { text: last.text + run.text, rtl: run.rtl }
    else runs.push(run)
  }
  return runs
}
