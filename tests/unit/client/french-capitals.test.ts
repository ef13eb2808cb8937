// French keeps its accents on capitals ("À la parole", "État"): a bare "A la parole" reads as a typo on
// the chamber screen. Keyboards make the accented capital awkward, so this is checked, not hoped for.
import { describe, expect, it } from 'vitest'
import { loadWholeCatalogue } from '../../../client/i18n/catalogues.ts'

type Catalogue = { readonly [key: string]: string | Catalogue }

function leaves (catalogue: Catalogue, prefix = ''): [string, string][] {
  return Object.entries(catalogue).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`))
}

/** The preposition "à" capitalised: "A" before an article or in a fixed phrase; the verb ("A parlé") stays. */
const BARE_A = /\bA (la|le|les|l['’]|partir|propos|venir|nouveau|présent|jour|ce|cette|cet|un|une|des|tout|toute|tous|toutes)\b/u
/** Words that begin with "é" and lose it when capitalised. */
const BARE_E = /\bE(tat|tats|cran|tape|crit|crire|diter|dition|vén|chec|change|changes|quipe|galement|gal|lection|lu|lue|mis|mise|coute|viter|largir|tendre|lément|lève|noncé)\b/u

describe('the French catalogues', () => {
  it('accent their capitals', async () => {
    const french = await loadWholeCatalogue('fr') as Catalogue
    const bare = leaves(french).filter(([, text]) => BARE_A.test(text) || BARE_E.test(text))
    expect(bare).toEqual([])
  })

  it('catch the case that was seen: the screen said "A la parole"', () => {
    expect(BARE_A.test('A la parole')).toBe(true)
    expect(BARE_A.test('A parlé')).toBe(false)
    expect(BARE_E.test('Etat observateur')).toBe(true)
  })
})
