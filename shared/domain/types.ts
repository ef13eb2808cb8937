// The entities of a meeting's floor, as plain immutable data. The control document holds exactly
// this shape; `shared/doc` projects it to and from Yjs.

import type { SegmentHeadingKey } from './segment-headings.ts'

declare const brand: unique symbol
export type Brand<T, B extends string> = T & { readonly [brand]: B }

export type MeetingId = Brand<string, 'MeetingId'>
export type SegmentId = Brand<string, 'SegmentId'>
export type SpeakerId = Brand<string, 'SpeakerId'>
export type QuestionId = Brand<string, 'QuestionId'>
export type RequestId = Brand<string, 'RequestId'>
export type StatementId = Brand<string, 'StatementId'>
/** A delegation's code, e.g. an ISO 3166 alpha-3 code ("MEX") or "EU". */
export type DelegationCode = Brand<string, 'DelegationCode'>
export type GroupId = Brand<string, 'GroupId'>

export type MeetingStatus = 'scheduled' | 'open' | 'suspended' | 'adjourned'

/** One sitting of the room, in the meeting's local time: `{ start: '10:00', end: '13:00' }`. */
export interface RoomSession {
  readonly start: string
  readonly end: string
}

export interface Meeting {
  readonly id: MeetingId
  readonly title: string
  readonly agendaItem: string
  /** The document symbol, e.g. "S/PV.8906". */
  readonly symbol: string
  /** BCP 47 language of the meeting's content, e.g. "ar". */
  readonly language: string
  /** ISO 8601 local date-time as written in the concept note, e.g. "2021-11-16T10:00". */
  readonly scheduledStart: string
  /** IANA time zone the room hours are in, e.g. "America/New_York". */
  readonly timeZone: string
  readonly roomHours: readonly RoomSession[]
  readonly status: MeetingStatus
  readonly expectedOutcome: string
  /** Inscriptions closed: delegations can no longer ask to be inscribed (the chair may still add). */
  readonly listClosed: boolean
  /**
   * The delegation presiding (a Council's presidency of the month), which speaks last among the members
   * in its national capacity. Absent on meetings created before it was recorded; null when none.
   */
  readonly presidency?: DelegationCode | null
}

export interface Delegation {
  readonly code: DelegationCode
  readonly name: string
}

export interface GuidingQuestion {
  readonly id: QuestionId
  /** The item's marker without brackets, e.g. "أ" or "a". */
  readonly label: string
  readonly text: string
  /** The heading the question sits under in a nested list, e.g. "1. Early warning"; absent when none. */
  readonly group?: string
}

/** How a segment's waiting speakers are ordered when the chair applies its rule. */
export const ORDERING_RULES = ['fixed', 'draw', 'inscription', 'protocol-then-draw', 'protocol-then-inscription'] as const
export type OrderingRule = (typeof ORDERING_RULES)[number]

export const SEGMENT_PURPOSES = ['statement', 'right-of-reply'] as const
export type SegmentPurpose = (typeof SEGMENT_PURPOSES)[number]

export interface Segment {
  readonly id: SegmentId
  readonly name: string
  /**
   * Which template heading `name` is, so each reader sees it in their language (see segment-headings.ts);
   * absent when the chair named the segment (and in documents from before headings were marked).
   */
  readonly nameKey?: SegmentHeadingKey
  readonly defaultLimitMs: number | null
  readonly orderingRule: OrderingRule
  readonly purpose: SegmentPurpose
  readonly orderKey: string
  /** The seed of the last draw (8 hex digits), recorded so anyone can re-run it; null if never drawn. */
  readonly drawSeed: string | null
}

/**
 * The speaker's standing. A group statement is not a standing: it is `onBehalfOf`, beside it (a Council
 * member speaking for the E10 stays a member). Documents from before kept 'group' here; see standing.ts.
 */
export const SPEAKER_KINDS = ['briefer', 'member', 'non-member', 'observer'] as const
export type SpeakerKind = (typeof SPEAKER_KINDS)[number]
/** `written`: the speaker's statement was circulated in writing instead of delivered (see `speaker:written`). */
export type SpeakerStatus = 'waiting' | 'speaking' | 'spoken' | 'withdrawn' | 'passed' | 'written'

/**
 * One member of a group: a code (one of the meeting's delegations, or any the UN roster knows), or the
 * name of a State or entity neither knows, as the chair typed it ("Cook Islands"). Members need no link.
 */
export type GroupMember = DelegationCode | { readonly name: string }

/** "Finland, on behalf of the Nordic countries (Denmark, Finland, Iceland, Norway, Sweden)". */
export interface OnBehalfOf {
  readonly group: string
  readonly members: readonly GroupMember[]
}

/**
 * A group the meeting knows, for the chair to pick when adding a group speaker. The speaker takes a copy
 * (`OnBehalfOf`), so editing or removing the group later does not rewrite who spoke for whom.
 */
export interface MeetingGroup {
  readonly id: GroupId
  readonly name: string
  readonly members: readonly GroupMember[]
}

