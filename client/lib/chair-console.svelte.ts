import type { Schedule } from '../../shared/domain/analytics.ts'
import type { CommandPayloads, CommandType, GroupFields, MeetingFields, Placement, QuestionFields, SegmentFields, SpeakerFields } from '../../shared/domain/commands.ts'
import { speakersOfSegment, waitingQueue } from '../../shared/domain/order.ts'
import type {
  ControlState,
  Delegation,
  DelegationCode,
  GroupId,
  GroupMember,
  GuidingQuestion,
  InscriptionRequest,
  MeetingGroup,
  OnBehalfOf,
  QuestionId,
  RequestId,
  RoomSession,
  SegmentId,
  Speaker,
  SpeakerId
} from '../../shared/domain/types.ts'
import { isRosterCode } from '../../shared/roster/codes.ts'
import type { MeetingSession } from './meeting-session.svelte.ts'

export type ShortcutAction =
  | 'next' | 'end' | 'clock' | 'extend30' | 'extend60'
  | 'pointOfOrder' | 'list' | 'add' | 'requests' | 'written' | 'help'

export interface Shortcut {
  readonly action: ShortcutAction
  /** `KeyboardEvent.code`: the physical key, so the shortcuts work the same on an Arabic layout. */
  readonly code: string
  readonly shift: boolean
  /** As printed in the help overlay. */
  readonly label: string
}

const key = (action: ShortcutAction, code: string, label: string, shift = false): Shortcut => ({ action, code, shift, label })

/** One key per floor action; letters rather than modifiers, because the chair presses them all day. */
export const SHORTCUTS: readonly Shortcut[] = [
  key('next', 'KeyN', 'N'),
  key('end', 'KeyE', 'E'),
  key('clock', 'KeyS', 'S'),
  key('extend30', 'KeyX', 'X'),
  key('extend60', 'KeyX', 'Shift X', true),
  key('pointOfOrder', 'KeyO', 'O'),
  key('list', 'KeyL', 'L'),
  key('add', 'KeyA', 'A'),
  key('requests', 'KeyR', 'R'),
  key('written', 'KeyW', 'W'),
  key('help', 'Slash', '?', true)
]

export interface KeyLike {
  readonly code: string
  readonly key: string
  readonly shiftKey: boolean
  readonly altKey: boolean
  readonly ctrlKey: boolean
  readonly metaKey: boolean
}

/** The console's shortcut for a key press, or null (any Ctrl/Alt/Meta combination belongs to the browser). */
export function shortcutFor (event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null
  if (event.key === '?') return 'help'
  return SHORTCUTS.find((shortcut) => shortcut.code === event.code && shortcut.shift === event.shiftKey)?.action ?? null
}

/** "4", "4:30", "0:45" → ms; "" → null (the segment's default applies); anything else → undefined. */
export function parseLimit (text: string): number | null | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const match = /^(\d{1,3})(?::([0-5]\d))?$/.exec(trimmed)
  if (!match) return undefined
  return (Number(match[1]) * 60 + Number(match[2] ?? 0)) * 1000
}

