import { CommandTimeoutError, type MeetingReplica } from '../../shared/client/meeting-replica.ts'
// The domain's modules one by one, not its index: the index also brings every command handler,
// which only the server runs, into the bundle every view loads.
import type { Schedule, SpeakerEta } from '../../shared/domain/analytics.ts'
import type { CommandPayloads, CommandType } from '../../shared/domain/commands.ts'
import { floorStatement } from '../../shared/domain/floor-state.ts'
import { localizeState, type RosterNameLookup } from '../../shared/domain/localize.ts'
import { nextWaitingSpeaker, segmentsInOrder, speakersOfSegment, waitingQueue } from '../../shared/domain/order.ts'
import { plannedResumption, type Resumption } from '../../shared/domain/resumption.ts'
import type { AbsoluteSession } from '../../shared/domain/room-hours.ts'
import { scheduleInstant, scheduleSessions, speakingSchedule } from '../../shared/domain/speaking-schedule.ts'
import { elapsedMs, remainingMs } from '../../shared/domain/timer.ts'
import { memberName } from '../../shared/domain/group-members.ts'
import type { ControlState, DelegationCode, GroupMember, Role, Segment, Speaker, Statement } from '../../shared/domain/types.ts'
import type { ErrorCode } from '../../shared/protocol/errors.ts'
import type { PresenceSummary, SessionInfo } from '../../shared/protocol/events.ts'
import { SessionNotes } from './session-notes.svelte.ts'

/** A refusal from the server, or a command that never got an answer. */
export type ActionErrorCode = ErrorCode | 'TIMEOUT'

/** `refused`: the server turned the link's token away; the socket will not retry. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'refused'

export interface SegmentWithSpeakers {
  readonly segment: Segment
  readonly speakers: readonly Speaker[]
}

export interface FloorView {
  readonly statement: Statement
  readonly speaker: Speaker | null
  readonly segment: Segment | null
}

export interface OwnEntry {
  readonly speaker: Speaker
  /** Null once the speaker is no longer waiting. */
  readonly eta: SpeakerEta | null
}

export interface ClockSyncStatus {
  /** Server clock minus this device's; null before the first estimate. */
  readonly offsetMs: number | null
  /** The fastest round trip kept; the estimate is good to within half of it. */
  readonly rttMs: number | null
}

export interface MeetingSessionOptions {
  /**
   * How often the clock reading refreshes where there are no animation frames (tests, workers).
   * In a browser the reading follows the display's frames, so every screen turns the second together.
   */
  readonly tickMs?: number
  /**
   * Calls `tick` whenever the clock reading should refresh and returns how to stop; omitted, the
   * display's frames or `tickMs`. A test passes its own, so the reading moves when its clock does.
   */
  readonly ticker?: (tick: () => void) => () => void
  /** Give up on a command after this long (the client retries within it). */
  readonly commandDeadlineMs?: number
}

/**
 * One open meeting link: the client's state as runes, the notes (`notes`), a ticking
 * server-corrected clock, and `run` for the commands the role's own classes send (chair console,
 * delegation desk). It holds the replica, so no view does. Provided to components through context
 * (see context.ts); `destroy()` closes it.
 */
export class MeetingSession {
  readonly #client: MeetingReplica
  readonly #unsubscribe: () => void
  /** The meeting's notes, read and written; they change apart from the state. */
  readonly notes: SessionNotes
  // A copy of what the client exposes, refreshed on each of its changes: plain runes that any
  // $derived or template can depend on, inside or outside an effect.
  #state = $state.raw<ControlState | null>(null)
  #session = $state.raw<SessionInfo | null>(null)
  #presence = $state.raw<PresenceSummary | null>(null)
  #live = $state(false)
  readonly #stopTicking: () => void
  readonly #commandDeadlineMs: number
  #nowMs = $state(0)
  #clockSync = $state.raw<ClockSyncStatus>({ offsetMs: null, rttMs: null })
  #lastError = $state<ActionErrorCode | null>(null)
  #pendingCount = $state(0)
  #refused = $state(false)
  #reader = $state.raw<{ readonly language: string; readonly rosterName: RosterNameLookup } | null>(null)
  readonly #readerState: ControlState | null = $derived(
    this.#state === null || this.#reader === null ? this.#state : localizeState(this.#state, this.#reader.language, this.#reader.rosterName))

