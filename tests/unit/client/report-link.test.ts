import { describe, expect, it } from 'vitest'
import { parseRoute, reportLink, takeToken, type Route } from '../../../client/lib/route.ts'
import type { MeetingId } from '../../../shared/domain/types.ts'

describe('the report link on the chair’s and note-takers’ pages', () => {
  it('carries the token in its fragment, so a new tab with empty sessionStorage opens the report', () => {
    const url = new URL(reportLink('mtg_1' as MeetingId, 'tok/en+1', 'ar'), 'https://rostrum.example')
    expect(url.pathname).toBe('/m/mtg_1/report')
    expect(url.searchParams.get('lang')).toBe('ar')
    const route = parseRoute(url.pathname) as Extract<Route, { kind: 'meeting' }>
    expect(route.view).toBe('report')
    const stored = new Map<string, string>()
    const replaced: string[] = []
    const token = takeToken(route, {
      location: { pathname: url.pathname, search: url.search, hash: url.hash },
      history: { state: null, replaceState: (_state, _title, address) => { replaced.push(String(address)) } },
      storage: { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => { stored.set(key, value) } }
    })
    expect(token).toBe('tok/en+1')
    // Out of the address bar once read.
    expect(replaced).toEqual(['/m/mtg_1/report?lang=ar'])
  })
})
