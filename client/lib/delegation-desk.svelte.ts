import type { Schedule, SpeakerEta } from '../../shared/domain/analytics.ts'
import { waitingQueue } from '../../shared/domain/order.ts'
import type {
  ControlState,
  DelegationCode,
  GuidingQuestion,
  InscriptionRequest,
  QuestionId,
  RequestId,
  RequestType,
  Segment,
  Speaker,
  SpeakerId,
  Statement,
  StatementId
} from '../../shared/domain/types.ts'
import type { MeetingSession } from './meeting-session.svelte.ts'

/** `three-ahead`: three speakers or fewer before the entry; `next`: no one before it. */
export type AlertKind = 'three-ahead' | 'next'

export interface DeskAlert {
  readonly kind: AlertKind
  readonly speakerId: SpeakerId
  readonly name: string
}

export interface ListRow {
  readonly speaker: Speaker
  /** Null once the speaker is no longer waiting. */
  readonly eta: SpeakerEta | null
  readonly own: boolean
}

export interface ListGroup {
  readonly segment: Segment
  readonly rows: readonly ListRow[]
}

export interface DeliveredStatement {
  readonly statement: Statement
  /** The guiding questions note-takers tagged it with, in the concept note's order. */
  readonly questions: readonly GuidingQuestion[]
}

export type NotificationState = NotificationPermission | 'unsupported'

/** The browser's Notification API behind an interface, so the desk is testable without a browser. */
export interface AlertNotifier {
  permission (): NotificationState
  requestPermission (): Promise<NotificationState>
  show (title: string, body: string, tag: string): void
}

export interface DelegationDeskOptions {
  /** Omitted: the browser's Notification API where there is one. */
  readonly notifier?: AlertNotifier | null
  /** The words of a browser notification, in the reader's language; without it none is shown. */
  readonly describe?: (alert: DeskAlert) => { readonly title: string; readonly body: string }
}

/** Positions count speakers, not minutes; the alert fires this many places ahead. */
export const ALERT_AHEAD = 3

export function browserNotifier (): AlertNotifier | null {
  if (typeof Notification === 'undefined') return null
  return {
    permission: () => Notification.permission,
    requestPermission: () => Notification.requestPermission(),
    show: (title, body, tag) => {
      try {
        new Notification(title, { body, tag })
      } catch {
        // Android's Chrome only notifies through a service worker; the in-page alert still shows.
      }
    }
  }
}

/**
 * The alerts an update makes due for a delegation: each kind once per entry (`fired` remembers them).
 * An entry that jumps straight to the head of the list gets only `next`.
 */
export function dueAlerts (state: ControlState, delegation: DelegationCode, fired: Set<string>): DeskAlert[] {
  const due: DeskAlert[] = []
  waitingQueue(state).forEach((speaker, aheadCount) => {
    if (speaker.delegation !== delegation || aheadCount > ALERT_AHEAD) return
    const kind: AlertKind = aheadCount === 0 ? 'next' : 'three-ahead'
    if (fired.has(`${speaker.id}|${kind}`) || fired.has(`${speaker.id}|next`)) return
    fired.add(`${speaker.id}|${kind}`)
    due.push({ kind, speakerId: speaker.id, name: speaker.name })
  })
  return due
}

/**
 * A delegation's (or the public's) view of the floor over a MeetingSession: the list with positions
 * and ETAs against the room hours, the delegation's own entries and requests, the alerts as its turn
 * nears, and the statements delivered with their guiding-question tags from the notes document.
 */
export class DelegationDesk {
  readonly #session: MeetingSession
  readonly #notifier: AlertNotifier | null
  readonly #describe: DelegationDeskOptions['describe']
  readonly #unsubscribe: () => void
  readonly #fired = new Set<string>()
  #alert = $state.raw<DeskAlert | null>(null)
  #notifications = $state<NotificationState>('unsupported')
  #sending = $state<RequestType | null>(null)

  constructor (session: MeetingSession, options: DelegationDeskOptions = {}) {
    this.#session = session
    this.#notifier = options.notifier === undefined ? browserNotifier() : options.notifier
    this.#describe = options.describe
    this.#notifications = this.#notifier?.permission() ?? 'unsupported'
    this.#unsubscribe = session.onControlChange(this.#checkAlerts)
    this.#checkAlerts()
  }

  get delegation (): DelegationCode | null {
    return this.#session.delegation
  }

  /** The alert of the entry nearest the floor, while that entry still waits. */
  get alert (): DeskAlert | null {
    const alert = this.#alert
    return alert !== null && this.#state?.speakers[alert.speakerId]?.status === 'waiting' ? alert : null
  }

  get notifications (): NotificationState {
    return this.#notifications
  }

  /** A request on its way to the server. */
  get sending (): RequestType | null {
    return this.#sending
  }

