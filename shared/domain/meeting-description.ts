import type { SegmentHeadingKey } from './segment-headings.ts'
import type { OrderingRule, RoomSession, SegmentPurpose, SpeakerKind } from './types.ts'

/** What `POST /api/meetings` takes: everything needed to open a meeting's floor. */
export interface MeetingDescription {
  readonly title: string
  readonly agendaItem?: string
  readonly symbol?: string
  readonly language?: string
  readonly scheduledStart: string
  readonly timeZone?: string
  readonly roomHours?: readonly RoomSession[]
  readonly expectedOutcome?: string
  /** The presiding delegation's code: one of `delegations`. */
  readonly presidency?: string
  readonly delegations?: readonly { readonly code: string; readonly name: string }[]
  readonly questions?: readonly { readonly label: string; readonly text: string; readonly group?: string }[]
  readonly segments?: readonly SegmentDescription[]
  /** The meeting's groups, for the chair to pick for a group statement (the chair edits them later). */
  readonly groups?: readonly { readonly name: string; readonly members: readonly DescribedMember[] }[]
}

export interface SegmentDescription {
  readonly name: string
  /** Set when `name` is a template heading, shown to each reader in their language. */
  readonly nameKey?: SegmentHeadingKey
  readonly defaultLimitMs?: number | null
  readonly orderingRule?: OrderingRule
  readonly purpose?: SegmentPurpose
  /** In speaking order. */
  readonly speakers?: readonly SpeakerDescription[]
}

/** A group member as a description gives it: a code (a plain string until checked) or a name typed by hand. */
export type DescribedMember = string | { readonly name: string }

/** A speaker as a description names it: delegation codes are plain strings until checked. */
export interface SpeakerDescription {
  readonly name: string
  readonly delegation?: string | null
  readonly kind?: SpeakerKind
  readonly onBehalfOf?: { readonly group: string; readonly members: readonly DescribedMember[] } | null
  readonly protocolRank?: number | null
  readonly limitMs?: number | null
  readonly person?: string | null
  readonly title?: string | null
  readonly nationalCapacity?: boolean
}
