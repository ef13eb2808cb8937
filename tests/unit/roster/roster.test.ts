import { describe, expect, it } from 'vitest'
import { MEMBER_STATES, OBSERVER_STATES } from '../../../shared/roster/membership.ts'
import { entryForEnter, searchRoster, UN_LANGUAGES, unRoster } from '../../../shared/roster/roster.ts'

describe('the UN roster', () => {
  const roster = unRoster()

  it('has the 193 Member States, the two observer States and the observer organisations, each once', () => {
    expect(MEMBER_STATES).toHaveLength(193)
    expect(new Set(MEMBER_STATES).size).toBe(193)
    expect(OBSERVER_STATES).toEqual(['VAT', 'PSE'])
    expect(new Set(roster.map((entry) => entry.code)).size).toBe(roster.length)
    expect(roster.filter((entry) => entry.status !== 'observer-organisation')).toHaveLength(195)
    const organisations = roster.filter((entry) => entry.status === 'observer-organisation').map((entry) => entry.code)
    expect(organisations).toEqual(expect.arrayContaining(['AU', 'EU', 'ECOWAS', 'OIC', 'LAS', 'ICRC', 'IPU']))
    // Codes as every delegation code is checked (shared/protocol/schemas.ts).
    for (const code of organisations) expect(code).toMatch(/^[A-Z0-9-]{2,16}$/)
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
    ['EU', 'ru', 'Европейский союз'],
    ['AU', 'fr', 'Union africaine'],
    ['ECOWAS', 'en', 'Economic Community of West African States'],
    ['LAS', 'ar', 'جامعة الدول العربية'],
    ['ICRC', 'zh', '红十字国际委员会'],
    ['IPU', 'es', 'Unión Interparlamentaria'],
    ['OIC', 'ru', 'Организация исламского сотрудничества']
  ])('calls %s in %s "%s"', (code, language, name) => {
    expect(roster.find((entry) => entry.code === code)?.names[language as 'en']).toBe(name)
  })

  it.each([
    ['ken', ['KEN']],
    ['كيني', ['KEN']],
    ['Mexi', ['MEX']],
    ['Saint', ['KNA', 'LCA', 'SMR', 'VAT', 'VCT']],
    ['Korea', ['KOR', 'PRK']],
    ['', []]
  ])('finds "%s"', (query, codes) => {
    expect(searchRoster(roster, query).map((entry) => entry.code).sort()).toEqual([...codes].sort())
  })

  it.each([
    ['UK', 'GBR'], ['USA', 'USA'], ['US', 'USA'], ['Türkiye', 'TUR'], ['Turkey', 'TUR'], ['turkiye', 'TUR'],
    ['South Korea', 'KOR'], ['North Korea', 'PRK'], ['Russia', 'RUS'], ['Iran', 'IRN'], ['Syria', 'SYR'],
    ['Vietnam', 'VNM'], ['Czechia', 'CZE'], ['Czech Republic', 'CZE'], ['Bolivia', 'BOL'], ['Venezuela', 'VEN'],
    ['Tanzania', 'TZA'], ['Laos', 'LAO'], ['Moldova', 'MDA'], ['DRC', 'COD'], ['Congo', 'COG'],
    ['Ivory Coast', 'CIV'], ["Cote d'Ivoire", 'CIV'], ['Cape Verde', 'CPV'], ['Cabo Verde', 'CPV'],
    ['Swaziland', 'SWZ'], ['Eswatini', 'SWZ'], ['Burma', 'MMR'], ['Myanmar', 'MMR'], ['Macedonia', 'MKD'],
    ['North Macedonia', 'MKD'], ['Holy See', 'VAT'], ['Vatican', 'VAT'], ['Palestine', 'PSE'], ['Niger', 'NER'],
    ['African Union', 'AU'], ['AU', 'AU'], ['ECOWAS', 'ECOWAS'], ['CEDEAO', 'ECOWAS'], ['Arab League', 'LAS'],
    ['ICRC', 'ICRC'], ['Inter-Parliamentary Union', 'IPU'], ['الاتحاد الأفريقي', 'AU'], ['EU', 'EU']
  ])('Enter on "%s" adds %s (it is listed first)', (query, code) => {
    expect(entryForEnter(roster, query)?.code).toBe(code)
    expect(searchRoster(roster, query)[0]?.code).toBe(code)
  })

  it.each(['Korea', 'Gui', 'Saint', 'Republic'])('Enter on "%s" adds nobody: several match and none exactly', (query) => {
    expect(searchRoster(roster, query).length).toBeGreaterThan(1)
    expect(entryForEnter(roster, query)).toBeNull()
  })
})
