// Marker styles, nesting and the no-heading fallback, on small notes built for each case.
import { describe, expect, it } from 'vitest'
import { parseConceptNote } from '../../../shared/concept-note/index.ts'

const note = (heading: string, ...lines: string[]) => [heading, '', ...lines].join('\n')
const labelsOf = (text: string) => parseConceptNote(text).questions.map((q) => q.label)
const codesOf = (text: string) => parseConceptNote(text).warnings.map((w) => w.code).filter((code) => code.includes('QUESTION') || code.includes('LABEL'))

describe('question markers', () => {
  it.each([
    ['(a) (b)', note('Guiding questions', '(a) How?', '(b) Why?'), ['a', 'b']],
    ['a) b)', note('Questions directrices', 'a) Comment ?', 'b) Pourquoi ?'), ['a', 'b']],
    ['a. b.', note('Key questions', 'a. How?', 'b. Why?'), ['a', 'b']],
    ['1. 2.', note('Preguntas orientativas', '1. ¿Cómo?', '2. ¿Por qué?'), ['1', '2']],
    ['1) 2)', note('Preguntas orientadoras', '1) ¿Cómo?', '2) ¿Por qué?'), ['1', '2']],
    ['(1) (2)', note('Guiding questions', '(1) How?', '(2) Why?'), ['1', '2']],
    ['(i) (ii) (iii) (iv)', note('Guiding questions', '(i) How?', '(ii) Why?', '(iii) When?', '(iv) Who?'), ['i', 'ii', 'iii', 'iv']],
    ['(h) then (i) continues the letters', note('Guiding questions', ...'abcdefghij'.split('').map((l) => `(${l}) Q${l}?`)), 'abcdefghij'.split('')],
    ['(أ) … (ز) in abjad order', note('الأسئلة التوجيهية', '(أ) كيف؟', '(ب) ما؟', '(ج) هل؟', '(د) لماذا؟', '(هـ) متى؟', '(و) أين؟', '(ز) من؟'), ['أ', 'ب', 'ج', 'د', 'هـ', 'و', 'ز']],
    ['أ) ب) without opening brackets', note('أسئلة توجيهية', 'أ) كيف يمكن ذلك؟', 'ب) ما السبيل؟'), ['أ', 'ب']],
    ['(ه) written without the tatweel', note('الأسئلة التوجيهية', '(د) كيف؟', '(ه) ما؟'), ['د', 'ه']],
    ['markers with a space inside the brackets', note('Guiding questions', '( a ) How?', '( b ) Why?'), ['a', 'b']],
    ['"12 -" paragraph numbers in front of the list', note('الأسئلة التوجيهية', '12 - تستخدم الأسئلة التالية:', '(أ) كيف؟', '(ب) ما؟'), ['أ', 'ب']],
    ['"4." introducing a numbered list', note('Guiding questions', '4. The following questions are proposed:', '1. How?', '2. Why?'), ['1', '2']]
  ])('%s', (_label, text, labels) => {
    expect(labelsOf(text)).toEqual(labels)
    expect(codesOf(text)).toEqual([])
  })

  it('numbers bullets and says so', () => {
    const text = note('Questions for discussion', '• How can the Council act?', '- What can States do?', '* Who pays?')
    expect(labelsOf(text)).toEqual(['1', '2', '3'])
    expect(codesOf(text)).toEqual(['LABELS_GENERATED'])
  })

  it('joins a question wrapped over several lines, and one cut by a page break', () => {
    const parsed = parseConceptNote(note('Guiding questions', '(a) How can the Council', '    better coordinate with', 'regional organizations?', '(b) What can the', '', 'Secretariat do?'))
    expect(parsed.questions).toEqual([
      { label: 'a', text: 'How can the Council better coordinate with regional organizations?' },
      { label: 'b', text: 'What can the Secretariat do?' }
    ])
  })

  it('reads a heading with its first question on the same line', () => {
    expect(labelsOf('Guiding questions: (a) How?\n(b) Why?')).toEqual(['a', 'b'])
  })

  it('takes plain paragraphs that ask, numbered, when the list lost its markers (Word numbering)', () => {
    const text = note('Guiding questions', 'How can the Council act earlier?', '', 'What role for regional organizations?', '', 'States are encouraged to be brief.')
    expect(parseConceptNote(text).questions).toEqual([
      { label: '1', text: 'How can the Council act earlier?' },
      { label: '2', text: 'What role for regional organizations?' }
    ])
    expect(codesOf(text)).toEqual(['LABELS_GENERATED'])
  })
})

