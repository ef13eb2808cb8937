// The meeting's date and time as the note writes them, and the warnings when they are unclear.
import { describe, expect, it } from 'vitest'
import { parseConceptNote } from '../../../shared/concept-note/index.ts'

const dateOf = (text: string) => {
  const parsed = parseConceptNote(text)
  return [parsed.date, parsed.warnings.filter((w) => w.field === 'date').map((w) => w.code)] as const
}

describe('meeting date and time', () => {
  it.each([
    ['Arabic, Levantine/Gregorian month', 'ستعقد الجلسة يوم الثلاثاء 16 تشرين الثاني/نوفمبر 2021، الساعة 10:00.', '2021-11-16T10:00'],
    ['Arabic, Gregorian month alone, hamza-less spelling', 'تعقد الجلسة في 3 اكتوبر 2022 الساعة 15:30.', '2022-10-03T15:30'],
    ['Arabic, "الساعة 3 مساء"', 'تعقد الجلسة في 3 حزيران/يونيه 2024، الساعة 3 مساء.', '2024-06-03T15:00'],
    ['Arabic, Arabic-Indic digits', 'تعقد الجلسة في ١٦ تشرين الثاني/نوفمبر ٢٠٢١، الساعة ١٠:٠٠.', '2021-11-16T10:00'],
    ['English, "10 a.m."', 'The open debate will be held on Tuesday, 7 March 2023, at 10 a.m.', '2023-03-07T10:00'],
    ['English, "3.30 p.m."', 'The meeting is scheduled for 12 June 2023 at 3.30 p.m.', '2023-06-12T15:30'],
    ['English, month first', 'The debate will take place on May 23, 2023, at 3 p.m.', '2023-05-23T15:00'],
    ['English, ordinal day', 'The briefing is scheduled for 1st October 2024, at 10:00.', '2024-10-01T10:00'],
    ['French, "à 15 heures"', 'Le débat se tiendra le mardi 14 mars 2023 à 15 heures.', '2023-03-14T15:00'],
    ['French, "1er" and "10 h 30"', 'La séance aura lieu le 1er décembre 2023 à 10 h 30.', '2023-12-01T10:30'],
    ['Spanish, "de … de" and "10.00 horas"', 'El debate se celebrará el jueves 20 de abril de 2023, a las 10.00 horas.', '2023-04-20T10:00'],
    ['Spanish, "setiembre"', 'La sesión tendrá lugar el 8 de setiembre de 2023, a las 15:00 horas.', '2023-09-08T15:00'],
    ['an ISO date after a label', 'Date: 2023-06-12, 10:00', '2023-06-12T10:00'],
    ['the time before the date', 'The Council will meet at 10 a.m. on 4 April 2024 for the debate.', '2024-04-04T10:00'],
    ['the letter\'s date and the meeting\'s', 'Letter dated 19 October 2021\n\nThe open debate will be held on 16 November 2021 at 10:00.', '2021-11-16T10:00'],
    ['the document date alone on its line, then the meeting', '21 October 2021\n\nThe debate will be held on 16 November 2021, 10:00.', '2021-11-16T10:00']
  ])('%s', (_label, text, expected) => {
    expect(dateOf(text)).toEqual([expected, []])
  })

  it.each([
    ['no date at all', 'The Council will debate prevention.', null, ['NO_DATE']],
    ['a date without a time', 'The open debate will be held on 16 November 2021.', '2021-11-16', ['NO_TIME']],
    ['a date without a year', 'Letter dated 20 December 2022\n\nThe open debate will be held on Tuesday, 10 January, at 10 a.m.', '2023-01-10T10:00', ['DATE_YEAR_INFERRED']],
    ['a weekday that does not match', 'The open debate will be held on Monday, 16 November 2021, at 10:00.', '2021-11-16T10:00', ['DATE_WEEKDAY_MISMATCH']],
    ['day and month that could be swapped', 'The meeting will be held on 07/03/2023 at 10:00.', '2023-03-07T10:00', ['AMBIGUOUS_DATE']],
    ['two meeting dates that disagree', 'The debate will be held on 16 November 2021 at 10:00.\n\nThe meeting will be held on 18 November 2021 at 15:00.', '2021-11-16T10:00', ['AMBIGUOUS_DATE']],
    ['only a passing mention', 'Resolution 2171 was adopted on 21 August 2014.', '2014-08-21', ['AMBIGUOUS_DATE', 'NO_TIME']]
  ])('warns on %s', (_label, text, expected, codes) => {
    expect(dateOf(text)).toEqual([expected, codes])
  })
})
