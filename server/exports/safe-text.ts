// What the meeting wrote (names, titles, questions, notes…) as each format may carry it without it
// becoming something else there: a formula in a spreadsheet, HTML or a link in rendered Markdown, or a
// direction override that reverses the text after it.

/**
 * The explicit embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI): one left
 * open reorders everything after it on the line. The marks (LRM, RLM, ALM) stay: they reorder nothing.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g

export function withoutBidiControls (text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}

/**
 * A cell a spreadsheet would read as a formula (OWASP "CSV Injection"): `=`, `+`, `-`, `@`, a tab or a
 * carriage return first, or their full-width forms, which some spreadsheets fold. csv-stringify's
 * `escape_formulas` puts a `'` before these; this makes it quote them as well.
 */
export const CSV_FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/

/** HTML's three, as entities: no tag, no autolink (`<javascript:…>`), no entity of the writer's own. */
const HTML_SPECIALS: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

/**
 * Backslash-escaped (CommonMark: any ASCII punctuation may be): `[` and `]` so no link, image or link
 * reference is made, the emphasis and code marks, `|` for tables, `#` for headings, `\` itself.
 */
const MARKDOWN_SPECIALS = /[\\`*_[\]|~#]/g

/** A line of text in Markdown: read as written, never as markup; line breaks fold to spaces. */
export function markdownInline (text: string): string {
  return withoutBidiControls(text)
    .replace(/\s*[\r\n\u2028\u2029]\s*/g, ' ')
    .replace(MARKDOWN_SPECIALS, (special) => `\\${special}`)
    .replace(/[&<>]/g, (special) => HTML_SPECIALS[special]!)
}

/** Block markers a line may start with: a list item (`-`, `+`, `1.`, `1)`), a setext underline (`=`). */
const BLOCK_START = /^(\s*)(\d+(?=[.)])|[-+=])/

/** Text that starts a line of its own: as `markdownInline`, and a leading block marker escaped. */
export function markdownLine (text: string): string {
  return markdownInline(text).trim().replace(BLOCK_START, (_all, space: string, marker: string) =>
    /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`)
}
