// The organ a note is for and the State presiding: what the setup chooses the template and the draw by.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseConceptNote } from '../../../shared/concept-note/index.ts'
import { ENGLISH_BRIEFERS_LISTED, ENGLISH_NESTED } from './samples.ts'

const example = (language: string) => readFileSync(new URL(`../../../examples/concept-note-preventive-diplomacy.${language}.txt`, import.meta.url), 'utf8')

describe('where a concept note comes from', () => {
  it('the English seed note: a Security Council note from the presidency, Mexico, with its four briefers', () => {
    const parsed = parseConceptNote(example('en'))
    expect(parsed).toMatchObject({ organ: 'security-council', presidency: 'Mexico', language: 'en', date: '2021-11-16T10:00', warnings: [] })
    expect(parsed.briefers).toEqual([
      'President of the General Assembly', 'President of the Economic and Social Council', 'President of the International Court of Justice', 'Secretary-General'
    ])
    expect(parsed.questions.map((q) => q.label)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
  })

  it('the Arabic seed note: the same, the presidency without the preposition written onto it (للمكسيك)', () => {
    expect(parseConceptNote(example('ar'))).toMatchObject({ organ: 'security-council', presidency: 'المكسيك' })
  })

  it.each([
    ['French', "Lettre datée du 3 mars 2023, adressée au Secrétaire général par le Représentant permanent du Mozambique auprès de l'Organisation des Nations Unies\n\nNote de cadrage pour le débat public du Conseil de sécurité\n\nParticipation\n\nTexte.", 'Mozambique'],
    ['Spanish', 'Carta de fecha 3 de abril de 2023 dirigida al Secretario General por el Representante Permanente del Brasil ante las Naciones Unidas\n\nNota conceptual para el debate abierto del Consejo de Seguridad\n\nParticipación\n\nTexto.', 'Brasil'],
    ['English, the State with an article', 'Letter dated 1 June 2023 from the Permanent Representative of the United Arab Emirates to the United Nations addressed to the Secretary-General\n\nConcept note for the Security Council open debate\n\nBackground\n\nText.', 'United Arab Emirates']
  ])('%s letter: the presidency is the sender', (_label, text, presidency) => {
    expect(parseConceptNote(text)).toMatchObject({ organ: 'security-council', presidency })
  })

  it('a note that does not name the Council before its sections is no Council note, whatever its body says', () => {
    expect(parseConceptNote(ENGLISH_NESTED)).toMatchObject({ organ: null, presidency: null })
    expect(parseConceptNote('Concept note: "Oceans"\n\nBackground\n\nThe Security Council has discussed this.')).toMatchObject({ organ: null })
  })

  it('a Council note with briefers listed between numbered paragraphs', () => {
    expect(parseConceptNote(ENGLISH_BRIEFERS_LISTED)).toMatchObject({ organ: 'security-council', presidency: 'Switzerland' })
  })
})
