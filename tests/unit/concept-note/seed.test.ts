// The case Rostrum was created from: Mexico's concept note for the 16 November 2021 open debate.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseConceptNote } from '../../../shared/concept-note/index.ts'

const seed = readFileSync(new URL('../../../examples/concept-note-preventive-diplomacy.ar.txt', import.meta.url), 'utf8')

const QUESTIONS = [
  { label: 'أ', text: 'ما الطرق الملموسة التي يمكن بها تعزيز أو تحسين التواصل والتنسيق بين الأجهزة الرئيسية للأمم المتحدة في سبيل صون السلام والأمن الدوليين والحفاظ عليهما، مع مراعاة ولاية كل منها؟' },
  { label: 'ب', text: 'كيف يمكن إضفاء طابع مؤسسي على هذا التفاعل بوصفه جزءا لا يتجزأ من التعاون بين تلك الأجهزة؟' },
  { label: 'ج', text: 'كيف يمكن لهذا التنسيق أن يمتد ليشمل بقية كيانات منظومة الأمم المتحدة، بما في ذلك هيئاتها الفرعية ووكالاتها المتخصصة وصناديقها وبرامجها؟' },
  { label: 'د', text: 'كيف يمكن لتوسيع دور لجنة بناء السلام، كما اقترح الأمين العام، أن يسهم في بلورة جهود التنسيق هذه؟' },
  { label: 'هـ', text: 'ما الطرق التي يمكن بها تعزيز أو تحسين جهود الأمين العام الداعمة لعمل الأجهزة الرئيسية للأمم المتحدة في سبيل تحقيق الهدف المشترك المتمثل في إحلال السلام المستدام؟' },
  { label: 'و', text: 'ما الذي يمكن القيام به لزيادة إبراز التفاعل والتنسيق بين الأجهزة الرئيسية للأمم المتحدة، بما يعزز الشفافية في هذا المجال ويكرس المساءلة على نطاق منظومة الأمم المتحدة ككل؟' }
]

const EXPECTED = {
  title: 'السلام والأمن من خلال الدبلوماسية الوقائية: هدف مشترك لجميع الأجهزة الرئيسية للأمم المتحدة',
  date: '2021-11-16T10:00',
  questions: QUESTIONS,
  briefers: ['رئيس الجمعية العامة', 'رئيس المجلس الاقتصادي والاجتماعي', 'رئيس محكمة العدل الدولية', 'الأمين العام'],
  outcome: 'من المتوقع صدور بيان رئاسي.',
  outcomeKind: 'presidential-statement',
  language: 'ar',
  organ: 'security-council',
  presidency: 'المكسيك',
  warnings: []
}

const BIDI_MARKS = ['\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']
/** Sprinkles every bidi control through the text: around digits, brackets and at line starts. */
const withBidiMarks = (text: string) => {
  let i = 0
  return text.replace(/[\d()]|^/gm, (match) => `${BIDI_MARKS[i++ % BIDI_MARKS.length]}${match}`)
}
const toArabicIndic = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))
const toEasternArabicIndic = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0x06F0 + Number(d)))
const toCrlf = (text: string) => text.replace(/\n/g, '\r\n')

describe('the seed concept note (S/2021/…, preventive diplomacy)', () => {
  it('parses to its title, 16 November 2021 10:00, four briefers, six questions أ–و and a presidential statement', () => {
    const parsed = parseConceptNote(seed)
    expect(parsed).toEqual(EXPECTED)
    expect(parsed.questions.map((q) => q.label)).toEqual(['أ', 'ب', 'ج', 'د', 'هـ', 'و'])
    expect(parsed.questions.every((q) => q.group === undefined)).toBe(true)
  })

  it.each([
    ['Windows line endings', toCrlf],
    ['bidi control marks', withBidiMarks],
    ['Arabic-Indic digits', toArabicIndic],
    ['Eastern Arabic-Indic digits', toEasternArabicIndic],
    ['no-break spaces', (text: string) => text.replace(/ /g, (s, at: number) => (at % 7 === 0 ? '\u00A0' : s))],
    ['a byte-order mark, CRLF, bidi marks and Arabic-Indic digits at once', (text: string) => `\uFEFF${toCrlf(withBidiMarks(toArabicIndic(text)))}`]
  ])('parses the same with %s', (_label, variant) => {
    const text = variant(seed)
    expect(text).not.toBe(seed)
    expect(parseConceptNote(text)).toEqual(EXPECTED)
  })

  it('falls back to the last list of questions, and says so, when the headings are gone', () => {
    const headings = ['المشاركة', 'الهدف', 'النتيجة المتوقعة', 'الأسئلة التوجيهية']
    const bare = seed.split('\n').filter((line) => !headings.includes(line.trim())).join('\n')
    const parsed = parseConceptNote(bare)
    expect(parsed.questions).toEqual(QUESTIONS)
    expect(parsed.date).toBe('2021-11-16T10:00')
    expect(parsed.briefers).toEqual(EXPECTED.briefers)
    expect(parsed.outcomeKind).toBe('presidential-statement')
    expect(parsed.warnings.map((w) => w.code)).toEqual(['NO_QUESTIONS_HEADING_FALLBACK', 'OUTCOME_WITHOUT_HEADING'])
  })
})
