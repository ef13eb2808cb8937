import type {
  ControlState,
  Meeting,
  QuestionId,
  Segment,
  DelegationCode,
  OnBehalfOf,
  GroupId,
  GroupMember,
  RequestId,
  RequestType,
  SegmentId,
  SpeakerId,
  SpeakerKind,
  StatementId,
  Delegation,
  Actor
} from './types.ts'
import type { StatementBefore } from './commands/correction.ts'
import type { ObserverLookup } from './standing.ts'
import type { RosterLookup } from './participants.ts'

/** Where to put a speaker: right after `afterId` in the segment, or first when `afterId` is null. */
export interface Placement {
  readonly segmentId: SegmentId
  readonly afterId: SpeakerId | null
}

export interface SpeakerFields {
  readonly name: string
  readonly delegation: DelegationCode | null
  readonly kind: SpeakerKind
  readonly onBehalfOf: OnBehalfOf | null
  readonly protocolRank: number | null
  readonly limitMs: number | null
  readonly person?: string | null
  readonly title?: string | null
  readonly nationalCapacity?: boolean
}

/** What the chair may change about the meeting itself; status and the list's state have their own commands. */
export type MeetingFields = Pick<
  Meeting,
  'title' | 'agendaItem' | 'symbol' | 'language' | 'scheduledStart' | 'timeZone' | 'roomHours' | 'expectedOutcome' | 'presidency'
>

export interface QuestionFields {
  readonly label: string
  readonly text: string
  /** Null or "" takes the question out of its group. */
  readonly group: string | null
}

export type SegmentFields = Pick<Segment, 'name' | 'defaultLimitMs' | 'orderingRule' | 'purpose'>

export interface CommandPayloads {
  'speaker:add': Partial<SpeakerFields> & Pick<SpeakerFields, 'name'> & {
    readonly segmentId: SegmentId
    /** Omitted: at the end of the segment. */
    readonly afterId?: SpeakerId | null
  }
  'speaker:update': { readonly speakerId: SpeakerId; readonly changes: Partial<SpeakerFields> }
  'speaker:remove': { readonly speakerId: SpeakerId }
  /** `reason`: why the chair departs from the segment's ordering rule; kept in the audit log. */
  'speaker:move': { readonly speakerId: SpeakerId; readonly reason?: string } & Placement
  /**
   * Orders the segment's waiting speakers by its rule (draw, inscription, protocol rank). A draw uses
   * `seed` (8 hex digits) to re-run a recorded draw, or a fresh one; the seed is recorded on the segment.
   */
  'segment:order': { readonly segmentId: SegmentId; readonly seed?: string }
  /** Omitted `afterId`: the new segment goes last. */
  'segment:add': Pick<SegmentFields, 'name'> & Partial<SegmentFields> & { readonly afterId?: SegmentId | null }
  /** A new rule or limit applies from now on: nobody is reordered and the clock on the floor keeps its limit. */
  'segment:update': { readonly segmentId: SegmentId; readonly changes: Partial<SegmentFields> }
  /** Only an empty segment that nothing on record points to. */
  'segment:remove': { readonly segmentId: SegmentId }
  'meeting:update': { readonly changes: Partial<MeetingFields> }
  'question:add': Pick<QuestionFields, 'label' | 'text'> & {
    readonly group?: string | null
    /** Omitted: last; null: first. */
    readonly afterId?: QuestionId | null
  }
  'question:update': { readonly questionId: QuestionId; readonly changes: Partial<QuestionFields> }
  /** Note-takers' tags on the question stay in the notes document; coverage reports them as orphaned. */
  'question:remove': { readonly questionId: QuestionId }
  /** Null `afterId`: first. */
  'question:move': { readonly questionId: QuestionId; readonly afterId: QuestionId | null }
  /** A speaker's delegation (or the chair) takes the entry off the list; it stays on record. */
  'speaker:withdraw': { readonly speakerId: SpeakerId }
  /** The chair passes over a speaker who was called and is not in the room. */
  'speaker:pass': { readonly speakerId: SpeakerId }
  /** Waiting speakers whose statements are circulated in writing (one, or all remaining at once). */
  'speaker:written': { readonly speakerIds: readonly SpeakerId[] }
  /**
   * Back to waiting, from withdrawn or passed; or from written, which takes back the circulation: its
   * `written` statement (never delivered) leaves the record.
   */
  'speaker:restore': { readonly speakerId: SpeakerId }
  /** Carries the speaker the chair saw as next: a stale or double press is refused. */
  'floor:next': { readonly expectedSpeakerId: SpeakerId; readonly startTimer?: boolean }
  'floor:give': { readonly speakerId: SpeakerId; readonly startTimer?: boolean }
  'floor:end': Record<string, never>
  'timer:start': Record<string, never>
  'timer:pause': Record<string, never>
  'timer:resume': Record<string, never>
  'timer:extend': { readonly byMs: number }
  'timer:set-limit': { readonly limitMs: number | null }
  'point-of-order:raise': { readonly name: string; readonly delegation?: DelegationCode | null }
  'point-of-order:close': Record<string, never>
  'list:close': Record<string, never>
  'list:reopen': Record<string, never>
  'meeting:open': Record<string, never>
  'meeting:suspend': Record<string, never>
  'meeting:resume': Record<string, never>
  'meeting:adjourn': Record<string, never>
  'request:create': {
    readonly delegation: DelegationCode
    readonly type: RequestType
    readonly note?: string
    readonly onBehalfOf?: OnBehalfOf | null
  }
  'request:withdraw': { readonly requestId: RequestId }
  'request:accept': {
    readonly requestId: RequestId
    /** Omitted: the last segment for the request's purpose. */
    readonly segmentId?: SegmentId
    readonly afterId?: SpeakerId | null
    readonly limitMs?: number | null
  }
  'request:decline': { readonly requestId: RequestId; readonly reason?: string }
  /** Sent by the server for `POST /api/meetings/:id/delegations`, which issues the delegation's link with it. */
  'delegation:add': { readonly code: DelegationCode; readonly name: string }
  /** Only a delegation nothing in the meeting names; its links are revoked with it. */
  'delegation:remove': { readonly code: DelegationCode }
  /** A group the chair can pick for a group statement; members as for `onBehalfOf`. */
  'group:add': GroupFields
  'group:update': { readonly groupId: GroupId; readonly changes: Partial<GroupFields> }
  /** Speakers who spoke for the group keep their copy of it. */
  'group:remove': { readonly groupId: GroupId }
}