/** The inverse of `parseLimit`, for prefilling an editor. */
export function limitText (limitMs: number | null): string {
  if (limitMs === null) return ''
  const seconds = Math.round(limitMs / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** A typed delegation code (any case) or exact name, as the add form's autocomplete offers them. */
export function findDelegation (delegations: readonly Delegation[], text: string): Delegation | null {
  const wanted = text.trim()
  if (wanted === '') return null
  return delegations.find((d) => d.code.toLowerCase() === wanted.toLowerCase() || d.name === wanted) ?? null
}

/**
 * "DNK, fin; Cook Islands" → the members: an entry that is a code the meeting or the roster knows
 * (in any case) is that code, anything else a member by name, as typed. Entries are separated by commas
 * (Latin or Arabic), semicolons or new lines; a run of known codes separated by spaces ("DNK ISL SWE")
 * is read as those codes, as the field always took them.
 */
export function parseMembers (text: string, isCode: (code: string) => boolean): GroupMember[] {
  const members: GroupMember[] = []
  for (const entry of text.split(/[,،;\n]+/).map((part) => part.trim()).filter((part) => part !== '')) {
    const words = entry.split(/\s+/).map((word) => word.toUpperCase())
    if (words.every(isCode)) members.push(...(words as DelegationCode[]))
    else members.push({ name: entry })
  }
  return members
}

/** Whether a code is one the meeting's delegations or the UN roster knows: what a member may be by code. */
export function memberCodeLookup (delegations: readonly Delegation[]): (code: string) => boolean {
  const codes = new Set<string>(delegations.map((delegation) => delegation.code))
  return (code) => codes.has(code) || isRosterCode(code)
}

/** The members as the chair edits them: codes as codes, names as typed, comma-separated. */
export function membersText (members: readonly GroupMember[]): string {
  return members.map((member) => (typeof member === 'string' ? member : member.name)).join(', ')
}

/** "Nordic countries" and "DNK, FIN, Cook Islands" → the group and its members; "" → no group. */
export function parseOnBehalfOf (group: string, members: string, isCode: (code: string) => boolean): OnBehalfOf | null {
  if (group.trim() === '') return null
  return { group: group.trim(), members: parseMembers(members, isCode) }
}

/** "10:00-13:00, 15:00–18:00" → sittings; "" → none; anything unreadable or backwards → undefined. */
export function parseRoomHours (text: string): RoomSession[] | undefined {
  const parts = text.split(/[,،;]/).map((part) => part.trim()).filter((part) => part !== '')
  const sessions: RoomSession[] = []
  for (const part of parts) {
    const match = /^(\d{1,2}):([0-5]\d)\s*[-–—]\s*(\d{1,2}):([0-5]\d)$/.exec(part)
    if (!match) return undefined
    const [start, end] = [`${match[1]!.padStart(2, '0')}:${match[2]}`, `${match[3]!.padStart(2, '0')}:${match[4]}`]
    if (start >= end || end > '23:59') return undefined
    sessions.push({ start, end })
  }
  return sessions
}

export function roomHoursText (sessions: readonly RoomSession[]): string {
  return sessions.map((session) => `${session.start}–${session.end}`).join(', ')
}

/** Where a question lands one place up (-1) or down (+1): the question to follow, or null for first. */
export function questionAfterStep (questions: readonly GuidingQuestion[], questionId: QuestionId, step: -1 | 1): QuestionId | null | undefined {
  const others = questions.filter((question) => question.id !== questionId)
  const index = questions.findIndex((question) => question.id === questionId) + step
  if (index < 0 || index > others.length || questions.length < 2) return undefined
  return index === 0 ? null : others[index - 1]!.id
}

/**
 * Where a waiting speaker lands one place up (-1) or down (+1) among the waiting speakers of its
 * segment; spoken and withdrawn entries stay where they are and are stepped over. Null at either end.
 */
export function placementForStep (state: ControlState, speakerId: SpeakerId, step: -1 | 1): Placement | null {
  const speaker = state.speakers[speakerId]
  if (!speaker) return null
  const siblings = speakersOfSegment(state, speaker.segmentId)
  const index = siblings.findIndex((s) => s.id === speakerId)
  if (step === 1) {
    const below = siblings.slice(index + 1).find((s) => s.status === 'waiting')
    return below ? { segmentId: speaker.segmentId, afterId: below.id } : null
  }
  const aboveIndex = siblings.slice(0, index).findLastIndex((s) => s.status === 'waiting')
  if (aboveIndex === -1) return null
  return { segmentId: speaker.segmentId, afterId: siblings[aboveIndex - 1]?.id ?? null }
}

/**
 * A second press of "Call next" this soon after a call is a double press, not a decision: once the
 * screen has caught up it would otherwise call the speaker after the one just called.
 */
export const DOUBLE_PRESS_MS = 1000

/**
 * The capacity fields an editor changed: "" clears a person or title; fields left as they were are not
 * sent, so saving an untouched form records no change.
 */
export function capacityChanges (
  before: Pick<Speaker, 'person' | 'title' | 'nationalCapacity'>,
  draft: { readonly person: string; readonly title: string; readonly nationalCapacity: boolean }
): Partial<SpeakerFields> {
  const person = draft.person.trim() || null
  const title = draft.title.trim() || null
  return {
    ...(person !== (before.person ?? null) ? { person } : {}),
    ...(title !== (before.title ?? null) ? { title } : {}),
    ...(draft.nationalCapacity !== (before.nationalCapacity ?? false) ? { nationalCapacity: draft.nationalCapacity } : {})
  }
}

export interface SpeakerDraft extends Partial<SpeakerFields> {
  readonly name: string
  readonly segmentId: SegmentId
}

export interface ChairConsoleOptions {
  /** A monotonic clock in ms, where the double-press window is measured: `performance.now` unless a test passes its own. */
  readonly localNowMs?: () => number
}

/**
 * The chair's console over a meeting session: every floor action, guarded against double presses,
 * the projected end of the list, the inscription inbox, and the drag state of the list.
 */
export class ChairConsole {
  readonly #session: MeetingSession
  #inFlight = $state<Record<string, true>>({})
  #dragging = $state<SpeakerId | null>(null)
  #dropTarget = $state<Placement | null>(null)
  #helpOpen = $state(false)
  /** "Circulate the remaining statements in writing?" is on show, waiting for the chair's answer. */
  #confirmingWritten = $state(false)
  #lastMoved = $state<SpeakerId | null>(null)
  #settingsOpen = $state(false)
  #reasonFor = $state<SpeakerId | null>(null)
  #lastCallAtMs = -Infinity
  readonly #localNowMs: () => number

  constructor (session: MeetingSession, options: ChairConsoleOptions = {}) {
    this.#session = session
    this.#localNowMs = options.localNowMs ?? (() => performance.now())
  }

  get session (): MeetingSession {
    return this.#session
  }

  get state (): ControlState | null {
    return this.session.state
  }

  get allowed (): boolean {
    return this.session.role === 'chair'
  }

  /**
   * A command is on its way. The buttons stay enabled meanwhile: a disabled button drops the keyboard
   * focus, and the chair's E then N must both go, however slow the network. A second press of the same
   * action while the first is on its way is ignored (`#once`); each command names what it acts on
   * (`floor:next` the speaker this screen shows as next), so the server refuses a stale one.
   */
  get busy (): boolean {
    return this.session.busy
  }

  get dragging (): SpeakerId | null {
    return this.#dragging
  }

  get dropTarget (): Placement | null {
    return this.#dropTarget
  }

  get confirmingWritten (): boolean {
    return this.#confirmingWritten
  }

  /**
   * Asks before marking every remaining speaker (the W key, or the list's button): it acts on many
   * speakers at once, so it waits for a second, deliberate answer. Nothing to ask with nobody waiting.
   */
  setConfirmingWritten (open: boolean): void {
    this.#confirmingWritten = open && this.waitingIds.length > 0
  }

  get helpOpen (): boolean {
    return this.#helpOpen
  }

  /** The speaker last moved from the keyboard, for the list to announce where it landed. */
  get lastMoved (): SpeakerId | null {
    return this.#lastMoved
  }

  get settingsOpen (): boolean {
    return this.#settingsOpen
  }

  /** The speaker last moved against its segment's rule, whose reason the chair may still record. */
  get reasonFor (): SpeakerId | null {
    return this.#reasonFor
  }

  /** Focus left the moved row for something else: stop keeping it focused. */
  forgetLastMoved (): void {
    this.#lastMoved = null
  }

  readonly pointOfOrderOpen: boolean = $derived(this.session.floor?.statement.kind === 'point-of-order')

  readonly pendingRequests: readonly InscriptionRequest[] = $derived(
    Object.values(this.state?.requests ?? {})
      .filter((request) => request.status === 'pending')
      .sort((a, b) => a.createdAtMs - b.createdAtMs)
  )

  readonly delegations: readonly Delegation[] = $derived(this.state?.delegations ?? [])
  /** The meeting's groups, to pick for a group statement (Meeting settings defines them). */
  readonly groups: readonly MeetingGroup[] = $derived(this.state?.groups ?? [])

  /** ETAs and the projected end of the list against the room hours (the session's own estimate). */
  get schedule (): Schedule | null {
    return this.session.schedule
  }

  // --- The floor -------------------------------------------------------------------------------

  /**
   * Calls the speaker this screen shows as next (the server refuses if the list moved meanwhile);
   * a press while a call is on its way, or just after one, does nothing.
   */
  callNext (): Promise<boolean> {
    const next = this.session.nextSpeaker
    if (next === null || this.#localNowMs() - this.#lastCallAtMs < DOUBLE_PRESS_MS) return Promise.resolve(false)
    return this.#once('floor:next', async () => {
      const called = await this.#run('floor:next', { expectedSpeakerId: next.id })
      if (called) this.#lastCallAtMs = this.#localNowMs()
      return called
    })
  }

  giveFloor (speakerId: SpeakerId): Promise<boolean> {
    return this.#once('floor:give', () => this.#run('floor:give', { speakerId }))
  }

  endStatement (): Promise<boolean> {
    return this.#once('floor:end', () => this.#run('floor:end', {}))
  }

  /** Start, pause or resume, whichever the clock is ready for. */
  toggleClock (): Promise<boolean> {
    const timer = this.state?.timer
    if (!timer || this.session.floor === null) return Promise.resolve(false)
    const type = timer.state === 'idle' ? 'timer:start' : timer.state === 'running' ? 'timer:pause' : 'timer:resume'
    return this.#once('timer', () => this.#run(type, {}))
  }

  extend (byMs: number): Promise<boolean> {
    if (this.session.floor === null) return Promise.resolve(false)
    return this.#run('timer:extend', { byMs })
  }

  raisePointOfOrder (name: string, delegation: DelegationCode | null): Promise<boolean> {
    return this.#once('point-of-order', () => this.#run('point-of-order:raise', { name, delegation }))
  }

  closePointOfOrder (): Promise<boolean> {
    return this.#once('point-of-order', () => this.#run('point-of-order:close', {}))
  }

  // --- The meeting and the list ----------------------------------------------------------------

  setMeeting (action: 'open' | 'suspend' | 'resume' | 'adjourn'): Promise<boolean> {
    return this.#once('meeting', () => this.#run(`meeting:${action}`, {}))
  }

  setListClosed (closed: boolean): Promise<boolean> {
    return this.#once('list', () => this.#run(closed ? 'list:close' : 'list:reopen', {}))
  }

  addSpeaker (draft: SpeakerDraft): Promise<boolean> {
    return this.#run('speaker:add', draft)
  }

  updateSpeaker (speakerId: SpeakerId, changes: Partial<SpeakerFields>): Promise<boolean> {
    return this.#run('speaker:update', { speakerId, changes })
  }

  /** The editor's changes; a new segment puts the speaker at its end, by a move like any other. */
  async saveSpeaker (speakerId: SpeakerId, changes: Partial<SpeakerFields>, segmentId: SegmentId): Promise<boolean> {
    const updated = await this.updateSpeaker(speakerId, changes)
    const state = this.state
    if (!updated || state === null || state.speakers[speakerId]?.segmentId === segmentId) return updated
    const last = speakersOfSegment(state, segmentId).at(-1)
    return this.move(speakerId, { segmentId, afterId: last?.id ?? null })
  }

  setStatus (speakerId: SpeakerId, action: 'withdraw' | 'pass' | 'restore'): Promise<boolean> {
    return this.#run(`speaker:${action}`, { speakerId })
  }

  /** Every waiting speaker, in calling order: what "remaining statements in writing" marks. */
  get waitingIds (): SpeakerId[] {
    return this.state === null ? [] : waitingQueue(this.state).map((speaker) => speaker.id)
  }

  /** The statements of these waiting speakers are circulated in writing (issue 14, item 11). */
  circulateInWriting (speakerIds: readonly SpeakerId[]): Promise<boolean> {
    return speakerIds.length === 0 ? Promise.resolve(false) : this.#run('speaker:written', { speakerIds })
  }

  acceptRequest (requestId: RequestId): Promise<boolean> {
    return this.#once(`request:${requestId}`, () => this.#run('request:accept', { requestId }))
  }

  declineRequest (requestId: RequestId): Promise<boolean> {
    return this.#once(`request:${requestId}`, () => this.#run('request:decline', { requestId }))
  }

  // --- Reordering ------------------------------------------------------------------------------

  /**
   * Always one `speaker:move`: the list is never reordered by delete + insert. A move within a segment
   * that has an ordering rule departs from it, so the list then offers to record a reason.
   */
  async move (speakerId: SpeakerId, placement: Placement): Promise<boolean> {
    if (placement.afterId === speakerId) return false
    const moved = await this.session.run('speaker:move', { speakerId, ...placement })
    const rule = this.state?.segments[placement.segmentId]?.orderingRule
    if (moved) this.#reasonFor = rule === undefined || rule === 'fixed' ? null : speakerId
    return moved
  }

  /**
   * The chair's reason for the last override, sent as a `speaker:move` to where the speaker now stands,
   * so the audit log holds it with the placement it explains. Asked after the move, not before, so that
   * arrow-key reordering is never held up by a prompt.
   */
  async recordReason (reason: string): Promise<boolean> {
    const speaker = this.#reasonFor === null ? undefined : this.state?.speakers[this.#reasonFor]
    if (!speaker || this.state === null || reason.trim() === '') return false
    const siblings = speakersOfSegment(this.state, speaker.segmentId)
    const before = siblings[siblings.findIndex((s) => s.id === speaker.id) - 1]
    const recorded = await this.session.run('speaker:move', {
      speakerId: speaker.id, segmentId: speaker.segmentId, afterId: before?.id ?? null, reason: reason.trim()
    })
    if (recorded) this.#reasonFor = null
    return recorded
  }

  dismissReason (): void {
    this.#reasonFor = null
  }

  /** Alt+↑ / Alt+↓ on a row. */
  async step (speakerId: SpeakerId, step: -1 | 1): Promise<boolean> {
    const placement = this.state === null ? null : placementForStep(this.state, speakerId, step)
    if (placement === null) return false
    this.#lastMoved = speakerId
    return this.move(speakerId, placement)
  }

  startDrag (speakerId: SpeakerId): void {
    this.#dragging = speakerId
    this.#dropTarget = null
  }

  dragOver (placement: Placement): void {
    if (this.#dragging !== null) this.#dropTarget = placement
  }

  async drop (): Promise<boolean> {
    const speakerId = this.#dragging
    const placement = this.#dropTarget
    this.cancelDrag()
    if (speakerId === null || placement === null) return false
    return this.move(speakerId, placement)
  }

  cancelDrag (): void {
    this.#dragging = null
    this.#dropTarget = null
  }

  // --- Settings: each edit is one command; a refusal shows as the session's error ---------------

  setSettingsOpen (open: boolean): void {
    this.#settingsOpen = open
  }

  updateMeeting (changes: Partial<MeetingFields>): Promise<boolean> {
    return this.#run('meeting:update', { changes })
  }

  addQuestion (question: CommandPayloads['question:add']): Promise<boolean> {
    return this.#run('question:add', question)
  }

  updateQuestion (questionId: QuestionId, changes: Partial<QuestionFields>): Promise<boolean> {
    return this.#run('question:update', { questionId, changes })
  }

  removeQuestion (questionId: QuestionId): Promise<boolean> {
    return this.#run('question:remove', { questionId })
  }

  stepQuestion (questionId: QuestionId, step: -1 | 1): Promise<boolean> {
    const afterId = questionAfterStep(this.state?.questions ?? [], questionId, step)
    if (afterId === undefined) return Promise.resolve(false)
    return this.#run('question:move', { questionId, afterId })
  }

  addSegment (segment: CommandPayloads['segment:add']): Promise<boolean> {
    return this.#run('segment:add', segment)
  }

  updateSegment (segmentId: SegmentId, changes: Partial<SegmentFields>): Promise<boolean> {
    return this.#run('segment:update', { segmentId, changes })
  }

  removeSegment (segmentId: SegmentId): Promise<boolean> {
    return this.#run('segment:remove', { segmentId })
  }

  addGroup (group: GroupFields): Promise<boolean> {
    return this.#run('group:add', group)
  }

  updateGroup (groupId: GroupId, changes: Partial<GroupFields>): Promise<boolean> {
    return this.#run('group:update', { groupId, changes })
  }

  removeGroup (groupId: GroupId): Promise<boolean> {
    return this.#run('group:remove', { groupId })
  }

  /** Orders the segment by its rule; a draw gets a fresh seed, which the segment then shows. */
  orderSegment (segmentId: SegmentId): Promise<boolean> {
    return this.#once(`order:${segmentId}`, () => this.#run('segment:order', { segmentId }))
  }

  setHelpOpen (open: boolean): void {
    this.#helpOpen = open
  }

  /** The shortcuts that act directly; the others move focus, which is the view's business. */
  perform (action: ShortcutAction): Promise<boolean> | null {
    switch (action) {
      case 'next': return this.callNext()
      case 'end': return this.endStatement()
      case 'clock': return this.toggleClock()
      case 'extend30': return this.extend(30_000)
      case 'extend60': return this.extend(60_000)
      case 'help':
        this.#helpOpen = !this.#helpOpen
        return Promise.resolve(true)
      default: return null
    }
  }

  /**
   * Sends one command and drops the override banner: once the chair has moved on to anything but a
   * reorder, the moment for a reason has passed and it has been read.
   */
  #run<T extends CommandType> (type: T, payload: CommandPayloads[T]): Promise<boolean> {
    this.#reasonFor = null
    return this.session.run(type, payload)
  }

  /** Ignores a second press of the same action while the first is still on its way. */
  async #once (action: string, send: () => Promise<boolean>): Promise<boolean> {
    if (this.#inFlight[action]) return false
    this.#inFlight[action] = true
    try {
      return await send()
    } finally {
      delete this.#inFlight[action]
    }
  }
}
