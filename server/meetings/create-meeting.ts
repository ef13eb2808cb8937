import * as Y from 'yjs'
import { createInitialState } from '../../shared/domain/create-meeting.ts'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import type { DelegationCode, MeetingId, Role } from '../../shared/domain/types.ts'
import { writeControlState } from '../../shared/doc/control.ts'
import type { MeetingLinks } from '../../shared/protocol/api.ts'
import { generateToken, hashToken } from '../auth/tokens.ts'
import type { Clock } from '../clock.ts'
import { randomId } from '../ids.ts'
import type { Store, TokenRecord } from '../store/store.ts'

/** The raw tokens of a new meeting: handed out once, stored only hashed. */
export interface MeetingTokens {
  readonly chair: string
  readonly notetaker: string
  readonly public: string
  readonly delegations: Readonly<Record<string, string>>
}

export interface CreatedMeeting {
  readonly id: MeetingId
  readonly tokens: MeetingTokens
}

export async function createMeeting (description: MeetingDescription, deps: { store: Store; clock: Clock }): Promise<CreatedMeeting> {
  const nowMs = deps.clock.now()
  const id = randomId('mtg') as MeetingId
  const state = createInitialState(id, description, { nowMs, newId: randomId })

  const control = new Y.Doc()
  writeControlState(control, null, state)
  const notes = new Y.Doc()

  const tokens: MeetingTokens = {
    chair: generateToken(),
    notetaker: generateToken(),
    public: generateToken(),
    delegations: Object.fromEntries(state.delegations.map((d) => [d.code, generateToken()]))
  }
  const record = (token: string, role: Role, delegation: DelegationCode | null): TokenRecord => ({
    hash: hashToken(token), meetingId: id, role, delegation, createdAtMs: nowMs, revokedAtMs: null
  })
  await deps.store.createMeeting(
    { id, title: state.meeting.title, createdAtMs: nowMs },
    [
      record(tokens.chair, 'chair', null),
      record(tokens.notetaker, 'notetaker', null),
      record(tokens.public, 'public', null),
      ...Object.entries(tokens.delegations).map(([code, token]) => record(token, 'delegation', code as DelegationCode))
    ],
    { control: Y.encodeStateAsUpdate(control), notes: Y.encodeStateAsUpdate(notes) }
  )
  return { id, tokens }
}

export type View = 'chair' | 'notes' | 'public' | 'screen' | 'delegation'

/** The page each role's link opens. */
export const VIEW_OF_ROLE: Readonly<Record<Role, View>> = { chair: 'chair', notetaker: 'notes', public: 'public', delegation: 'delegation' }

/** Tokens travel in the URL fragment, which browsers never send to the server (nor to its logs). */
export function meetingLink (baseUrl: string, meetingId: MeetingId, view: View, token: string): string {
  return `${baseUrl}/m/${meetingId}/${view}#token=${token}`
}

export function meetingLinks (baseUrl: string, meeting: CreatedMeeting): MeetingLinks {
  const link = (view: View, token: string) => meetingLink(baseUrl, meeting.id, view, token)
  return {
    chair: link('chair', meeting.tokens.chair),
    notetaker: link('notes', meeting.tokens.notetaker),
    public: link('public', meeting.tokens.public),
    screen: link('screen', meeting.tokens.public),
    delegations: Object.fromEntries(
      Object.entries(meeting.tokens.delegations).map(([code, token]) => [code, link('delegation', token)]))
  }
}
