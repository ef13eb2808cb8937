import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { Logger } from 'pino'
import { applyCommand } from '../../shared/domain/apply.ts'
import { withOutageMarked } from '../../shared/domain/outage.ts'
import type { Command } from '../../shared/domain/commands.ts'
import type { Actor, ControlState, MeetingId } from '../../shared/domain/types.ts'
import { readControlState, writeControlState } from '../../shared/doc/control.ts'
import type { CommandAck, DocName } from '../../shared/protocol/events.ts'
import type { Clock } from '../clock.ts'
import type { AuditEntry, Store } from '../store/store.ts'
import { randomId } from '../ids.ts'
import type { Comeback } from './heartbeat.ts'
import { isRosterObserver } from '../../shared/roster/observers.ts'
import { isRosterCode } from '../../shared/roster/codes.ts'
import { StepOneReplies } from './step-one-replies.ts'

/** Replace a document's update log with one snapshot after this many updates. */
const COMPACT_AFTER_UPDATES = 500

export interface RoomDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  /** Receives one encoded sync-update message per document per event-loop turn. */
  readonly broadcast: (meetingId: MeetingId, doc: DocName, message: Uint8Array) => void
  /** The outage this run of the server came back from, marked on a statement found on the floor at load. */
  readonly comeback?: Comeback
}

export interface SyncOutcome {
  readonly reply: Uint8Array | null
  /** The reply is the document's full state, the same object for every client that joins with nothing. */
  readonly shared?: boolean
  readonly refused: boolean
}

const LOAD_ORIGIN = Symbol('load')
const COMMAND_ORIGIN = Symbol('command')

/**
 * One meeting in memory: its two documents and the plain control state. Commands are applied,
 * persisted and only then acknowledged and broadcast; notes updates are persisted before relaying.
 */
export class MeetingRoom {
  readonly id: MeetingId
  #control: Y.Doc
  readonly notes: Y.Doc
  #state: ControlState
  readonly #deps: RoomDeps
  readonly #outbox: Record<DocName, Uint8Array[]> = { control: [], notes: [] }
  #flushScheduled = false
  #afterFlush: (() => void)[] = []
  #updatesSinceSnapshot: Record<DocName, number> = { control: 0, notes: 0 }
  /** Answers to step 1, kept until the document changes. */
  readonly #stepOneReplies: Record<DocName, StepOneReplies>

