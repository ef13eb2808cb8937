import { describe, expect, it } from 'vitest'
import { capacityChanges } from '../../../client/lib/chair-console.svelte.ts'

describe("the speaker editor's capacity changes", () => {
  it.each([
    ['an untouched form on a speaker without them', {}, { person: '', title: '', nationalCapacity: false }, {}],
    ['an untouched form on a speaker with them', { person: 'Mr. X', title: 'Minister', nationalCapacity: true }, { person: 'Mr. X', title: 'Minister', nationalCapacity: true }, {}],
    ['a person named (trimmed)', {}, { person: '  Mr. X ', title: '', nationalCapacity: false }, { person: 'Mr. X' }],
    ['a title cleared', { title: 'Minister' }, { person: '', title: ' ', nationalCapacity: false }, { title: null }],
    ['national capacity flagged', {}, { person: '', title: '', nationalCapacity: true }, { nationalCapacity: true }],
    ['national capacity unflagged', { nationalCapacity: true }, { person: '', title: '', nationalCapacity: false }, { nationalCapacity: false }]
  ])('%s', (_case, before, draft, expected) => {
    expect(capacityChanges(before, draft)).toEqual(expected)
  })
})