export interface Speaker {
  readonly id: SpeakerId
  readonly segmentId: SegmentId
  /** Fractional order key within the segment; the list is never reordered by delete + insert. */
  readonly orderKey: string
  readonly name: string
  readonly delegation: DelegationCode | null
  readonly kind: SpeakerKind
  readonly onBehalfOf: OnBehalfOf | null
  /** Lower speaks earlier where the segment orders by protocol (1 = head of state). */
  readonly protocolRank: number | null
  /** Null: the segment's default limit applies. */
  readonly limitMs: number | null
  readonly status: SpeakerStatus
  readonly addedAtMs: number
  /** Who speaks for the delegation and in what capacity; the list shows the delegation, the record these. */
  readonly person?: string | null
  readonly title?: string | null
  /** The President speaking "in my capacity as the representative of …": last among the members. */
  readonly nationalCapacity?: boolean
}

export const REQUEST_TYPES = ['inscription', 'right-of-reply'] as const
export type RequestType = (typeof REQUEST_TYPES)[number]
export type RequestStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn'

export interface InscriptionRequest {
  readonly id: RequestId
  readonly delegation: DelegationCode
  readonly type: RequestType
  /**
   * The delegation's note ("" once the request was withdrawn or declined) and the chair's reason for
   * declining. Only the chair and the requesting delegation read them: the control document carries
   * neither, so they are absent from a state read from it until its reader's texts are put back
   * (request-text.ts).
   */
  readonly note?: string
  readonly onBehalfOf: OnBehalfOf | null
  readonly status: RequestStatus
  readonly createdAtMs: number
  readonly decidedAtMs: number | null
  readonly reason?: string | null
  readonly speakerId: SpeakerId | null
}

/** `written`: circulated in writing, never delivered; it exists so note-takers can tag its text. */
export type StatementKind = 'statement' | 'right-of-reply' | 'point-of-order' | 'written'

/** Why the clock stood still: the chair paused it, a point of order interrupted, or the meeting was suspended. */
export interface Pause {
  readonly startMs: number
  readonly endMs: number | null
  readonly reason: 'chair' | 'point-of-order' | 'suspension'
}

export interface Statement {
  readonly id: StatementId
  /** Null for a point of order raised by someone not on the list. */
  readonly speakerId: SpeakerId | null
  readonly name: string
  readonly delegation: DelegationCode | null
  readonly segmentId: SegmentId | null
  readonly kind: StatementKind
  readonly startedAtMs: number
  readonly endedAtMs: number | null
  readonly pauses: readonly Pause[]
  /** Speaking time without pauses; set when the statement ends. */
  readonly durationMs: number | null
  readonly limitMs: number | null
  /** max(0, duration − limit); set when the statement ends, null without a limit. */
  readonly overrunMs: number | null
  /** Copied from the speaker when the floor is given (and kept in step with corrections). */
  readonly person?: string | null
  readonly title?: string | null
  readonly nationalCapacity?: boolean
  /** The server outages the statement ran through (its time counts; see outage.ts); absent when none. */
  readonly outages?: readonly ServerOutage[]
}

/** The server was down from about `fromMs` (its last sign of life) until it came back at `toMs`. */
export interface ServerOutage {
  readonly fromMs: number
  readonly toMs: number
}

/** A moment of the meeting's own life, as the verbatim record frames it ("called to order at 10.06 a.m."). */
export interface SittingEvent {
  readonly kind: 'called-to-order' | 'suspended' | 'resumed' | 'rose'
  readonly atMs: number
}

export type TimerState = 'idle' | 'running' | 'paused'

/**
 * The clock of the statement on the floor. Absolute server instants only, never a ticking value:
 * elapsed = accumulatedMs + (running ? now − runningSinceMs : 0).
 */
export interface Timer {
  readonly statementId: StatementId | null
  readonly state: TimerState
  readonly runningSinceMs: number | null
  readonly accumulatedMs: number
  readonly limitMs: number | null
}

export interface Floor {
  readonly statementId: StatementId | null
  readonly speakerId: SpeakerId | null
  /** The statement a point of order interrupted, with its clock as it was, to resume after. */
  readonly interrupted: {
    readonly statementId: StatementId
    readonly speakerId: SpeakerId | null
    readonly timer: Timer
    readonly wasRunning: boolean
  } | null
}

export interface ControlState {
  readonly meeting: Meeting
  readonly delegations: readonly Delegation[]
  /** The groups the chair may pick for a group statement; [] in documents from before groups were kept. */
  readonly groups: readonly MeetingGroup[]
  readonly questions: readonly GuidingQuestion[]
  readonly segments: Readonly<Record<string, Segment>>
  readonly speakers: Readonly<Record<string, Speaker>>
  readonly requests: Readonly<Record<string, InscriptionRequest>>
  readonly statements: Readonly<Record<string, Statement>>
  readonly floor: Floor
  readonly timer: Timer
  /** When the meeting was called to order, suspended, resumed and rose, in order; [] in older documents. */
  readonly sittings: readonly SittingEvent[]
}

export const ROLES = ['chair', 'notetaker', 'public', 'delegation'] as const
export type Role = (typeof ROLES)[number]

/** Who sends a command. `id` names the token (never the token itself) for the audit log. */
export interface Actor {
  readonly role: Role
  readonly delegation: DelegationCode | null
  readonly id: string
}
