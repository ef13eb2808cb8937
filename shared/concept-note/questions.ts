import { readMarker, type Marker } from './markers.ts'
import { collapseSpaces } from './normalize.ts'
import type { ConceptNoteWarning, ParsedQuestion } from './types.ts'

interface ItemBlock { readonly kind: 'item'; readonly marker: Marker; text: string; readonly line: number }
interface ParaBlock { readonly kind: 'para'; text: string; readonly line: number }
type Block = ItemBlock | ParaBlock

interface Node {
  readonly marker: Marker
  readonly text: string
  readonly children: Node[]
}

/** What may follow a sentence's last mark: closing quotes, brackets, spaces and footnote numbers. */
const AFTER_LAST_MARK = /["”»’)\]\s\d]/u
const SENTENCE_MARKS = '.?!؟;:'
const QUESTION_MARKS = '?؟'

/**
 * Whether the text's last mark, behind what may follow it, is one of `marks`. A loop from the end,
 * not a pattern: "?" and forty digits made the pattern `(?:…|\d{1,2})*$` backtrack for seconds.
 */
function endsWithMark (text: string, marks: string): boolean {
  let i = text.length - 1
  while (i >= 0 && AFTER_LAST_MARK.test(text[i]!)) i--
  return i >= 0 && marks.includes(text[i]!)
}
const INTERROGATIVE = new RegExp('^(?:¿|' + [
  'how', 'what', 'which', 'why', 'when', 'where', 'who', 'whom', 'whose', 'in what', 'to what extent', 'in which',
  'should', 'can', 'could', 'would', 'is', 'are', 'do', 'does', 'has', 'have', 'will',
  'comment', 'quel', 'quelle', 'quels', 'quelles', 'pourquoi', 'dans quelle', 'de quelle', 'que', "qu'", 'qui', 'est-ce', 'en quoi', 'lesquel',
  'cómo', 'como', 'qué', 'cuál', 'cuáles', 'por qué', 'de qué', 'en qué', 'quién', 'quiénes', 'dónde', 'cuándo',
  'ما', 'ماذا', 'كيف', 'هل', 'لماذا', 'متى', 'أين', 'أي', 'إلى أي', 'من هم', 'بأي', 'في أي', 'ما هي', 'ما هو'
].join('|') + ')(?:\\s|$)', 'iu')

export function isQuestionLike (text: string): boolean {
  return endsWithMark(text, QUESTION_MARKS) || INTERROGATIVE.test(text.trim())
}

/** Lines to paragraphs and list items; a wrapped line continues its item, a blank line ends it. */
function toBlocks (lines: readonly string[], offset: number): Block[] {
  const blocks: Block[] = []
  const lastOrdinal = new Map<string, number>()
  let afterBlank = true
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      afterBlank = true
      return
    }
    const marked = readMarker(line, (style) => lastOrdinal.get(style))
    const last = blocks.at(-1)
    if (marked !== null) {
      lastOrdinal.set(marked.marker.style, marked.marker.ordinal)
      blocks.push({ kind: 'item', marker: marked.marker, text: marked.text.trim(), line: offset + i })
    } else if (last !== undefined && (!afterBlank || continuesItem(last, line))) {
      last.text = last.text === '' ? line.trim() : `${last.text} ${line.trim()}`
    } else {
      blocks.push({ kind: 'para', text: line.trim(), line: offset + i })
    }
    afterBlank = false
  })
  for (const block of blocks) block.text = collapseSpaces(block.text)
  return blocks
}

/**
 * A PDF page break leaves an item cut mid-sentence: "(a) How can the" / "" / "Council …?". The rest
 * starts in lower case or ends a sentence; a topic line ("Prevention") does neither.
 */
function continuesItem (last: Block, line: string): boolean {
  if (last.kind !== 'item') return false
  return last.text === '' || (!endsWithMark(last.text, SENTENCE_MARKS) && (/^\s*[a-zà-ÿ]/u.test(line) || /[.?!؟]$/u.test(line.trim())))
}

interface Run {
  readonly items: ItemBlock[]
  /** A short line without a marker just before the run: the group heading of unmarked topics. */
  readonly lead: string | null
}

/**
 * Runs of consecutive items. A paragraph ends a run; so does an item that takes up an earlier run's
 * numbering ("3." after "1." "2." and a lettered list): the document's paragraphs, not this list.
 */
function toRuns (blocks: readonly Block[]): Run[] {
  const runs: Run[] = []
  let current: ItemBlock[] = []
  let lead: string | null = null
  let previous: ParaBlock | null = null
  const earlier = new Map<string, number>()
  for (const block of blocks) {
    if (block.kind === 'item') {
      const style = block.marker.style
      const resumes = earlier.get(style) === block.marker.ordinal - 1 && !current.some((item) => item.marker.style === style)
      if (resumes && current.length > 0) {
        runs.push({ items: current, lead })
        for (const item of current) earlier.set(item.marker.style, item.marker.ordinal)
        current = []
      }
      if (current.length === 0) lead = previous !== null && previous.text.length <= 150 && !/[.?؟!]$/.test(previous.text) ? previous.text : null
      current.push(block)
      previous = null
    } else {
      if (current.length > 0) runs.push({ items: current, lead })
      for (const item of current) earlier.set(item.marker.style, item.marker.ordinal)
      current = []
      previous = block
    }
  }
  if (current.length > 0) runs.push({ items: current, lead })
  return runs
}

