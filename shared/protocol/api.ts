// What the HTTP API answers (docs/protocol.md §14), declared once for the server that sends it and
// the client that reads it.
import type { ParsedConceptNote } from '../concept-note/types.ts'
import type { DelegationCode, MeetingId } from '../domain/types.ts'

/** One link per role; the screen opens with the public token, each delegation with its own. */
export interface MeetingLinks {
  readonly chair: string
  readonly notetaker: string
  readonly public: string
  readonly screen: string
  readonly delegations: Readonly<Record<string, string>>
}

/** What `POST /api/meetings` answers. */
export interface CreatedMeetingAnswer {
  readonly id: MeetingId
  readonly links: MeetingLinks
}

/** What `POST /api/meetings/:id/delegations` answers: the delegation added and its new link. */
export interface AddedDelegationAnswer {
  readonly delegation: { readonly code: DelegationCode; readonly name: string }
  readonly link: string
}

/** What `POST /api/concept-notes/parse` answers: the import's proposal, every field for the user to review. */
export type ParsedNoteAnswer = ParsedConceptNote
