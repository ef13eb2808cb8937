import { describe, expect, it } from 'vitest'
import { parseScreenOptions } from '../../../client/components/screen/screen-options.ts'

describe('the screen link options', () => {
  it.each([
    ['', 30_000],
    ['?amber=60', 60_000],
    ['?lang=ar&amber=0', 0],
    ['?amber=12.5', 12_500],
    ['?amber=', 30_000],
    ['?amber=-5', 30_000],
    ['?amber=soon', 30_000],
    ['?amber=3600', 30_000]
  ])('%s → amber %i ms before the limit', (search, amberBeforeMs) => {
    expect(parseScreenOptions(search)).toEqual({ amberBeforeMs })
  })
})