  // Read through getters: field initializers run before the constructor has set #session.
  get #state (): ControlState | null {
    return this.#session.state
  }

  get #segments (): MeetingSession['segments'] {
    return this.#session.segments
  }

  get #endedStatements (): readonly Statement[] {
    return this.#session.delivered
  }

  /** The server instant the ETAs were computed at: "today" for them is this instant's day. */
  get scheduledAtMs (): number {
    return this.#session.scheduledAtMs
  }

  /** The meeting's schedule, as the session computes it for every view. */
  get schedule (): Schedule | null {
    return this.#session.schedule
  }

  readonly groups: readonly ListGroup[] = $derived(this.#segments.map(({ segment, speakers }) => ({
    segment,
    rows: speakers.map((speaker) => ({
      speaker,
      eta: this.schedule?.etas[speaker.id] ?? null,
      own: this.delegation !== null && speaker.delegation === this.delegation
    }))
  })))

  /** The delegation's entries still to come or speaking now, nearest the floor first. */
  readonly ownEntries: readonly ListRow[] = $derived(
    this.groups
      .flatMap((group) => group.rows)
      .filter((row) => row.own && (row.speaker.status === 'waiting' || row.speaker.status === 'speaking'))
      .sort((a, b) => (a.eta?.position ?? 0) - (b.eta?.position ?? 0))
  )

  /** The delegation's requests, newest first: the receipts. */
  readonly requests: readonly InscriptionRequest[] = $derived(
    Object.values(this.#state?.requests ?? {})
      .filter((request) => request.delegation === this.delegation)
      .sort((a, b) => b.createdAtMs - a.createdAtMs)
  )

  /** Mirrors the server's rules, so the buttons offer only what it would accept. */
  readonly canRequestInscription: boolean = $derived.by(() => {
    const state = this.#state
    if (state === null || this.delegation === null || state.meeting.status === 'adjourned' || state.meeting.listClosed) return false
    if (this.#hasPending('inscription')) return false
    return !this.ownEntries.some((row) =>
      row.speaker.status === 'waiting' && state.segments[row.speaker.segmentId]?.purpose === 'statement')
  })

  readonly canRequestReply: boolean = $derived(
    this.delegation !== null && this.#state?.meeting.status !== 'adjourned' && !this.#hasPending('right-of-reply')
  )

  readonly listClosed: boolean = $derived(this.#state?.meeting.listClosed ?? false)

  readonly #questionsByStatement = $derived.by(() => {
    const byStatement = new Map<StatementId, Set<QuestionId>>()
    for (const tag of this.#session.notes.tags) {
      const questions = byStatement.get(tag.statementId) ?? new Set<QuestionId>()
      questions.add(tag.questionId)
      byStatement.set(tag.statementId, questions)
    }
    return byStatement
  })

  /** Ended statements, the latest first: what a delegation glancing at a phone wants to see. */
  readonly delivered: readonly DeliveredStatement[] = $derived.by(() => {
    const questions = this.#state?.questions ?? []
    return [...this.#endedStatements].reverse().map((statement) => {
      const tagged = this.#questionsByStatement.get(statement.id)
      return { statement, questions: tagged ? questions.filter((question) => tagged.has(question.id)) : [] }
    })
  })

  requestInscription (note?: string): Promise<boolean> {
    return this.#request('inscription', note)
  }

  requestReply (note?: string): Promise<boolean> {
    return this.#request('right-of-reply', note)
  }

  withdrawRequest (requestId: RequestId): Promise<boolean> {
    return this.#session.run('request:withdraw', { requestId })
  }

  withdrawEntry (speakerId: SpeakerId): Promise<boolean> {
    return this.#session.run('speaker:withdraw', { speakerId })
  }

  /** Must be called from a click: browsers ignore permission requests made without a gesture. */
  async enableNotifications (): Promise<void> {
    if (this.#notifier === null) return
    this.#notifications = await this.#notifier.requestPermission()
  }

  dismissAlert (): void {
    this.#alert = null
  }

  destroy (): void {
    this.#unsubscribe()
  }

  #hasPending (type: RequestType): boolean {
    return this.requests.some((request) => request.type === type && request.status === 'pending')
  }

  async #request (type: RequestType, note?: string): Promise<boolean> {
    const delegation = this.delegation
    if (delegation === null) return false
    this.#sending = type
    try {
      const trimmed = note?.trim()
      return await this.#session.run('request:create', { delegation, type, ...(trimmed ? { note: trimmed } : {}) })
    } finally {
      this.#sending = null
    }
  }

  // Positions change only with the state, never with the clock: checked on each of the client's
  // changes rather than in an effect, so alerts fire with no component mounted.
  readonly #checkAlerts = (): void => {
    const state = this.#state
    const delegation = this.delegation
    if (state === null || delegation === null) return
    // Queue order: the first is the entry nearest the floor, the one worth interrupting for.
    const [nearest] = dueAlerts(state, delegation, this.#fired)
    if (nearest === undefined) return
    this.#alert = nearest
    this.#notify(nearest)
  }

  #notify (alert: DeskAlert): void {
    if (this.#notifier === null || this.#describe === undefined || this.#notifier.permission() !== 'granted') return
    // Named as the reader sees the meeting (the alert itself was found in the meeting as written).
    const { title, body } = this.#describe({ ...alert, name: this.#state?.speakers[alert.speakerId]?.name ?? alert.name })
    this.#notifier.show(title, body, `rostrum-${alert.speakerId}-${alert.kind}`)
  }
}
