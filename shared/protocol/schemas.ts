import { z } from 'zod'
import {
  COMMAND_TYPES,
  type CommandPayloads,
  type CommandType
} from '../domain/commands.ts'
import type { MeetingDescription } from '../domain/meeting-description.ts'
import { MAX_GROUPS } from '../domain/commands/group.ts'
import { unknownDelegationCode, unknownMemberCode } from '../domain/participants.ts'
import { isRosterCode } from '../roster/codes.ts'
import { SEGMENT_HEADING_KEYS } from '../domain/segment-headings.ts'
import { MAX_LIVE_CLIENT_FRAME, type LiveClientMessage } from './live.ts'
import {
  ORDERING_RULES,
  REQUEST_TYPES,
  SEGMENT_PURPOSES,
  SPEAKER_KINDS,
  type DelegationCode,
  type GroupId,
  type QuestionId,
  type RequestId,
  type SegmentId,
  type SpeakerId
} from '../domain/types.ts'

// Bounds keep one hostile payload from growing the state without limit.
const MAX_NAME = 200
const MAX_TEXT = 4000
const MAX_LIMIT_MS = 4 * 60 * 60 * 1000
// The largest group a debate names is the G77 (134 States); room to spare, never unbounded.
const MAX_GROUP_MEMBERS = 200

const id = z.string().min(1).max(80).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
const speakerId = id.transform((s) => s as SpeakerId)
const segmentId = id.transform((s) => s as SegmentId)
const requestId = id.transform((s) => s as RequestId)
const questionId = id.transform((s) => s as QuestionId)
const groupId = id.transform((s) => s as GroupId)
const delegationCode = z.string().min(2).max(16).regex(/^[A-Z0-9-]+$/, 'upper-case letters, digits and -')
  .transform((s) => s as DelegationCode)
const name = z.string().trim().min(1).max(MAX_NAME)
const limitMs = z.number().int().min(0).max(MAX_LIMIT_MS)
const empty = z.strictObject({})
const text = z.string().trim().min(1).max(MAX_TEXT)
const optionalText = z.string().trim().max(MAX_TEXT)
/** A question's marker, as the concept-note import gives it: "أ", "b", "1.a". */
const questionLabel = z.string().trim().min(1).max(16)
const questionGroup = z.string().trim().max(MAX_NAME).nullable()
const orderingRule = z.enum(ORDERING_RULES)
const segmentPurpose = z.enum(SEGMENT_PURPOSES)
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
const roomHours = z.array(z.strictObject({ start: clockTime, end: clockTime })
  .refine((s) => s.start < s.end, 'start before end')).max(10)
const timeZone = z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone')
const scheduledStart = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'YYYY-MM-DDTHH:MM (local time)')
/** Exports and views hand the meeting's language to Intl, which throws on anything but a BCP 47 tag. */
const language = z.string().min(2).max(35).refine(isLanguageTag, 'a BCP 47 language tag, e.g. "ar" or "zh-Hans"')

/** A code, or `{ name }` for a State or entity the roster does not list (an object, so never taken for a code). */
const groupMember = z.union([delegationCode, z.strictObject({ name })])
const groupMembers = z.array(groupMember).max(MAX_GROUP_MEMBERS)

const onBehalfOf = z.strictObject({
  group: name,
  members: groupMembers
})
const groupFields = { name, members: groupMembers }

const speakerFields = {
  name,
  delegation: delegationCode.nullable(),
  // 'group' is the old name of a non-member's group statement, still taken from clients written before
  // standing and onBehalfOf were separated.
  kind: z.enum([...SPEAKER_KINDS, 'group']).transform((kind) => kind === 'group' ? 'non-member' : kind),
  onBehalfOf: onBehalfOf.nullable(),
  protocolRank: z.number().int().min(0).max(1000).nullable(),
  limitMs: limitMs.nullable(),
  person: z.string().trim().max(MAX_NAME).nullable(),
  title: z.string().trim().max(MAX_TEXT).nullable(),
  nationalCapacity: z.boolean()
}

