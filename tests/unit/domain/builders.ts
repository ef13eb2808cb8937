// Builders for domain tests: a meeting from a short description, a deterministic context whose ids
// count up and whose clock only moves when the test says so.
import { expect } from 'vitest'
import {
  applyCommand,
  createInitialState,
  type Actor,
  type Command,
  type CommandOf,
  type CommandPayloads,
  type CommandResult,
  type CommandResults,
  type CommandType,
  type ControlState,
  type DelegationCode,
  type DomainErrorCode,
  type MeetingId,
  type MeetingStatus,
  type RoomSession,
  type SegmentDescription,
  type SegmentId,
  type Speaker,
  type SpeakerId
} from '../../../shared/domain/index.ts'

/** 16 November 2021, 10:00 in New York: the 8906th meeting. */
export const T0 = Date.UTC(2021, 10, 16, 15, 0)
export const SECOND = 1000
export const MINUTE = 60 * SECOND

export const CHAIR: Actor = { role: 'chair', delegation: null, id: 'chair-token' }
export const delegationActor = (code: string): Actor => ({ role: 'delegation', delegation: code as DelegationCode, id: `del-${code}` })
export const NOTETAKER: Actor = { role: 'notetaker', delegation: null, id: 'notes-token' }
export const PUBLIC: Actor = { role: 'public', delegation: null, id: 'screen' }

export const DELEGATIONS = [
  { code: 'MEX', name: 'Mexico' },
  { code: 'NOR', name: 'Norway' },
  { code: 'FIN', name: 'Finland' },
  { code: 'KEN', name: 'Kenya' },
  { code: 'IND', name: 'India' }
]

export function command<T extends CommandType> (type: T, payload: CommandPayloads[T]): CommandOf<T> {
  return { type, payload } as CommandOf<T>
}

export const code = (value: string) => value as DelegationCode

export interface MeetingOptions {
  readonly segments?: readonly SegmentDescription[]
  readonly status?: MeetingStatus
  readonly listClosed?: boolean
  readonly roomHours?: readonly RoomSession[]
  readonly timeZone?: string
}

/** Briefers (no limit), Speakers (5 min) and Rights of reply (3 min), with the given speakers. */
export function standardSegments (briefers: string[] = [], speakers: string[] = [], replies: string[] = []): SegmentDescription[] {
  const named = (name: string) => {
    const delegation = DELEGATIONS.find((d) => d.name === name)
    return { name, delegation: delegation ? code(delegation.code) : null }
  }
  return [
    { name: 'Briefers', defaultLimitMs: null, orderingRule: 'fixed', speakers: briefers.map(named) },
    { name: 'Speakers', defaultLimitMs: 5 * MINUTE, speakers: speakers.map(named) },
    { name: 'Rights of reply', defaultLimitMs: 3 * MINUTE, purpose: 'right-of-reply', speakers: replies.map(named) }
  ]
}

export class TestMeeting {
  state: ControlState
  nowMs = T0
  /** The control document's size as the server would measure it; unmeasured (no budget) when undefined. */
  controlBytes: number | undefined = undefined
  private nextId = 0

  constructor (options: MeetingOptions = {}) {
    const initial = createInitialState(
      'mtg-1' as MeetingId,
      {
        title: 'Peace and security through preventive diplomacy',
        scheduledStart: '2021-11-16T10:00',
        timeZone: options.timeZone ?? 'America/New_York',
        roomHours: options.roomHours ?? [],
        delegations: DELEGATIONS,
        ...(options.segments ? { segments: options.segments } : {})
      },
      { nowMs: this.nowMs, newId: (prefix) => this.newId(prefix) }
    )
    this.state = {
      ...initial,
      meeting: { ...initial.meeting, status: options.status ?? 'open', listClosed: options.listClosed ?? false }
    }
  }

  newId (prefix: string): string {
    this.nextId += 1
    return `${prefix}-${this.nextId}`
  }

  advance (ms: number): this {
    this.nowMs += ms
    return this
  }

  /** Applies a command; the state moves on only when it is accepted, like the server. */
  run<T extends CommandType> (cmd: { readonly type: T; readonly payload: CommandPayloads[T] }, actor: Actor = CHAIR): CommandResult<T> {
    const controlBytes = this.controlBytes
    const result = applyCommand(this.state, cmd, {
      actor,
      nowMs: this.nowMs,
      newId: (prefix) => this.newId(prefix),
      ...(controlBytes === undefined ? {} : { controlBytes: () => controlBytes })
    })
    if (result.ok) this.state = result.state
    return result
  }

  /** Applies a command that must succeed and returns its data. */
  ok<T extends CommandType> (cmd: { readonly type: T; readonly payload: CommandPayloads[T] }, actor: Actor = CHAIR): CommandResults[T] {
    const result = this.run(cmd, actor)
    if (!result.ok) throw new Error(`${cmd.type} refused: ${result.error.code} ${result.error.message}`)
    return result.data
  }

  /** Applies a command that must be refused with `errorCode`, and checks the state did not move. */
  refused (cmd: Command, errorCode: DomainErrorCode, actor: Actor = CHAIR): void {
    const before = this.state
    const result = this.run(cmd, actor)
    expect(result.ok ? 'accepted' : result.error.code).toBe(errorCode)
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(5)
    expect(this.state).toBe(before)
  }

  speaker (name: string): Speaker {
    const found = Object.values(this.state.speakers).find((speaker) => speaker.name === name)
    if (!found) throw new Error(`No speaker named ${name}`)
    return found
  }

  speakerId (name: string): SpeakerId {
    return this.speaker(name).id
  }

  segmentId (name: string): SegmentId {
    const found = Object.values(this.state.segments).find((segment) => segment.name === name)
    if (!found) throw new Error(`No segment named ${name}`)
    return found.id
  }

  /** Gives the floor to the named speaker, with the clock running. */
  give (name: string): this {
    this.ok(command('floor:give', { speakerId: this.speakerId(name) }))
    return this
  }
}

export function meetingWith (options: MeetingOptions = {}): TestMeeting {
  return new TestMeeting(options)
}
