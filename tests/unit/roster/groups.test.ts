// The common groups are data a chair relies on: every member must be a code the roster knows (or the
// meeting's schema would refuse the group), and every group needs a name in each of the six languages.
import { describe, expect, it } from 'vitest'
import { isRosterCode } from '../../../shared/roster/codes.ts'
import { rosterGroups } from '../../../shared/roster/groups.ts'
import { UN_LANGUAGES } from '../../../shared/roster/roster.ts'

const membersOf = (id: string) => rosterGroups().find((group) => group.id === id)?.members ?? []

describe('the roster’s common groups', () => {
  it('name only codes the roster knows, each once', () => {
    for (const group of rosterGroups()) {
      expect(group.members.filter((code) => !isRosterCode(code)), group.id).toEqual([])
      expect(new Set(group.members).size, group.id).toBe(group.members.length)
    }
  })

  it('have a name in each of the six languages', () => {
    for (const group of rosterGroups()) {
      for (const language of UN_LANGUAGES) expect(group.names[language].trim(), `${group.id} ${language}`).not.toBe('')
    }
    expect(new Set(rosterGroups().map((group) => group.id)).size).toBe(rosterGroups().length)
  })

  it.each([
    ['eu-member-states', 27],
    ['arab-group', 22],
    ['african-group', 54],
    ['non-aligned-movement', 120],
    // China and 133 of the 134 members the Group reports (see groups.ts).
    ['g77-and-china', 134]
  ])('%s has %i members', (id, count) => {
    expect(membersOf(id)).toHaveLength(count)
  })

  it('the African Group is every Member State of Africa; the G77 and China name China; the Friends of Mediation their co-chairs', () => {
    expect(membersOf('african-group')).toEqual(expect.arrayContaining(['DZA', 'EGY', 'MAR', 'SSD', 'ZAF']))
    expect(membersOf('g77-and-china')[0]).toBe('CHN')
    expect(membersOf('g77-and-china')).toEqual(expect.arrayContaining([...membersOf('african-group')]))
    expect(membersOf('friends-of-mediation')).toEqual(['FIN', 'TUR'])
  })

  it('the Nordic countries and the E10 of 2021 are who the records say', () => {
    expect([...membersOf('nordic-countries')].sort()).toEqual(['DNK', 'FIN', 'ISL', 'NOR', 'SWE'])
    expect([...membersOf('e10-2021')].sort()).toEqual(['EST', 'IND', 'IRL', 'KEN', 'MEX', 'NER', 'NOR', 'TUN', 'VCT', 'VNM'])
  })
})