/** One validator per command: the wire payload is untrusted until it passes this. */
export const commandPayloadSchemas: { [T in CommandType]: z.ZodType<CommandPayloads[T]> } = {
  'speaker:add': z.strictObject({
    ...z.object(speakerFields).partial().shape,
    name,
    segmentId,
    afterId: speakerId.nullable().optional()
  }),
  'speaker:update': z.strictObject({
    speakerId,
    changes: z.strictObject(speakerFields).partial()
  }),
  'speaker:remove': z.strictObject({ speakerId }),
  'speaker:move': z.strictObject({ speakerId, segmentId, afterId: speakerId.nullable(), reason: z.string().trim().max(MAX_TEXT).optional() }),
  'segment:order': z.strictObject({ segmentId, seed: z.string().regex(/^[0-9a-f]{8}$/, '8 hex digits').optional() }),
  'segment:add': z.strictObject({
    name,
    defaultLimitMs: limitMs.nullable().optional(),
    orderingRule: orderingRule.optional(),
    purpose: segmentPurpose.optional(),
    afterId: segmentId.nullable().optional()
  }),
  'segment:update': z.strictObject({
    segmentId,
    changes: z.strictObject({ name, defaultLimitMs: limitMs.nullable(), orderingRule, purpose: segmentPurpose }).partial()
  }),
  'segment:remove': z.strictObject({ segmentId }),
  'meeting:update': z.strictObject({
    changes: z.strictObject({
      title: text,
      agendaItem: optionalText,
      symbol: z.string().trim().max(MAX_NAME),
      language,
      scheduledStart,
      timeZone,
      roomHours,
      expectedOutcome: optionalText,
      presidency: delegationCode.nullable()
    }).partial()
  }),
  'question:add': z.strictObject({ label: questionLabel, text, group: questionGroup.optional(), afterId: questionId.nullable().optional() }),
  'question:update': z.strictObject({
    questionId,
    changes: z.strictObject({ label: questionLabel, text, group: questionGroup }).partial()
  }),
  'question:remove': z.strictObject({ questionId }),
  'question:move': z.strictObject({ questionId, afterId: questionId.nullable() }),
  'speaker:withdraw': z.strictObject({ speakerId }),
  'speaker:pass': z.strictObject({ speakerId }),
  'speaker:restore': z.strictObject({ speakerId }),
  // A whole list fits (the longest open debates have a few hundred speakers).
  'speaker:written': z.strictObject({ speakerIds: z.array(speakerId).min(1).max(1000) }),
  'floor:next': z.strictObject({ expectedSpeakerId: speakerId, startTimer: z.boolean().optional() }),
  'floor:give': z.strictObject({ speakerId, startTimer: z.boolean().optional() }),
  'floor:end': empty,
  'timer:start': empty,
  'timer:pause': empty,
  'timer:resume': empty,
  'timer:extend': z.strictObject({ byMs: z.number().int().min(1000).max(60 * 60 * 1000) }),
  'timer:set-limit': z.strictObject({ limitMs: limitMs.nullable() }),
  'point-of-order:raise': z.strictObject({ name, delegation: delegationCode.nullable().optional() }),
  'point-of-order:close': empty,
  'list:close': empty,
  'list:reopen': empty,
  'meeting:open': empty,
  'meeting:suspend': empty,
  'meeting:resume': empty,
  'meeting:adjourn': empty,
  'request:create': z.strictObject({
    delegation: delegationCode,
    type: z.enum(REQUEST_TYPES),
    note: z.string().max(MAX_TEXT).optional(),
    onBehalfOf: onBehalfOf.nullable().optional()
  }),
  'request:withdraw': z.strictObject({ requestId }),
  'request:accept': z.strictObject({
    requestId,
    segmentId: segmentId.optional(),
    afterId: speakerId.nullable().optional(),
    limitMs: limitMs.nullable().optional()
  }),
  'request:decline': z.strictObject({ requestId, reason: z.string().max(MAX_TEXT).optional() }),
  'delegation:add': z.strictObject({ code: delegationCode, name }),
  'delegation:remove': z.strictObject({ code: delegationCode }),
  'group:add': z.strictObject(groupFields),
  'group:update': z.strictObject({ groupId, changes: z.strictObject(groupFields).partial() }),
  'group:remove': z.strictObject({ groupId })
}

