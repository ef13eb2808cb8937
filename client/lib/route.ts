import type { MeetingId } from '../../shared/domain/types.ts'

export const VIEWS = ['chair', 'notes', 'public', 'screen', 'delegation', 'report'] as const
export type View = (typeof VIEWS)[number]

export type Route =
  | { readonly kind: 'home' }
  | { readonly kind: 'meeting'; readonly meetingId: MeetingId; readonly view: View }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'setup' }

export function isView (value: string): value is View {
  return (VIEWS as readonly string[]).includes(value)
}

/** `/m/<meetingId>/<view>`, as the server's links print it. */
export function parseRoute (pathname: string): Route {
  if (pathname === '/' || pathname === '') return { kind: 'home' }
  if (pathname === '/setup' || pathname === '/setup/') return { kind: 'setup' }
  const match = /^\/m\/([A-Za-z0-9_-]{1,64})\/([a-z]+)\/?$/.exec(pathname)
  const [, meetingId, view] = match ?? []
  if (meetingId === undefined || view === undefined || !isView(view)) return { kind: 'not-found' }
  return { kind: 'meeting', meetingId: meetingId as MeetingId, view }
}

/** The token from a link's fragment (`#token=…`), which browsers never send to the server. */
export function tokenFromHash (hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')
  return token === null || token.trim() === '' ? null : token.trim()
}

/** The links whose token also opens the report (the server still decides what the token may read). */
const REPORT_FALLBACK: readonly View[] = ['chair', 'notes']

export interface TokenLocation {
  readonly pathname: string
  readonly search: string
  readonly hash: string
}

export interface TokenEnvironment {
  readonly location: TokenLocation
  readonly history: Pick<History, 'replaceState' | 'state'>
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>
}

/**
 * Takes the token out of the address bar (so it does not end up in screenshots, screen shares or
 * bookmarks) and keeps it in this tab's sessionStorage, so a reload still finds it.
 */
export function takeToken (route: Extract<Route, { kind: 'meeting' }>, env: TokenEnvironment): string | null {
  const key = `rostrum.token:${route.meetingId}/${route.view}`
  const fromHash = tokenFromHash(env.location.hash)
  if (fromHash === null) {
    // The report opened from the chair's or note-taker's page in this tab reuses that page's link.
    const keys = route.view === 'report' ? [key, ...REPORT_FALLBACK.map((view) => `rostrum.token:${route.meetingId}/${view}`)] : [key]
    for (const candidate of keys) {
      const stored = safely(() => env.storage.getItem(candidate)) ?? null
      if (stored !== null) return stored
    }
    return null
  }
  safely(() => env.storage.setItem(key, fromHash))
  env.history.replaceState(env.history.state, '', env.location.pathname + env.location.search)
  return fromHash
}

function safely<T> (action: () => T): T | undefined {
  try {
    return action()
  } catch {
    // Blocked storage: the token still works for this page load.
    return undefined
  }
}

/**
 * The report page of a meeting, for the chair's and note-takers' pages to open in a new tab. The
 * token travels in the fragment (never sent to the server, taken out of the address bar on arrival):
 * a new tab does not share this tab's sessionStorage, so the report cannot borrow the link kept here.
 */
export function reportLink (meetingId: MeetingId, token: string, language: string): string {
  return `/m/${encodeURIComponent(meetingId)}/report?lang=${encodeURIComponent(language)}#token=${encodeURIComponent(token)}`
}
