// The participation paragraph, split into one entry per briefer.
import { describe, expect, it } from 'vitest'
import { parseConceptNote } from '../../../shared/concept-note/index.ts'
import { ENGLISH_BRIEFERS_LISTED } from './samples.ts'

const briefersOf = (text: string) => parseConceptNote(text).briefers

describe('briefers', () => {
  it.each([
    ['Arabic offices joined by و, with "والاجتماعي" kept whole',
      'المشاركة\n\n1 - ستتضمن الجلسة إحاطات يقدمها رئيس الجمعية العامة ورئيس المجلس الاقتصادي والاجتماعي ورئيس محكمة العدل الدولية والأمين العام، تليها مناقشة.',
      ['رئيس الجمعية العامة', 'رئيس المجلس الاقتصادي والاجتماعي', 'رئيس محكمة العدل الدولية', 'الأمين العام']],
    ['Arabic names with honorifics, separated by commas',
      'المشاركة\n\nإحاطات يقدمها السيد أنطونيو غوتيريش، والسيدة أمينة محمد، ثم مناقشة عامة.',
      ['السيد أنطونيو غوتيريش', 'السيدة أمينة محمد']],
    ['English offices, "Economic and Social" kept whole',
      'Participation\n\nThe meeting will include briefings by the President of the General Assembly, the President of the Economic and Social Council and the Secretary-General, followed by a debate.',
      ['President of the General Assembly', 'President of the Economic and Social Council', 'Secretary-General']],
    ['English names with their roles',
      'Format\n\nThe Council will be briefed by Mr. Martin Griffiths, Under-Secretary-General for Humanitarian Affairs; and Ms. Cindy McCain, Executive Director of the World Food Programme.',
      ['Mr. Martin Griffiths, Under-Secretary-General for Humanitarian Affairs', 'Ms. Cindy McCain, Executive Director of the World Food Programme']],
    ['a bulleted list under "Briefers"',
      'Briefers\n\n• Secretary-General António Guterres\n• Ms. Ghada Waly, Executive Director of UNODC\n\nObjective\n\nTo discuss.',
      ['Secretary-General António Guterres', 'Ms. Ghada Waly, Executive Director of UNODC']],
    ['French offices, "économique et social" kept whole',
      'Participation\n\nDes exposés du Président de l\'Assemblée générale, du Président du Conseil économique et social et de la Présidente de la Cour internationale de Justice sont prévus.',
      ['Président de l\'Assemblée générale', 'Président du Conseil économique et social', 'Présidente de la Cour internationale de Justice']],
    ['Spanish offices, "Económico y Social" kept whole',
      'Participación\n\nHabrá exposiciones informativas del Presidente del Consejo Económico y Social y la Secretaria General Adjunta, seguidas del debate.',
      ['Presidente del Consejo Económico y Social', 'Secretaria General Adjunta']]
  ])('%s', (_label, text, expected) => {
    expect(briefersOf(text)).toEqual(expected)
  })

  it('takes the list under "Format and participation", not the note\'s numbered paragraphs around it', () => {
    expect(briefersOf(ENGLISH_BRIEFERS_LISTED)).toEqual([
      'Mr. António Guterres, Secretary-General of the United Nations',
      'Ms. Mirjana Spoljaric Egger, President of the International Committee of the Red Cross'
    ])
  })

  it('takes a numbered list of names, but not the line that introduces it', () => {
    expect(briefersOf('Briefers\n\nThe following will brief the Council:\n\n1. Mr. Volker Türk, High Commissioner for Human Rights\n2. Ms. Catherine Russell, Executive Director of UNICEF\n\nObjective\n\nTo discuss.'))
      .toEqual(['Mr. Volker Türk, High Commissioner for Human Rights', 'Ms. Catherine Russell, Executive Director of UNICEF'])
  })

  it('warns when there is no participation paragraph', () => {
    const parsed = parseConceptNote('Concept note: "Title here"\n\nSome text.')
    expect(parsed.briefers).toEqual([])
    expect(parsed.warnings.map((w) => w.code)).toContain('NO_BRIEFERS')
  })
})