/** Nesting by style: the first marker style seen is the top level, the next new one is under it. */
function toTree (items: readonly ItemBlock[]): Node[] {
  const levels: string[] = []
  const roots: Node[] = []
  const stack: Node[] = []
  for (const item of items) {
    let level = levels.indexOf(item.marker.style)
    if (level === -1) {
      levels.push(item.marker.style)
      level = levels.length - 1
    }
    level = Math.min(level, stack.length)
    stack.length = level
    const node: Node = { marker: item.marker, text: item.text, children: [] }
    const parent = stack[level - 1]
    if (parent === undefined) roots.push(node)
    else parent.children.push(node)
    stack.push(node)
  }
  return unwrapIntro(roots)
}

/**
 * A numbered paragraph that introduces the list ("12 - The following questions…:") is not a topic:
 * a lone parent, or a leading item ending with a colon, is dropped.
 */
function unwrapIntro (nodes: Node[]): Node[] {
  let result = nodes
  for (;;) {
    const [first, ...others] = result
    if (first === undefined) return result
    if (others.length === 0 && first.children.length > 0 && isIntro(first.text)) result = first.children
    else if (others.length > 0 && first.children.length === 0 && /:$/.test(first.text) && isIntro(first.text)) result = others
    else return result
  }
}

const INTRO_WORDS = /question|following|suivantes|pregunta|siguientes|cuestiones|أسئلة|الأسئلة|التالية/iu

/** "The following questions will guide the debate:" as opposed to a topic ("1. Prevention"). */
function isIntro (text: string): boolean {
  return !isQuestionLike(text) && (text.length > 80 || INTRO_WORDS.test(text))
}

interface Collected {
  readonly questions: ParsedQuestion[]
  readonly generatedLabels: boolean
}

function collect (nodes: readonly Node[], prefix: string, group: string | undefined, out: Collected & { generatedLabels: boolean }): void {
  nodes.forEach((node, index) => {
    let label = node.marker.label
    if (label === '') {
      label = String(index + 1)
      out.generatedLabels = true
    }
    const full = prefix === '' ? label : `${prefix}.${label}`
    const text = node.text
    if (node.children.length === 0) {
      if (text !== '') out.questions.push(group === undefined ? { label: full, text } : { label: full, text, group })
      return
    }
    // A parent that asks a question of its own is kept as a question as well as a group.
    if (isQuestionLike(text)) out.questions.push(group === undefined ? { label: full, text } : { label: full, text, group })
    collect(node.children, full, text.replace(/\s*[:：]$/u, ''), out)
  })
}

function questionsOf (nodes: readonly Node[], group?: string): Collected {
  const out = { questions: [] as ParsedQuestion[], generatedLabels: false }
  collect(nodes, '', group, out)
  return out
}

function leaves (nodes: readonly Node[]): Node[] {
  return nodes.flatMap((node) => node.children.length === 0 ? [node] : leaves(node.children))
}

function mostlyQuestions (nodes: readonly Node[]): boolean {
  const all = leaves(nodes)
  return all.length >= 2 && all.filter((node) => isQuestionLike(node.text)).length * 2 >= all.length
}

/** The last list, or sub-list, whose items are mostly questions: outer lists before their parts. */
function lastQuestionList (forest: readonly Node[][]): Node[] | null {
  for (const nodes of [...forest].reverse()) {
    if (mostlyQuestions(nodes)) return nodes
    const inner = lastQuestionList(nodes.map((node) => node.children).filter((children) => children.length > 0))
    if (inner !== null) return inner
  }
  return null
}

export interface QuestionsResult {
  readonly questions: ParsedQuestion[]
  readonly warnings: ConceptNoteWarning[]
}

/** The questions under a "Guiding questions" heading: every list in the section, in order. */
export function questionsInSection (lines: readonly string[], offset: number): QuestionsResult {
  const blocks = toBlocks(lines, offset)
  const runs = toRuns(blocks)
  const warnings: ConceptNoteWarning[] = []
  let questions: ParsedQuestion[] = []
  let generated = false
  // Topics written as plain lines ("Prevention" then (a) (b)) group the runs that follow them.
  const grouped = runs.length > 1
  for (const run of runs) {
    const collected = questionsOf(toTree(run.items), grouped && run.lead !== null ? run.lead.replace(/\s*:$/u, '') : undefined)
    questions.push(...collected.questions)
    generated ||= collected.generatedLabels
  }
  if (questions.length === 0) {
    // Word's automatic numbering is lost on the way to text: fall back to paragraphs that ask.
    const asked = blocks.filter((block) => block.kind === 'para' && endsWithMark(block.text, QUESTION_MARKS))
    questions = asked.map((block, i) => ({ label: String(i + 1), text: block.text }))
    generated = questions.length > 0
  }
  if (generated) warnings.push(labelsGenerated())
  warnings.push(...duplicateLabels(questions))
  return { questions, warnings }
}

/** No heading: the last run of question-like items in the whole note. */
export function questionsByFallback (lines: readonly string[]): QuestionsResult {
  const runs = toRuns(toBlocks(lines, 0))
  const chosen = lastQuestionList(runs.map((run) => toTree(run.items)))
  if (chosen === null) return { questions: [], warnings: [] }
  const collected = questionsOf(chosen)
  const warnings: ConceptNoteWarning[] = []
  if (collected.generatedLabels) warnings.push(labelsGenerated())
  warnings.push(...duplicateLabels(collected.questions))
  return { questions: collected.questions, warnings }
}

function labelsGenerated (): ConceptNoteWarning {
  return { code: 'LABELS_GENERATED', field: 'questions', message: 'Some questions had bullets or no marker; they were numbered 1, 2, 3… Check the labels.' }
}

function duplicateLabels (questions: readonly ParsedQuestion[]): ConceptNoteWarning[] {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const { label } of questions) (seen.has(label) ? repeated : seen).add(label)
  if (repeated.size === 0) return []
  return [{ code: 'DUPLICATE_LABELS', field: 'questions', message: `Several questions share the label ${[...repeated].join(', ')}; give each its own.` }]
}