  private constructor (id: MeetingId, control: Y.Doc, notes: Y.Doc, state: ControlState, deps: RoomDeps) {
    this.id = id
    this.#control = control
    this.notes = notes
    this.#state = state
    this.#deps = deps
    this.#stepOneReplies = { control: new StepOneReplies(control), notes: new StepOneReplies(notes) }
    this.notes.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOAD_ORIGIN) this.#onNotesUpdate(update)
    })
  }

  /** Loads a meeting from the store, or null if it does not exist. */
  static load (id: MeetingId, deps: RoomDeps): MeetingRoom | null {
    const control = loadDoc(deps.store, id, 'control')
    const notes = loadDoc(deps.store, id, 'notes')
    if (control === null || notes === null) return null
    const state = readControlState(control.doc)
    if (state === null) throw new Error(`meeting ${id}: control document has no meeting`)
    const room = new MeetingRoom(id, control.doc, notes.doc, state, deps)
    room.#updatesSinceSnapshot = { control: control.updatesSinceSnapshot, notes: notes.updatesSinceSnapshot }
    if (deps.comeback !== undefined) room.#markOutage(deps.comeback)
    return room
  }

  /** A statement on the floor when the server stopped ran through the outage: its record says so. */
  #markOutage (comeback: Comeback): void {
    const next = withOutageMarked(this.#state, comeback.lastAliveAtMs, comeback.backAtMs)
    if (next === this.#state) return
    const update = captureUpdate(this.#control, () => writeControlState(this.#control, this.#state, next, COMMAND_ORIGIN))
    if (update !== null) this.#deps.store.appendUpdate(this.id, 'control', update)
    this.#state = next
    this.#deps.logger.info({ meetingId: this.id, ...comeback }, 'statement on the floor marked as crossing a server outage')
  }

  get control (): Y.Doc {
    return this.#control
  }

  get state (): ControlState {
    return this.#state
  }

  doc (name: DocName): Y.Doc {
    return name === 'control' ? this.#control : this.notes
  }

  /**
   * Validated command in, answer out. A retry of a command id already answered gets that answer.
   * `alongside` writes what belongs with an accepted command (a delegation's link) in its transaction.
   */
  runCommand (actor: Actor, commandId: string, command: Command, alongside?: () => void): CommandAck {
    const { store, clock } = this.#deps
    const previous = store.findAudit(this.id, actor.id, commandId)
    if (previous !== null) {
      if (sameCommand(previous, command)) return previous.result
      return { ok: false, error: { code: 'COMMAND_ID_REUSED', message: 'This command id was already used for a different command; use a fresh id.' } }
    }

    const atMs = clock.now()
    const result = applyCommand(this.#state, command, { actor, nowMs: atMs, newId: randomId, isObserver: isRosterObserver, isRosterCode })
    const audit = (ack: CommandAck) => ({
      meetingId: this.id,
      commandId,
      actorId: actor.id,
      actorRole: actor.role,
      actorDelegation: actor.delegation,
      type: command.type,
      payload: command.payload,
      result: ack,
      atMs
    })
    if (!result.ok) {
      const ack: CommandAck = { ok: false, error: result.error }
      store.appendAudit(audit(ack))
      return ack
    }

    const ack: CommandAck = { ok: true, data: result.data }
    const update = captureUpdate(this.#control, () => writeControlState(this.#control, this.#state, result.state, COMMAND_ORIGIN))
    const persist = () => {
      if (update === null) store.appendAudit(audit(ack))
      else store.appendUpdate(this.id, 'control', update, audit(ack))
      alongside?.()
    }
    try {
      if (alongside === undefined) persist()
      else store.atomically(persist)
    } catch (error) {
      // The document already holds the change but the disk does not: rebuild from the disk so
      // memory never gets ahead of what survives a restart. Nothing was broadcast yet.
      this.#deps.logger.error({ err: error, meetingId: this.id, type: command.type }, 'command not persisted')
      this.#reloadControl()
      return { ok: false, error: { code: 'INTERNAL', message: 'The command could not be saved; nothing changed.' } }
    }
    this.#state = result.state
    if (update !== null) this.#enqueue('control', update)
    return ack
  }

  /**
   * Handles a client's sync message. Every client may ask for state (step 1); only a writer's
   * step 2 and updates are applied — a read-only client's are refused, leaving the document as it was.
   */
  receiveSync (doc: DocName, message: Uint8Array, writer: { canWrite: boolean; origin: unknown }): SyncOutcome {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    if (type === syncProtocol.messageYjsSyncStep1) {
      return { reply: this.#stepOneReplies[doc].answer(decoding.readVarUint8Array(decoder)), shared: true, refused: false }
    }
    if (!writer.canWrite) return { reply: null, refused: true }
    if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) {
      throw new RangeError(`unknown sync message type ${type}`)
    }
    syncProtocol.readUpdate(decoder, this.doc(doc), writer.origin, rethrow)
    return { reply: null, refused: false }
  }

  /** The answer to a client's step 1 when it is kept already (it costs no encoding); null for anything else. */
  keptStepOneAnswer (doc: DocName, message: Uint8Array): Uint8Array | null {
    const decoder = decoding.createDecoder(message)
    if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return null
    return this.#stepOneReplies[doc].kept(decoding.readVarUint8Array(decoder))
  }

  /** Sync step 1 from the server, so a writer sends back what it changed while offline. */
  syncStep1 (doc: DocName): Uint8Array {
    const encoder = encoding.createEncoder()
    syncProtocol.writeSyncStep1(encoder, this.doc(doc))
    return encoding.toUint8Array(encoder)
  }

  /**
   * Runs `callback` once what is queued has been broadcast, at once if nothing is. Acks wait for it,
   * so a client has the change in its document by the time its command resolves (read your writes).
   */
  afterBroadcast (callback: () => void): void {
    if (this.#flushScheduled) this.#afterFlush.push(callback)
    else callback()
  }

  #onNotesUpdate (update: Uint8Array): void {
    this.#deps.store.appendUpdate(this.id, 'notes', update)
    this.#enqueue('notes', update)
  }

  #enqueue (doc: DocName, update: Uint8Array): void {
    this.#outbox[doc].push(update)
    this.#updatesSinceSnapshot[doc] += 1
    if (this.#flushScheduled) return
    this.#flushScheduled = true
    // Everything produced in one turn of the event loop goes out as one merged message per document.
    setImmediate(() => this.#flush())
  }

  #flush (): void {
    this.#flushScheduled = false
    for (const doc of ['control', 'notes'] as const) {
      const updates = this.#outbox[doc]
      if (updates.length === 0) continue
      this.#outbox[doc] = []
      const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
      const encoder = encoding.createEncoder()
      syncProtocol.writeUpdate(encoder, merged)
      this.#deps.broadcast(this.id, doc, encoding.toUint8Array(encoder))
      if (this.#updatesSinceSnapshot[doc] >= COMPACT_AFTER_UPDATES) this.#compact(doc)
    }
    const callbacks = this.#afterFlush
    this.#afterFlush = []
    for (const callback of callbacks) callback()
  }

  #compact (doc: DocName): void {
    this.#deps.store.compact(this.id, doc, Y.encodeStateAsUpdate(this.doc(doc)))
    this.#updatesSinceSnapshot[doc] = 0
  }

  #reloadControl (): void {
    const reloaded = loadDoc(this.#deps.store, this.id, 'control')
    if (reloaded === null) throw new Error(`meeting ${this.id} vanished from the store`)
    this.#control = reloaded.doc
    this.#state = readControlState(reloaded.doc) ?? this.#state
    this.#stepOneReplies.control = new StepOneReplies(this.#control)
  }
}

function loadDoc (store: Store, id: MeetingId, name: DocName): { doc: Y.Doc; updatesSinceSnapshot: number } | null {
  const stored = store.loadDocument(id, name)
  if (stored === null) return null
  const doc = new Y.Doc({ gc: true })
  doc.transact(() => {
    for (const update of stored.updates) Y.applyUpdate(doc, update, LOAD_ORIGIN)
  }, LOAD_ORIGIN)
  return { doc, updatesSinceSnapshot: stored.updatesSinceSnapshot }
}

/** Runs `change` and returns the single update it produced, or null if it changed nothing. */
function captureUpdate (doc: Y.Doc, change: () => void): Uint8Array | null {
  let captured: Uint8Array | null = null
  const listener = (update: Uint8Array) => { captured = update }
  doc.on('update', listener)
  try {
    change()
  } finally {
    doc.off('update', listener)
  }
  return captured
}

/** y-protocols logs and swallows a bad update by default; we want the caller to refuse it. */
function rethrow (error: Error): never {
  throw error
}

/** A retry is the same command: same type and payload. Anything else reusing an id is a client bug. */
function sameCommand (previous: AuditEntry, command: Command): boolean {
  return previous.type === command.type && JSON.stringify(previous.payload) === JSON.stringify(command.payload ?? null)
}

/** Sync step 1 carrying an empty state vector: type 0, then a one-byte array holding zero clients. */