export const commandEnvelopeSchema = z.strictObject({
  // Chosen by the client (a UUID); the same id retried after a reconnect is applied once.
  id: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  type: z.string().max(64),
  payload: z.unknown()
})

export function isCommandType (type: string): type is CommandType {
  return (COMMAND_TYPES as readonly string[]).includes(type)
}

export const meetingDescriptionSchema: z.ZodType<MeetingDescription> = z.strictObject({
  title: z.string().trim().min(1).max(MAX_TEXT),
  agendaItem: z.string().max(MAX_TEXT).optional(),
  symbol: z.string().max(MAX_NAME).optional(),
  language: language.optional(),
  scheduledStart,
  timeZone: timeZone.optional(),
  roomHours: roomHours.optional(),
  expectedOutcome: z.string().max(MAX_TEXT).optional(),
  presidency: delegationCode.optional(),
  delegations: z.array(z.strictObject({ code: delegationCode, name })).max(400).optional(),
  questions: z.array(z.strictObject({ label: questionLabel, text, group: z.string().trim().max(MAX_NAME).optional() }))
    .max(50).optional(),
  segments: z.array(z.strictObject({
    name,
    nameKey: z.enum(SEGMENT_HEADING_KEYS).optional(),
    defaultLimitMs: limitMs.nullable().optional(),
    orderingRule: orderingRule.optional(),
    purpose: segmentPurpose.optional(),
    speakers: z.array(z.strictObject({ ...z.object(speakerFields).partial().shape, name })).max(500).optional()
  })).max(20).optional(),
  groups: z.array(z.strictObject(groupFields)).max(MAX_GROUPS).optional()
}).superRefine((description, context) => {
  // A speaker's delegation must be one of the meeting's: its link, requests and records hang on it.
  const known = new Set((description.delegations ?? []).map((d) => d.code))
  if (description.presidency !== undefined && !known.has(description.presidency)) {
    context.addIssue({ code: 'custom', path: ['presidency'], message: `delegation ${description.presidency} is not among the meeting's delegations` })
  }
  description.groups?.forEach((group, g) => {
    const code = unknownMemberCode(known, group.members, isRosterCode)
    if (code !== null) context.addIssue({ code: 'custom', path: ['groups', g, 'members'], message: `delegation ${code} is not among the meeting's delegations nor on the UN roster` })
  })
  description.segments?.forEach((segment, s) => segment.speakers?.forEach((speaker, p) => {
    const code = unknownDelegationCode(description.delegations ?? [], speaker, isRosterCode)
    if (code !== null) {
      context.addIssue({ code: 'custom', path: ['segments', s, 'speakers', p], message: `delegation ${code} is not among the meeting's delegations${code === speaker.delegation ? '' : ' nor on the UN roster'}` })
    }
  }))
})

function isLanguageTag (tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1
  } catch {
    return false
  }
}

function isTimeZone (zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const protocolVersionSchema = z.number().int().min(0).max(1_000_000)

/** Socket.IO's handshake `auth` (shared/protocol/messages.ts `Hello`); the token is checked against the store. */
export const helloSchema = z.object({
  token: z.string(),
  protocolVersion: protocolVersionSchema.optional(),
  followNotes: z.boolean().optional()
})

const liveBase64 = z.string().max(MAX_LIVE_CLIENT_FRAME).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')

/** A live link's message (shared/protocol/live.ts): the hello, then pings. */
export const liveClientMessageSchema: z.ZodType<LiveClientMessage> = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hello'),
    token: z.string().min(16).max(128),
    protocolVersion: protocolVersionSchema.optional(),
    followNotes: z.boolean().optional(),
    control: liveBase64,
    notes: liveBase64.optional()
  }),
  z.strictObject({ type: z.literal('ping'), id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
])

/** zod's issues, flattened to one line a person can act on. */
export function describeIssues (error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ')
}
