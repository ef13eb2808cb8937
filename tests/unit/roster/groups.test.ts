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
    ['arab-group', 22]
  ])('%s has %i members', (id, count) => {
    expect(membersOf(id)).toHaveLength(count)
  })

  it('the Nordic countries and the E10 of 2021 are who the records say', () => {
    expect([...membersOf('nordic-countries')].sort()).toEqual(['DNK', 'FIN', 'ISL', 'NOR', 'SWE'])
    expect([...membersOf('e10-2021')].sort()).toEqual(['EST', 'IND', 'IRL', 'KEN', 'MEX', 'NER', 'NOR', 'TUN', 'VCT', 'VNM'])
  })
})