  /** A group member by name for this reader: its delegation's name, else the roster's in the reader's language, else as typed. */
  memberName (member: GroupMember): string {
    const reader = this.#reader
    const delegations = this.#readerState?.delegations ?? []
    return memberName(member, (code) => delegations.find((delegation) => delegation.code === code)?.name ?? reader?.rosterName(code, reader.language) ?? null)
  }

  constructor (client: MeetingReplica, options: MeetingSessionOptions = {}) {
    this.#client = client
    this.#commandDeadlineMs = options.commandDeadlineMs ?? 10_000
    const copy = (): void => {
      this.#state = client.state
      this.#session = client.session
      this.#presence = client.presence
      this.#live = client.connected && client.synced
      this.#refused = client.refused
      const { offsetMs, rttMs } = client.clock
      if (offsetMs !== this.#clockSync.offsetMs || rttMs !== this.#clockSync.rttMs) this.#clockSync = { offsetMs, rttMs }
    }
    copy()
    // The control side only: a note-taker's keystroke changes nothing copied here.
    this.#unsubscribe = client.subscribeControl(copy)
    this.notes = new SessionNotes(client)
    this.#nowMs = client.serverNowMs()
    const ticker = options.ticker ?? ((tick: () => void) => startTicking(tick, options.tickMs ?? 100))
    this.#stopTicking = ticker(() => { this.#nowMs = client.serverNowMs() })
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.#onVisibilityChange)
  }

  /**
   * The meeting as the server last sent it, as this reader sees it (see `readIn`); null until the
   * first sync. Every view reads this, so every view names delegations the same way.
   */
  get state (): ControlState | null {
    return this.#readerState
  }

  /**
   * Shows roster names and template headings in `language` from now on (the meeting's own texts stay
   * as written). Until called, the state is shown as the meeting wrote it.
   */
  readIn (language: string, rosterName: RosterNameLookup): void {
    if (this.#reader?.language === language && this.#reader.rosterName === rosterName) return
    this.#reader = { language, rosterName }
  }

  get session (): SessionInfo | null {
    return this.#session
  }

  /** How many links of each role have the meeting open, as the server last summed them up; null until it has. */
  get presence (): PresenceSummary | null {
    return this.#presence
  }

  /** Links open besides the chairs' (delegations, public screens, note-takers); null until the server has said. */
  get watching (): number | null {
    const presence = this.#presence
    return presence === null ? null : presence.delegation + presence.public + presence.notetaker
  }

  /**
   * Called after each change of the state, connection or session (never of the notes), once the
   * session's own copy is up to date: for the role classes that act on a change with no view mounted.
   */
  onControlChange (listener: () => void): () => void {
    return this.#client.subscribeControl(listener)
  }

  get role (): Role | null {
    return this.session?.role ?? null
  }

  get delegation (): DelegationCode | null {
    return this.session?.delegation ?? null
  }

  get connection (): ConnectionStatus {
    if (this.#refused) return 'refused'
    if (this.#live) return 'live'
    return this.#state === null ? 'connecting' : 'reconnecting'
  }

  /** Server epoch ms, refreshed every tick; never the browser's clock alone. */
  get nowMs (): number {
    return this.#nowMs
  }

  /** The quality of the server-time estimate behind `nowMs`, for a sync indicator. */
  get clockSync (): ClockSyncStatus {
    return this.#clockSync
  }

  /** Server epoch ms at this instant (not the last tick), for readings that must be exact. */
  serverNowMs (): number {
    return this.#client.serverNowMs()
  }

  /** Re-estimates the server clock from scratch, e.g. after the device slept. */
  resyncClock (): Promise<void> {
    this.#client.clock.reset()
    return this.#client.syncClock()
  }

  get lastError (): ActionErrorCode | null {
    return this.#lastError
  }

  /** A command is on its way; the chair's buttons wait for it. */
  get busy (): boolean {
    return this.#pendingCount > 0
  }

  readonly segments: readonly SegmentWithSpeakers[] = $derived.by(() => {
    const state = this.state
    if (state === null) return []
    return segmentsInOrder(state).map((segment) => ({ segment, speakers: speakersOfSegment(state, segment.id) }))
  })

  readonly floor: FloorView | null = $derived.by(() => {
    const state = this.state
    const statement = state === null ? null : floorStatement(state)
    if (state === null || statement === null) return null
    const speaker = statement.speakerId === null ? null : (state.speakers[statement.speakerId] ?? null)
    const segment = statement.segmentId === null ? null : (state.segments[statement.segmentId] ?? null)
    return { statement, speaker, segment }
  })

  readonly nextSpeaker: Speaker | null = $derived(this.state === null ? null : nextWaitingSpeaker(this.state))

  /** Clamped at zero: a clock estimate still settling must not show a negative reading. */
  readonly elapsedMs: number = $derived(this.state === null ? 0 : Math.max(0, elapsedMs(this.state.timer, this.#nowMs)))

  readonly remainingMs: number | null = $derived(this.state === null ? null : remainingMs(this.state.timer, this.#nowMs))

  /** Ended statements, first delivered first. */
  readonly delivered: readonly Statement[] = $derived(
    Object.values(this.state?.statements ?? {})
      .filter((statement) => statement.endedAtMs !== null)
      .sort((a, b) => a.startedAtMs - b.startedAtMs)
  )

  readonly #scheduleNowMs = $derived(scheduleInstant(this.#nowMs))

  /** The server instant the schedule was computed at: "today" for its times is this instant's day. */
  get scheduledAtMs (): number {
    return this.#scheduleNowMs
  }

  readonly #roomSessions: readonly AbsoluteSession[] = $derived.by(() => {
    const meeting = this.state?.meeting
    return meeting === undefined ? [] : scheduleSessions(meeting, this.#scheduleNowMs)
  })

  /** While the meeting is suspended, when it is expected back; null otherwise. */
  readonly resumption: Resumption | null = $derived(
    this.state?.meeting.status === 'suspended' ? plannedResumption(this.#roomSessions, this.#scheduleNowMs) : null
  )

  /**
   * When each waiting speaker should start and when the debate should end, against the room hours.
   * A suspended meeting's times count from its planned resumption: no one speaks before it.
   */
  readonly schedule: Schedule | null = $derived.by(() => {
    const state = this.state
    if (state === null) return null
    return speakingSchedule(state, this.#roomSessions, this.#scheduleNowMs)
  })

  /** Waiting speakers in the order they will be called, across segments. */
  readonly waiting: readonly Speaker[] = $derived(this.state === null ? [] : waitingQueue(this.state))

  /** This link's delegation's entries on the list, with where they stand; empty for other roles. */
  readonly ownEntries: readonly OwnEntry[] = $derived.by(() => {
    const delegation = this.delegation
    const etas = this.schedule?.etas
    if (etas === undefined || delegation === null) return []
    const own = this.segments.flatMap((group) => group.speakers).filter((speaker) => speaker.delegation === delegation)
    return own.map((speaker) => ({ speaker, eta: etas[speaker.id] ?? null }))
  })

  clearError (): void {
    this.#lastError = null
  }

  destroy (): void {
    this.#stopTicking()
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisibilityChange)
    this.#unsubscribe()
    this.notes.destroy()
    this.#client.close()
  }

  /**
   * Sends any command this link may send. Never rejects: the outcome is the returned flag and
   * `lastError`. Role-specific actions (chair, delegation) are built on this.
   */
  async run<T extends CommandType> (type: T, payload: CommandPayloads[T]): Promise<boolean> {
    this.#pendingCount += 1
    this.#lastError = null
    try {
      const ack = await this.#client.command(type, payload, { deadlineMs: this.#commandDeadlineMs })
      if (!ack.ok) this.#lastError = ack.error.code
      return ack.ok
    } catch (error) {
      this.#lastError = error instanceof CommandTimeoutError ? 'TIMEOUT' : 'INTERNAL'
      return false
    } finally {
      this.#pendingCount -= 1
    }
  }

  // A hidden tab's timers are throttled and a sleeping device's monotonic clock may stop: the old
  // estimate cannot be trusted when the page is seen again.
  readonly #onVisibilityChange = (): void => {
    if (document.visibilityState !== 'visible') return
    this.#nowMs = this.#client.serverNowMs()
    void this.resyncClock()
  }
}

/** Calls `tick` on every animation frame in a browser, else every `intervalMs`; returns the stop. */
function startTicking (tick: () => void, intervalMs: number): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const interval = setInterval(tick, intervalMs)
    return () => clearInterval(interval)
  }
  let frame = requestAnimationFrame(function onFrame () {
    tick()
    frame = requestAnimationFrame(onFrame)
  })
  return () => cancelAnimationFrame(frame)
}