export interface GroupFields {
  readonly name: string
  readonly members: readonly GroupMember[]
}

export type CommandType = keyof CommandPayloads

/** Nothing to report beyond the new state. */
export type NoData = Readonly<Record<string, never>>

/**
 * What each command answers beside the new state, as the ack's `data` carries it (and the audit log
 * keeps it): the ids it made, the limit it set, what a correction replaced.
 */
export interface CommandResults {
  'speaker:add': { readonly speakerId: SpeakerId }
  /** The fields as they were; a speaker on the floor also reports the statement as it was. Empty when nothing changed. */
  'speaker:update': { readonly previous?: Readonly<Record<string, unknown>>; readonly statementBefore?: StatementBefore }
  'speaker:remove': NoData
  'speaker:move': NoData
  /** The draw's seed; null for a rule that draws nothing. */
  'segment:order': { readonly seed: string | null }
  'segment:add': { readonly segmentId: SegmentId }
  'segment:update': NoData
  'segment:remove': NoData
  'meeting:update': NoData
  'question:add': { readonly questionId: QuestionId }
  'question:update': NoData
  'question:remove': NoData
  'question:move': NoData
  'speaker:withdraw': NoData
  'speaker:pass': NoData
  /** The statements recorded as circulated in writing, one per speaker. */
  'speaker:written': { readonly statementIds: readonly StatementId[] }
  'speaker:restore': NoData
  'floor:next': { readonly statementId: StatementId; readonly speakerId: SpeakerId }
  'floor:give': { readonly statementId: StatementId; readonly speakerId: SpeakerId }
  'floor:end': { readonly statementId: StatementId }
  'timer:start': NoData
  'timer:pause': NoData
  'timer:resume': NoData
  'timer:extend': { readonly limitMs: number | null }
  'timer:set-limit': { readonly limitMs: number | null }
  'point-of-order:raise': { readonly statementId: StatementId }
  'point-of-order:close': { readonly statementId: StatementId }
  'list:close': NoData
  'list:reopen': NoData
  'meeting:open': NoData
  'meeting:suspend': NoData
  'meeting:resume': NoData
  'meeting:adjourn': NoData
  'request:create': { readonly requestId: RequestId }
  /** The speaker the accepted request put on the list. */
  'request:accept': { readonly speakerId: SpeakerId; readonly requestId: RequestId }
  'request:withdraw': NoData
  'request:decline': NoData
  'delegation:add': { readonly delegation: Delegation }
  'delegation:remove': NoData
  'group:add': { readonly groupId: GroupId }
  'group:update': NoData
  'group:remove': NoData
}

