// The debate's title and the expected outcome, with their warnings.
import { describe, expect, it } from 'vitest'
import { parseConceptNote } from '../../../shared/concept-note/index.ts'

const titleOf = (text: string) => {
  const parsed = parseConceptNote(text)
  return [parsed.title, parsed.warnings.filter((w) => w.field === 'title').map((w) => w.code)] as const
}
const outcomeOf = (text: string) => {
  const parsed = parseConceptNote(text)
  return [parsed.outcome, parsed.outcomeKind, parsed.warnings.filter((w) => w.field === 'outcome').map((w) => w.code)] as const
}

describe('title', () => {
  it.each([
    ['quoted on the concept note line', 'Concept note for the open debate on “Climate and security”, 3 May 2024', 'Climate and security'],
    ['guillemets with French spacing', 'Note de cadrage pour le débat public sur le thème «\u00A0Paix et sécurité en Afrique\u00A0»', 'Paix et sécurité en Afrique'],
    ['after "Concept note:"', 'Concept note: Youth, peace and security\n\nText.', 'Youth, peace and security'],
    ['the line after a bare heading', 'Nota conceptual\n\n"Mujeres y paz y seguridad"\n\nTexto.', 'Mujeres y paz y seguridad'],
    ['after "on the theme" in the letter', 'I have the honour to inform you that we will hold a debate on the theme "Water and peace" next month.', 'Water and peace'],
    ['Arabic, after "بشأن موضوع"', 'ستعقد مناقشة مفتوحة بشأن موضوع «المياه والسلام» في الشهر المقبل.', 'المياه والسلام']
  ])('%s', (_label, text, expected) => {
    expect(titleOf(text)).toEqual([expected, []])
  })

  it('guesses the first heading-like line, and says so', () => {
    expect(titleOf('Distr.: General\n\nSecurity Council open debate on cyber threats\n\nThe debate will…')).toEqual(['Security Council open debate on cyber threats', ['TITLE_GUESSED']])
  })

  it('says when there is none', () => {
    expect(titleOf('Short.')).toEqual([null, ['NO_TITLE']])
  })
})

describe('expected outcome', () => {
  it.each([
    ['Arabic presidential statement', 'النتيجة المتوقعة\n\n11 - من المتوقع صدور بيان رئاسي.', 'من المتوقع صدور بيان رئاسي.', 'presidential-statement'],
    ['Arabic press statement', 'النتيجة المتوقعة\n\nمن المتوقع صدور بيان صحفي.', 'من المتوقع صدور بيان صحفي.', 'press-statement'],
    ['English resolution, inline heading', 'Expected outcome: The Council is expected to adopt a resolution.', 'The Council is expected to adopt a resolution.', 'resolution'],
    ['French press statement', 'Résultat attendu\n\nUne déclaration à la presse est envisagée.', 'Une déclaration à la presse est envisagée.', 'press-statement'],
    ['Spanish presidential statement', 'Resultado previsto\n\nSe prevé aprobar una declaración de la Presidencia.', 'Se prevé aprobar una declaración de la Presidencia.', 'presidential-statement'],
    ['Spanish summary', 'Resultado esperado\n\nLa Presidencia publicará un resumen del debate.', 'La Presidencia publicará un resumen del debate.', 'summary'],
    ['no outcome expected', 'Expected outcome\n\nNo outcome document is expected.', 'No outcome document is expected.', null]
  ])('%s', (_label, text, outcome, kind) => {
    expect(outcomeOf(text)).toEqual([outcome, kind, []])
  })

  it('flags an outcome whose kind it cannot tell', () => {
    expect(outcomeOf('Expected outcome\n\nThe presidency will reflect on next steps.')).toEqual(['The presidency will reflect on next steps.', null, ['OUTCOME_KIND_UNKNOWN']])
  })
})
