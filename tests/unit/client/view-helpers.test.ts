import { describe, expect, it } from 'vitest'
import { en, loadWholeCatalogue } from '../../../client/i18n/catalogues.ts'
import { LANGUAGES, pickLanguage, supportedLanguage } from '../../../client/i18n/language.ts'
import { clockLight } from '../../../shared/domain/timer.ts'
import { formatDuration, formatRemaining } from '../../../client/lib/format.ts'
import { parseRoute, takeToken, type Route } from '../../../client/lib/route.ts'
import { ERROR_CODES } from '../../../shared/protocol/errors.ts'

function keys (catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`])
}

describe('catalogues', () => {
  // Key-by-key parity with English, plural forms and placeholders: tests/unit/client/languages.test.ts.
  it('have no empty message in any language', async () => {
    for (const catalogue of await Promise.all(LANGUAGES.map(loadWholeCatalogue))) {
      for (const key of keys(catalogue)) expect(key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogue)).not.toBe('')
    }
  })

  it('explain every error code the server can send', () => {
    for (const code of [...ERROR_CODES, 'TIMEOUT']) expect(Object.keys(en.errors)).toContain(code)
  })
})

describe('pickLanguage', () => {
  it.each([
    [{ query: 'ar', stored: 'en', preferred: ['en-US'] }, 'ar'],
    [{ query: 'xx', stored: 'ar', preferred: ['en-US'] }, 'ar'],
    [{ query: null, stored: null, preferred: ['de-DE', 'ar-EG'] }, 'ar'],
    [{ query: null, stored: null, preferred: ['de'] }, 'en']
  ])('%o → %s', (sources, expected) => {
    expect(pickLanguage(sources)).toBe(expected)
  })

  it('reads a regional tag as its language', () => {
    expect(supportedLanguage('AR_sa')).toBe('ar')
    expect(supportedLanguage(undefined)).toBeNull()
  })
})

describe('clock', () => {
  it.each([
    [null, 'green'],
    [60_000, 'green'],
    [30_001, 'green'],
    [30_000, 'amber'],
    [1, 'amber'],
    [0, 'red'],
    [-5_000, 'red']
  ] as const)('remaining %s ms → %s', (remainingMs, light) => {
    expect(clockLight(remainingMs)).toBe(light)
  })

  it('formats elapsed down and remaining up to the second', () => {
    expect(formatDuration(0)).toBe('00:00')
    expect(formatDuration(4_999)).toBe('00:04')
    expect(formatDuration(3_723_000)).toBe('1:02:03')
    expect(formatRemaining(300_000)).toBe('05:00')
    expect(formatRemaining(299_001)).toBe('05:00')
    expect(formatRemaining(-300)).toBe('−00:01')
  })
})

describe('routes and tokens', () => {
  it.each([
    ['/', { kind: 'home' }],
    ['/m/mtg_A1-b/chair', { kind: 'meeting', meetingId: 'mtg_A1-b', view: 'chair' }],
    ['/m/mtg_A1/delegation/', { kind: 'meeting', meetingId: 'mtg_A1', view: 'delegation' }],
    ['/m/mtg_A1/admin', { kind: 'not-found' }],
    ['/m/../chair', { kind: 'not-found' }]
  ] as const)('%s', (pathname, route) => {
    expect(parseRoute(pathname)).toEqual(route)
  })

  const route = parseRoute('/m/mtg_1/public') as Extract<Route, { kind: 'meeting' }>

  function environment (hash: string) {
    const stored = new Map<string, string>()
    const replaced: string[] = []
    return {
      stored,
      replaced,
      env: {
        location: { pathname: '/m/mtg_1/public', search: '?lang=ar', hash },
        history: { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => { replaced.push(String(url)) } },
        storage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => { stored.set(key, value) } }
      }
    }
  }

  it('moves the token from the address bar into session storage', () => {
    const { env, stored, replaced } = environment('#token=secret-token-123')
    expect(takeToken(route, env)).toBe('secret-token-123')
    expect(replaced).toEqual(['/m/mtg_1/public?lang=ar'])
    expect([...stored.values()]).toEqual(['secret-token-123'])
  })

  it('finds the stored token after a reload, and nothing without one', () => {
    const first = environment('#token=secret-token-123')
    takeToken(route, first.env)
    const reload = { ...first.env, location: { ...first.env.location, hash: '' } }
    expect(takeToken(route, reload)).toBe('secret-token-123')
    expect(first.replaced).toHaveLength(1)
    expect(takeToken(route, environment('').env)).toBeNull()
  })
})
