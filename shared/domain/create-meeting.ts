// A new meeting's control state from its description (what the chair or the concept-note import gives).
import type { SpeakerFields } from './commands.ts'
import type { MeetingDescription, SegmentDescription, SpeakerDescription as DescribedSpeaker } from './meeting-description.ts'
import { capacityOf } from './capacity.ts'
import { initialOrderKeys } from './order.ts'
import { IDLE_TIMER } from './timer.ts'
import type {
  ControlState,
  DelegationCode,
  GroupId,
  GroupMember,
  GuidingQuestion,
  MeetingId,
  QuestionId,
  Segment,
  SegmentId,
  Speaker,
  SpeakerId
} from './types.ts'

const MINUTE_MS = 60_000

/** The usual shape of an open debate: briefers, then the list, then rights of reply. */
export const DEFAULT_SEGMENTS: readonly SegmentDescription[] = [
  { name: 'Briefers', defaultLimitMs: null, orderingRule: 'fixed', purpose: 'statement' },
  { name: 'Speakers', defaultLimitMs: 5 * MINUTE_MS, orderingRule: 'inscription', purpose: 'statement' },
  { name: 'Rights of reply', defaultLimitMs: 3 * MINUTE_MS, orderingRule: 'inscription', purpose: 'right-of-reply' }
]

export interface CreateContext {
  readonly nowMs: number
  readonly newId: (prefix: string) => string
}

type SpeakerDescription = Partial<SpeakerFields> & Pick<SpeakerFields, 'name'>

export function speakerFromFields (
  id: SpeakerId,
  segmentId: SegmentId,
  orderKey: string,
  fields: SpeakerDescription,
  nowMs: number
): Speaker {
  return {
    id,
    segmentId,
    orderKey,
    name: fields.name,
    delegation: fields.delegation ?? null,
    kind: fields.kind ?? 'member',
    onBehalfOf: fields.onBehalfOf ?? null,
    protocolRank: fields.protocolRank ?? null,
    limitMs: fields.limitMs ?? null,
    status: 'waiting',
    addedAtMs: nowMs,
    ...capacityOf(fields)
  }
}

export function createInitialState (id: MeetingId, description: MeetingDescription, ctx: CreateContext): ControlState {
  const segmentDescriptions = description.segments?.length ? description.segments : DEFAULT_SEGMENTS
  const segmentKeys = initialOrderKeys(segmentDescriptions.length)
  const segments: Record<string, Segment> = {}
  const speakers: Record<string, Speaker> = {}
  segmentDescriptions.forEach((described, index) => {
    const segmentId = ctx.newId('seg') as SegmentId
    segments[segmentId] = {
      id: segmentId,
      name: described.name,
      ...(described.nameKey === undefined ? {} : { nameKey: described.nameKey }),
      defaultLimitMs: described.defaultLimitMs ?? null,
      orderingRule: described.orderingRule ?? 'inscription',
      purpose: described.purpose ?? 'statement',
      orderKey: segmentKeys[index] ?? '',
      drawSeed: null
    }
    const listed = described.speakers ?? []
    const speakerKeys = initialOrderKeys(listed.length)
    listed.forEach((fields, position) => {
      const speakerId = ctx.newId('spk') as SpeakerId
      const checked = presidentFlagged(checkedFields(fields), description.presidency)
      speakers[speakerId] = speakerFromFields(speakerId, segmentId, speakerKeys[position] ?? '', checked, ctx.nowMs)
    })
  })
  const questions: GuidingQuestion[] = (description.questions ?? []).map((question) => ({
    id: ctx.newId('q') as QuestionId,
    label: question.label,
    text: question.text,
    ...(question.group ? { group: question.group } : {})
  }))
  return {
    meeting: {
      id,
      title: description.title,
      agendaItem: description.agendaItem ?? '',
      symbol: description.symbol ?? '',
      language: description.language ?? 'en',
      scheduledStart: description.scheduledStart,
      timeZone: description.timeZone ?? 'UTC',
      roomHours: description.roomHours ?? [],
      status: 'scheduled',
      expectedOutcome: description.expectedOutcome ?? '',
      listClosed: false,
      presidency: (description.presidency ?? null) as DelegationCode | null
    },
    delegations: (description.delegations ?? []).map((d) => ({ code: d.code as DelegationCode, name: d.name })),
    groups: (description.groups ?? []).map((group) => ({
      id: ctx.newId('grp') as GroupId, name: group.name, members: group.members as GroupMember[]
    })),
    questions,
    segments,
    speakers,
    requests: {},
    statements: {},
    floor: { statementId: null, speakerId: null, interrupted: null },
    timer: IDLE_TIMER,
    sittings: []
  }
}

/** A description's delegation codes are plain strings; the API validated their shape already. */
function checkedFields (described: DescribedSpeaker): SpeakerDescription {
  const { delegation, onBehalfOf, ...rest } = described
  return {
    ...rest,
    delegation: (delegation ?? null) as DelegationCode | null,
    onBehalfOf: onBehalfOf == null ? null : { group: onBehalfOf.group, members: onBehalfOf.members as GroupMember[] }
  }
}

/**
 * The presidency's own member entry is the President speaking in national capacity: flagged at creation,
 * so the record says so and the draw puts it last — unless the description says otherwise.
 */
function presidentFlagged (fields: SpeakerDescription, presidency: string | undefined): SpeakerDescription {
  const isPresidencyMember = presidency !== undefined && fields.delegation === presidency && (fields.kind ?? 'member') === 'member'
  return isPresidencyMember && fields.nationalCapacity === undefined ? { ...fields, nationalCapacity: true } : fields
}
