import { describe, expect, it } from 'vitest'
import { MEMBER_STATES, OBSERVER_STATES } from '../../../shared/roster/membership.ts'
import { searchRoster, UN_LANGUAGES, unRoster } from '../../../shared/roster/roster.ts'

describe('the UN roster', () => {
  const roster = unRoster()

  it('has the 193 Member States, the two observer States and the European Union, each once', () => {
    expect(MEMBER_STATES).toHaveLength(193)
    expect(new Set(MEMBER_STATES).size).toBe(193)
    expect(OBSERVER_STATES).toEqual(['VAT', 'PSE'])
    expect(roster).toHaveLength(196)
    expect(roster.at(-1)).toMatchObject({ code: 'EU', status: 'observer-organisation' })
  })

  it('names every entry in all six languages (a code left as its own name means a wrong code)', () => {
    for (const entry of roster) {
      for (const language of UN_LANGUAGES) {
        expect(entry.names[language], `${entry.code} in ${language}`).not.toBe(entry.code)
        expect(entry.names[language].length, `${entry.code} in ${language}`).toBeGreaterThan(1)
      }
    }
  })

  it.each([
    ['VNM', 'en', 'Viet Nam'],
    ['RUS', 'en', 'Russian Federation'],
    ['VAT', 'en', 'Holy See'],
    ['MEX', 'ar', 'المكسيك'],
    ['CHN', 'zh', '中国'],
    ['KEN', 'fr', 'Kenya'],
    ['EU', 'ru', 'Европейский союз']
  ])('calls %s in %s "%s"', (code, language, name) => {
    expect(roster.find((entry) => entry.code === code)?.names[language as 'en']).toBe(name)
  })

  it.each([
    ['ken', ['KEN']],
    ['كيني', ['KEN']],
    ['Mexi', ['MEX']],
    ['Saint', ['KNA', 'LCA', 'SMR', 'VAT', 'VCT']],
    ['', []]
  ])('finds "%s"', (query, codes) => {
    expect(searchRoster(roster, query).map((entry) => entry.code).sort()).toEqual([...codes].sort())
  })
})