export type Command = {
  [T in CommandType]: { readonly type: T; readonly payload: CommandPayloads[T] }
}[CommandType]

export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>

export const COMMAND_TYPES = [
  'speaker:add',
  'speaker:update',
  'speaker:remove',
  'speaker:move',
  'speaker:withdraw',
  'speaker:pass',
  'speaker:restore',
  'speaker:written',
  'segment:order',
  'segment:add',
  'segment:update',
  'segment:remove',
  'meeting:update',
  'question:add',
  'question:update',
  'question:remove',
  'question:move',
  'floor:next',
  'floor:give',
  'floor:end',
  'timer:start',
  'timer:pause',
  'timer:resume',
  'timer:extend',
  'timer:set-limit',
  'point-of-order:raise',
  'point-of-order:close',
  'list:close',
  'list:reopen',
  'meeting:open',
  'meeting:suspend',
  'meeting:resume',
  'meeting:adjourn',
  'request:create',
  'request:withdraw',
  'request:accept',
  'request:decline',
  'delegation:add',
  'delegation:remove',
  'group:add',
  'group:update',
  'group:remove'
] as const satisfies readonly CommandType[]

/** Fails to compile when a command has a payload type but is missing from COMMAND_TYPES. */
type Unlisted = Exclude<CommandType, (typeof COMMAND_TYPES)[number]>
export const EVERY_COMMAND_LISTED: [Unlisted] extends [never] ? true : Unlisted = true

/** Everything a command may depend on besides the state: injected, so the domain stays pure. */
export interface CommandContext {
  readonly actor: Actor
  readonly nowMs: number
  /** A fresh unique id with the given prefix ("spk", "req", "stm"). */
  readonly newId: (prefix: string) => string
  /** Whether the UN roster lists a delegation as an observer (see standing.ts); none is, without it. */
  readonly isObserver?: ObserverLookup
  /** Whether the UN roster knows a code, so a group may name members not at the meeting; none, without it. */
  readonly isRosterCode?: RosterLookup
  /** Bytes of the control document as a joining client downloads it; asked only when a budget needs it. */
  readonly controlBytes?: () => number
}

/** Every refusal a command can meet. Expected violations are values, never throws. */
export const DOMAIN_ERROR_CODES = [
  'FORBIDDEN',
  'NOT_YOUR_DELEGATION',
  'UNKNOWN_DELEGATION',
  'MEETING_NOT_OPEN',
  'MEETING_ADJOURNED',
  'INVALID_TRANSITION',
  'SEGMENT_NOT_FOUND',
  'SEGMENT_NOT_EMPTY',
  'QUESTION_NOT_FOUND',
  'QUESTION_LABEL_TAKEN',
  'LIMIT_REACHED',
  'SPEAKER_NOT_FOUND',
  'SPEAKER_NOT_WAITING',
  'SPEAKER_IS_SPEAKING',
  'INVALID_POSITION',
  'STALE_NEXT',
  'LIST_EMPTY',
  'LIST_CLOSED',
  'FLOOR_EMPTY',
  'FLOOR_OCCUPIED',
  'TIMER_NOT_RUNNING',
  'TIMER_NOT_PAUSED',
  'TIMER_ALREADY_RUNNING',
  'NO_LIMIT',
  'POINT_OF_ORDER_OPEN',
  'NO_POINT_OF_ORDER',
  'REQUEST_NOT_FOUND',
  'REQUEST_NOT_PENDING',
  'DUPLICATE_REQUEST',
  'REQUEST_QUOTA_REACHED',
  'CONTROL_BUDGET_REACHED',
  'DELEGATION_CODE_TAKEN',
  'DELEGATION_IN_USE',
  'GROUP_NOT_FOUND'
] as const

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number]

export interface DomainError {
  readonly code: DomainErrorCode
  readonly message: string
}

/** A command's outcome: the new state and what the command reports, or why it was refused. */
export type CommandResult<T extends CommandType = CommandType> = Outcome<CommandResults[T]>

/** Accepted with `data`, or refused. */
export type Outcome<D> =
  | { readonly ok: true; readonly state: ControlState; readonly data: D }
  | { readonly ok: false; readonly error: DomainError }
