// One row per sample note: what the import must find in it, and exactly which warnings it raises.
import { describe, expect, it } from 'vitest'
import { parseConceptNote, type ParsedConceptNote } from '../../../shared/concept-note/index.ts'
import * as samples from './samples.ts'

type Expected = Omit<ParsedConceptNote, 'warnings' | 'questions'> & {
  readonly questions: readonly (readonly [label: string, group: string | null, startsWith: string])[]
  readonly warnings: readonly string[]
}

const ROWS: readonly (readonly [string, string, Expected])[] = [
  ['English, (a) (b) (c) under "IV. Guiding questions", after the letter', samples.ENGLISH_LETTERED, {
    title: 'Women and peace and security: strengthening the participation of women in peace processes',
    date: '2023-03-07T10:00',
    questions: [['a', null, 'What concrete measures'], ['b', null, 'How can Member States'], ['c', null, 'In what ways']],
    briefers: [
      'Ms. Sima Bahous, Executive Director of UN-Women',
      'Ms. Bineta Diop, Special Envoy of the Chairperson of the African Union Commission on Women, Peace and Security',
      'Ms. Zahra Nader, civil society representative'
    ],
    outcome: 'No formal outcome document is expected. The presidency will circulate a chair\'s summary.',
    outcomeKind: 'summary',
    language: 'en',
    organ: 'security-council',
    presidency: 'Mozambique',
    warnings: []
  }],
  ['French, a) b) c) under "Questions directrices :"', samples.FRENCH_CLOSING_PAREN, {
    title: 'Les enfants et les conflits armés : prévenir les violations graves',
    date: '2023-03-14T15:00',
    questions: [['a', null, 'Comment le Conseil'], ['b', null, 'Quelles mesures'], ['c', null, 'Comment mieux assurer']],
    briefers: [
      'M. António Guterres, Secrétaire général',
      'Mme Virginia Gamba, Représentante spéciale du Secrétaire général pour le sort des enfants en temps de conflit armé'
    ],
    outcome: 'Le Conseil devrait adopter une déclaration présidentielle.',
    outcomeKind: 'presidential-statement',
    language: 'fr',
    organ: 'security-council',
    presidency: null,
    warnings: []
  }],
  ['Spanish, 1. 2. 3. under "Preguntas orientativas"', samples.SPANISH_NUMBERED, {
    title: 'El estado de derecho en el mantenimiento de la paz y la seguridad internacionales',
    date: '2023-04-20T10:00',
    questions: [['1', null, '¿Cómo puede el Consejo'], ['2', null, '¿Qué papel'], ['3', null, '¿De qué manera']],
    briefers: ['Presidente de la Asamblea General', 'Presidenta de la Corte Internacional de Justicia', 'Secretario General'],
    outcome: 'No se prevé ningún documento final.',
    outcomeKind: null,
    language: 'es',
    organ: 'security-council',
    presidency: null,
    warnings: []
  }],
  ['Arabic, numbered topics with (أ) (ب) under each', samples.ARABIC_NESTED, {
    title: 'تغير المناخ والسلام والأمن في منطقة الساحل',
    date: '2023-03-09T15:00',
    questions: [
      ['1.أ', 'الإنذار المبكر', 'كيف يمكن إدماج'], ['1.ب', 'الإنذار المبكر', 'ما البيانات'],
      ['2.أ', 'التمويل', 'كيف يمكن تيسير'], ['2.ب', 'التمويل', 'ما دور المؤسسات']
    ],
    briefers: ['الأمين العام', 'الممثل الخاص للأمين العام لغرب أفريقيا ومنطقة الساحل', 'رئيسة لجنة بناء السلام'],
    outcome: 'من المتوقع أن يعتمد المجلس قرارا بشأن هذا الموضوع.',
    outcomeKind: 'resolution',
    language: 'ar',
    organ: null,
    presidency: null,
    warnings: []
  }],
  ['English, numbered topics with indented (a) (b), a US-style date', samples.ENGLISH_NESTED, {
    title: 'Protection of civilians in urban warfare',
    date: '2023-05-23T15:00',
    questions: [
      ['1.a', 'Prevention', 'How can parties'], ['1.b', 'Prevention', 'What lessons'],
      ['2.a', 'Accountability', 'How can the Council support'], ['2.b', 'Accountability', 'Which tools']
    ],
    briefers: ['Secretary-General', 'President of the International Committee of the Red Cross'],
    outcome: null,
    outcomeKind: null,
    language: 'en',
    organ: null,
    presidency: null,
    warnings: ['NO_OUTCOME']
  }],
  ['English, bullets and no heading', samples.ENGLISH_NO_HEADING, {
    title: 'Youth, peace and security',
    date: '2023-06-12T10:00',
    questions: [['1', null, 'How can the Council'], ['2', null, 'What barriers'], ['3', null, 'How can funding']],
    briefers: [],
    outcome: 'The presidency intends to propose a press statement at the end of the debate.',
    outcomeKind: 'press-statement',
    language: 'en',
    organ: 'security-council',
    presidency: null,
    warnings: ['NO_QUESTIONS_HEADING_FALLBACK', 'LABELS_GENERATED', 'NO_BRIEFERS', 'OUTCOME_WITHOUT_HEADING']
  }],
  ['Spanish, a) b) and no heading, "Fecha:" line', samples.SPANISH_NO_HEADING, {
    title: 'Las operaciones de mantenimiento de la paz y la protección de los civiles',
    date: '2023-07-05T15:00',
    questions: [['a', null, '¿Cómo pueden las misiones'], ['b', null, '¿Qué papel desempeñan']],
    briefers: [],
    outcome: 'Se espera que el Consejo apruebe una resolución.',
    outcomeKind: 'resolution',
    language: 'es',
    organ: null,
    presidency: null,
    warnings: ['NO_QUESTIONS_HEADING_FALLBACK', 'NO_BRIEFERS', 'OUTCOME_WITHOUT_HEADING']
  }],
  ['English, no date and no participation paragraph', samples.ENGLISH_NO_DATE, {
    title: 'Maritime security in the Gulf of Guinea',
    date: null,
    questions: [['a', null, 'How can regional'], ['b', null, 'What support']],
    briefers: [],
    outcome: 'A presidential statement.',
    outcomeKind: 'presidential-statement',
    language: 'en',
    organ: null,
    presidency: null,
    warnings: ['NO_DATE', 'NO_BRIEFERS']
  }]
]

