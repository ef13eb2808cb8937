import { collapseSpaces } from './normalize.ts'

const CONCEPT_NOTE = /مذكرة\s+مفاهيمية|ورقة\s+مفاهيمية|concept\s+(?:note|paper)|note\s+(?:de\s+cadrage|conceptuelle|de\s+synth[eè]se)|nota\s+conceptual|documento\s+(?:de\s+concepto|conceptual)/iu
const THEME = /(?:بشأن\s+موضوع|بعنوان|المعنونة|المعنون|تحت\s+عنوان|on\s+the\s+(?:theme|topic|subject)(?:\s+of)?|entitled|titled|sur\s+le\s+(?:thème|sujet)|intitulée?|ayant\s+pour\s+thème|sobre\s+el\s+tema|titulad[oa]|con\s+el\s+tema|bajo\s+el\s+tema)\s*:?\s*/iu
// Straight, curly, guillemets (with the spaces French puts inside), low-high German-style.
const QUOTED = /"([^"\n]{4,400})"|“([^”\n]{4,400})”|«\s*([^»\n]{4,400}?)\s*»|„([^“”\n]{4,400})[“”]|‘([^’\n]{4,400})’/u
const HEADER_LINE = /^(?:distr\.?|original|arabic|english|french|spanish|russian|chinese|[a-z]\/\d|s\/\d|\d{1,2}\s+\p{L}+\s+\d{4}$|\[)/iu

export interface TitleResult {
  readonly title: string | null
  readonly guessed: boolean
}

function quotedIn (text: string): string | null {
  const m = QUOTED.exec(text)
  if (m === null) return null
  return collapseSpaces(m.slice(1).find((g) => g !== undefined) ?? '') || null
}

/**
 * The debate's theme: quoted on the concept note's own heading line, or after "on the theme", or the
 * line after a bare "Concept note" heading. Failing those, the first heading-like line, flagged.
 */
export function findTitle (lines: readonly string[]): TitleResult {
  for (const [index, line] of lines.entries()) {
    const heading = CONCEPT_NOTE.exec(line)
    if (heading === null || line.slice(0, heading.index).trim() !== '') continue
    const quoted = quotedIn(line)
    if (quoted !== null) return { title: quoted, guessed: false }
    const rest = collapseSpaces(line.slice(heading.index + heading[0].length))
    if (/^[:–—-]\s*\S/u.test(rest)) return { title: rest.replace(/^[:–—-]\s*/u, ''), guessed: false }
    if (rest === '') {
      const next = lines.slice(index + 1).find((l) => l.trim() !== '')
      if (next !== undefined && next.length <= 300) return { title: quotedIn(next) ?? collapseSpaces(next), guessed: false }
    }
  }
  const text = lines.join('\n')
  for (const theme of text.matchAll(new RegExp(THEME.source, 'giu'))) {
    const after = text.slice(theme.index + theme[0].length, theme.index + theme[0].length + 420)
    if (/^["“«„‘]/u.test(after)) {
      const quoted = quotedIn(after)
      if (quoted !== null) return { title: quoted, guessed: false }
    }
  }
  const first = lines.map(collapseSpaces).find((l) => l.length >= 8 && l.length <= 200 && !HEADER_LINE.test(l) && !/[.:]$/.test(l))
  return first === undefined ? { title: null, guessed: false } : { title: first.replace(/^["“«]\s*|\s*["”»]$/gu, ''), guessed: true }
}