describe('nested lists', () => {
  it('joins the topic and question markers with a dot and keeps the topic as the group', () => {
    const parsed = parseConceptNote(note('Guiding questions', '1. Prevention', '(a) How?', '(b) Why?', '2. Accountability:', '(a) Who?'))
    expect(parsed.questions).toEqual([
      { label: '1.a', text: 'How?', group: 'Prevention' },
      { label: '1.b', text: 'Why?', group: 'Prevention' },
      { label: '2.a', text: 'Who?', group: 'Accountability' }
    ])
  })

  it('keeps a topic that asks a question of its own as a question too', () => {
    const parsed = parseConceptNote(note('Guiding questions', '1. How can prevention work?', '   (a) With whom?', '2. What next?'))
    expect(parsed.questions.map((q) => [q.label, q.group ?? null])).toEqual([['1', null], ['1.a', 'How can prevention work?'], ['2', null]])
  })

  it('three levels: 1. topic, (a) sub-topic, (i) question', () => {
    const parsed = parseConceptNote(note('Guiding questions', '1. Prevention', '(a) Early warning', '(i) How?', '(ii) Why?', '(b) Mediation', '(i) Who?'))
    expect(parsed.questions.map((q) => [q.label, q.group])).toEqual([['1.a.i', 'Early warning'], ['1.a.ii', 'Early warning'], ['1.b.i', 'Mediation']])
  })

  it('groups lists under plain topic lines, and flags labels that repeat', () => {
    const text = note('Questions directrices', 'Prévention', '', 'a) Comment ?', 'b) Pourquoi ?', '', 'Responsabilité', '', 'a) Qui ?')
    const parsed = parseConceptNote(text)
    expect(parsed.questions).toEqual([
      { label: 'a', text: 'Comment ?', group: 'Prévention' },
      { label: 'b', text: 'Pourquoi ?', group: 'Prévention' },
      { label: 'a', text: 'Qui ?', group: 'Responsabilité' }
    ])
    expect(codesOf(text)).toEqual(['DUPLICATE_LABELS'])
  })
})

describe('without a heading', () => {
  it('takes the last list of questions, not the numbered paragraphs before it', () => {
    const text = [
      '1. The Council has long discussed prevention.', '2. Several reports have made proposals.', '',
      'Delegations may consider:', '(a) How can we act?', '(b) What works?', '',
      '3. The presidency thanks the briefers.'
    ].join('\n')
    expect(parseConceptNote(text).questions).toEqual([{ label: 'a', text: 'How can we act?' }, { label: 'b', text: 'What works?' }])
    expect(codesOf(text)).toEqual(['NO_QUESTIONS_HEADING_FALLBACK'])
  })

  it('takes a nested list whole', () => {
    const text = 'Some context.\n\n1. Prevention\n(a) How?\n(b) Why?\n2. Accountability\n(a) Who?\n(b) When?'
    expect(labelsOf(text)).toEqual(['1.a', '1.b', '2.a', '2.b'])
  })

  it('finds nothing in a list of statements, and says there are no questions', () => {
    const text = 'Context.\n\n(a) The Council met.\n(b) It adopted a resolution.\n(c) It will meet again.'
    expect(parseConceptNote(text).questions).toEqual([])
    expect(codesOf(text)).toEqual(['NO_QUESTIONS'])
  })

  it('says so when the heading is there but the list is not', () => {
    const parsed = parseConceptNote('Guiding questions\n\nTo be circulated later.')
    expect(parsed.questions).toEqual([])
    expect(parsed.warnings.find((w) => w.code === 'NO_QUESTIONS')?.message).toMatch(/heading was found/)
  })

  it('flags a list too long to be a meeting\'s questions', () => {
    const text = note('Guiding questions', ...Array.from({ length: 60 }, (_, i) => `${i + 1}. Question ${i + 1}?`))
    expect(labelsOf(text)).toHaveLength(60)
    expect(codesOf(text)).toEqual(['TOO_MANY_QUESTIONS'])
  })
})