describe('concept notes in English, French, Spanish and Arabic', () => {
  it.each(ROWS)('%s', (_label, text, expected) => {
    const parsed = parseConceptNote(text)
    expect({ ...parsed, questions: undefined, warnings: undefined }).toEqual({ ...expected, questions: undefined, warnings: undefined })
    expect(parsed.questions.map((q) => [q.label, q.group ?? null])).toEqual(expected.questions.map(([label, group]) => [label, group]))
    parsed.questions.forEach((q, i) => expect(q.text.startsWith(expected.questions[i]![2]), q.text).toBe(true))
    expect(parsed.warnings.map((w) => w.code)).toEqual(expected.warnings)
  })

  it.each(ROWS)('%s: the same with CRLF, bidi marks and Arabic-Indic digits', (_label, text) => {
    const mangled = text.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))).replace(/\n/g, '\u200F\r\n')
    expect(parseConceptNote(mangled)).toEqual(parseConceptNote(text))
  })

  it('keeps question texts whole: no marker, no paragraph number, spaces collapsed', () => {
    const parsed = parseConceptNote(samples.ENGLISH_LETTERED)
    expect(parsed.questions[0]!.text).toBe('What concrete measures can the Council take to ensure the full, equal and meaningful participation of women in peace processes?')
  })
})
