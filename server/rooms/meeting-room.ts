import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { Logger } from 'pino'
import { applyCommand } from '../../shared/domain/apply.ts'
import { withOutageMarked } from '../../shared/domain/outage.ts'
import type { Command } from '../../shared/domain/commands.ts'
import type { Actor, ControlState, MeetingId } from '../../shared/domain/types.ts'
import { applyStoredControlUpdate, readControlState, takeRequestTexts, writeControlState } from '../../shared/doc/control.ts'
import { hasText, mayReadRequestText, requestTextChanges, textOf, withRequestTexts, type RequestText } from '../../shared/domain/request-text.ts'
import type { NotesWriterRole } from '../../shared/doc/notes-guard.ts'
import type { CommandAck, DocName } from '../../shared/protocol/events.ts'
import type { WireError } from '../../shared/protocol/errors.ts'
import type { Clock } from '../clock.ts'
import { CommandIdTaken, type AuditEntry, type Store, type StoredDocument, type TokenChange } from '../store/store.ts'
import { NotOwnerError, type SequencedUpdate } from '../store/cluster-store.ts'
import { randomId } from '../ids.ts'
import type { Comeback } from './heartbeat.ts'
import { isRosterObserver } from '../../shared/roster/observers.ts'
import { isRosterCode } from '../../shared/roster/codes.ts'
import { RefusalBudget } from './refusal-budget.ts'
import { recordedEntry, samePayload } from './refusal-record.ts'
import { NotesAdmission, type NotesLink } from './notes-admission.ts'
import { StepOneReplies } from './step-one-replies.ts'
import { RoomQueue } from './room-queue.ts'
import type { CommandReply, Forwarded, ForwardedCommand, ForwardedNotes, NotesReply, RoomCluster } from './room-cluster.ts'
import { AppliedSeq } from './applied-seq.ts'

/** Replace a document's update log with one snapshot after this many updates. */
const COMPACT_AFTER_UPDATES = 500

/**
 * Stored control updates the stored copy lets go by before it is made again from the draft: a bound on
 * the memory they hold (a few KB each). Making the copy costs about as much as replaying a hundred.
 */
const MAX_UNSERVED_UPDATES = 256

export interface RoomDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  /** Receives one encoded sync-update message per document per event-loop turn. */
  readonly broadcast: (meetingId: MeetingId, doc: DocName, message: Uint8Array) => void
  /** The outage this run of the server came back from, marked on a statement found on the floor at load. */
  readonly comeback?: Comeback | Promise<Comeback>
  /** Receives the request texts a command wrote, for the chair and the requesting delegation only. */
  readonly sendRequestTexts?: (meetingId: MeetingId, texts: readonly RequestText[]) => void
  /** The FIFO the meeting's writes wait in (the registry shares one across its rooms); a room alone makes its own. */
  readonly queue?: RoomQueue<MeetingId>
  /** The other nodes, in the multi-node mode; without it the room owns its meeting and writes alone. */
  readonly cluster?: RoomCluster
}

/** A meeting's two documents as stored, and (in the multi-node mode) the last sequence number read with them. */
export interface StoredMeeting {
  readonly control: StoredDocument
  readonly notes: StoredDocument
  readonly headSeq: number
}

/** A command's answer, with the links its token change revoked (a delegation that left). */
export interface CommandOutcome {
  readonly ack: CommandAck
  readonly revokedTokens: readonly string[]
}

export interface SyncOutcome {
  readonly reply: Uint8Array | null
  /** The reply is the document's full state, the same object for every client that joins with nothing. */
  readonly shared?: boolean
  /** The link may not write this document. */
  readonly refused: boolean
  /** A writer's change that was checked and not applied: why, for the sender's notice. */
  readonly rejected?: WireError
}

/** Who sends a sync message. A writer names its link: budgets and authorship are per link. */
export interface SyncWriter {
  readonly canWrite: boolean
  readonly origin: unknown
  readonly link?: { readonly id: string; readonly role: NotesWriterRole }
}

/** A state vector naming no client: what a client that has nothing asks with. */
const EMPTY_STATE_VECTOR = new Uint8Array([0])

const LOAD_ORIGIN = Symbol('load')
const COMMAND_ORIGIN = Symbol('command')
/** An update another node stored, applied here from the meeting's feed. */
const FEED_ORIGIN = Symbol('feed')

/** How soon a replica reads its control state back after another node's update, when nobody asked first. */
const STATE_READ_BACK_MS = 200

/** A write this node tried as the owner, fenced out by another node's lease: it is sent to that node instead. */
const FENCED_OUT = Symbol('fenced out')

/** What the owner made of a command, for its own link or for the node that forwarded it. */
interface OwnedOutcome extends CommandOutcome {
  readonly stored: SequencedUpdate | null
  readonly requestTexts: readonly RequestText[]
}

interface OwnedNotesOutcome {
  readonly outcome: SyncOutcome
  readonly stored: SequencedUpdate | null
}

const NOT_SAVED: CommandOutcome = {
  ack: { ok: false, error: { code: 'NOT_SAVED', message: 'The command could not be saved, so nothing changed; try again in a moment.' } },
  revokedTokens: []
}

/**
 * One meeting in memory: its two documents and the plain control state. Commands and notes changes
 * wait their turn in the meeting's FIFO, are stored, and only then applied, acknowledged and broadcast.
 */
export class MeetingRoom {
  readonly id: MeetingId
  /**
   * A copy of the control document as stored, read only while a command's change waits for the store
   * (#drafting); the rest of the time the draft holds exactly what is stored and is read instead (see
   * #served). It is given the stored updates it lacks (#unserved) only when read: integrating every
   * command's update a second time, into a copy a room of watching screens never reads, cost as much
   * again as writing the draft. Null once more than MAX_UNSERVED_UPDATES went by: made afresh from the
   * draft when a draft next begins (#beginDraft), so a room that never drafts, a replica's, never makes it
   * (a copy of a meeting's document cost a replica about as much as 40 updates).
   */
  #storedCopy: Y.Doc | null
  /** Stored control updates the stored copy has not been given yet, oldest first. */
  #unserved: Uint8Array[] = []
  /** The draft holds a command's change that the store has not answered for yet. */
  #drafting = false
  /**
   * Updates another node stored that arrived while the draft held a change: applied once the store has
   * answered (the change then fails, fenced out by that node's epoch), so they never mix with it.
   */
  #heldBack: SequencedUpdate[] = []
  /**
   * A copy of the control document that commands write first: the update they make is stored before
   * the served document gets it, so no client (a joiner's step 1 included) sees a change the disk may lose.
   */
  #draft: Y.Doc
  readonly notes: Y.Doc
  readonly #notesAdmission: NotesAdmission
  #state: ControlState
  readonly #deps: RoomDeps
  readonly #outbox: Record<DocName, Uint8Array[]> = { control: [], notes: [] }
  #flushScheduled = false
  #afterFlush: (() => void)[] = []
  #updatesSinceSnapshot: Record<DocName, number> = { control: 0, notes: 0 }
  /** The sequence number of the last stored update each document holds: what a compaction replaces up to. */
  #lastSeq: Record<DocName, number>
  readonly #compacting: Record<DocName, boolean> = { control: false, notes: false }
  readonly #queue: RoomQueue<MeetingId>
  /** Answers to step 1, kept until the document changes. */
  readonly #stepOneReplies: Record<DocName, StepOneReplies>
  /** Refused commands per link: past the budget a link's commands are turned away unrecorded. */
  readonly refusals: RefusalBudget
  /**
   * This node writes the meeting (always, on the embedded default). Otherwise it holds a replica: writes go
   * to the owner, and what the owner stored arrives through `applyStored`.
   */
  #owned: boolean
  /** The last of the meeting's stored updates this room has (the multi-node mode numbers them densely). */
  readonly #applied: AppliedSeq
  /** Another node's control updates were applied since the control state was read (see #currentState). */
  #stateLags = false
  #readBack: NodeJS.Timeout | null = null
  /** The node dropped this room (see `retire`): it writes nothing more. */
  #retired = false

  private constructor (id: MeetingId, control: LoadedDoc, notes: LoadedDoc, state: ControlState, deps: RoomDeps, owned: boolean, headSeq: number) {
    this.id = id
    this.#owned = owned
    this.#applied = new AppliedSeq(headSeq)
    this.#storedCopy = control.doc
    this.#draft = copyOf(control.doc)
    this.#lastSeq = { control: control.lastSeq, notes: notes.lastSeq }
    this.#updatesSinceSnapshot = { control: control.updatesSinceSnapshot, notes: notes.updatesSinceSnapshot }
    this.#queue = deps.queue ?? new RoomQueue()
    this.notes = notes.doc
    this.#notesAdmission = new NotesAdmission(this.notes)
    this.#state = state
    this.#deps = deps
    this.refusals = new RefusalBudget(id, deps.clock, deps.logger)
    this.#stepOneReplies = { control: new StepOneReplies(() => this.#served()), notes: StepOneReplies.of(this.notes) }
    this.notes.on('update', (update: Uint8Array, origin: unknown) => {
      // Stored before it was applied (receiveNotes); only the broadcast is left.
      if (origin !== LOAD_ORIGIN) this.#enqueue('notes', update)
    })
  }

  /** Loads a meeting from the store, or null if it does not exist. */
  static async load (id: MeetingId, deps: RoomDeps): Promise<MeetingRoom | null> {
    const control = await deps.store.loadDocument(id, 'control')
    const notes = await deps.store.loadDocument(id, 'notes')
    if (control === null || notes === null) return null
    return MeetingRoom.open(id, { control, notes, headSeq: Math.max(control.lastSeq, notes.lastSeq) }, deps, true)
  }

  /**
   * A room from a meeting read from the store: the owner's, or (`owned` false) a replica that the
   * meeting's feed keeps up from `stored.headSeq` on.
   */
  static async open (id: MeetingId, stored: StoredMeeting, deps: RoomDeps, owned: boolean): Promise<MeetingRoom> {
    const control = docFrom(stored.control, id, 'control', deps.logger)
    const notes = docFrom(stored.notes, id, 'notes', deps.logger)
    if (owned) await moveRequestTextsOutOfDocument(deps.store, id, control)
    const state = readControlState(control.doc)
    if (state === null) throw new Error(`meeting ${id}: control document has no meeting`)
    const room = new MeetingRoom(id, control, notes, withRequestTexts(state, await deps.store.listRequestTexts(id)), deps, owned, stored.headSeq)
    if (owned && deps.comeback !== undefined) await room.#markOutage(await deps.comeback)
    return room
  }

  /** Whether this node writes the meeting (see `#owned`). */
  get owned (): boolean {
    return this.#owned
  }

  /** The last of the meeting's stored updates this room has applied. */
  get appliedSeq (): number {
    return this.#applied.seq
  }

  /** A statement on the floor when the server stopped ran through the outage: its record says so. */
  async #markOutage (comeback: Comeback): Promise<void> {
    const next = withOutageMarked(this.#state, comeback.lastAliveAtMs, comeback.backAtMs)
    if (next === this.#state) return
    this.#beginDraft()
    const update = captureUpdate(this.#draft, () => writeControlState(this.#draft, this.#state, next, COMMAND_ORIGIN))
    if (update !== null) this.#stored({ seq: await this.#deps.store.appendUpdate(this.id, 'control', update), doc: 'control', update })
    this.#drafting = false
    if (update !== null) this.#serve(update)
    this.#state = next
    this.#deps.logger.info({ meetingId: this.id, ...comeback }, 'statement on the floor marked as crossing a server outage')
  }

  /**
   * The control document as stored (a command waiting for the store is not in it). Which document
   * that is changes as commands run: read it afresh rather than keep it across an await.
   */
  get control (): Y.Doc {
    return this.#served()
  }

  get state (): ControlState {
    return this.#currentState()
  }

  /** The request texts `reader` may read: all of them for the chair, its own for a delegation. */
  requestTextsFor (reader: Pick<Actor, 'role' | 'delegation'>): RequestText[] {
    if (reader.role !== 'chair' && reader.role !== 'delegation') return []
    return Object.values(this.#currentState().requests).map(textOf).filter((text) => hasText(text) && mayReadRequestText(reader, text))
  }

  /**
   * The control state, read again from the document when another node's updates were applied since it
   * was last read. A replica reads it on demand and a few times a second, not once per update: reading
   * the whole state costs more than applying an update, and a replica serving many viewers applies many.
   */
  #currentState (): ControlState {
    if (!this.#stateLags) return this.#state
    this.#stateLags = false
    const before = this.#state
    const state = readControlState(this.#draft)
    if (state === null) throw new Error(`meeting ${this.id}: control document has no meeting`)
    this.#state = withRequestTexts(state, Object.values(before.requests).map(textOf).filter(hasText))
    if (requestsMoved(before, this.#state)) void this.#refreshRequestTexts()
    return this.#state
  }

  doc (name: DocName): Y.Doc {
    return name === 'control' ? this.#served() : this.notes
  }

  /**
   * Validated command in, answer out, once it is stored (or refused and recorded). Commands of one
   * meeting run one at a time in arrival order. A retry of a command id already answered gets that answer.
   */
  runCommand (actor: Actor, commandId: string, command: Command): Promise<CommandAck> {
    return this.#queue.run(this.id, () => this.#command({ actor, commandId, command })).then((outcome) => outcome.ack)
  }

  /**
   * As `runCommand`, for a command that goes with a change to a delegation's links (server/http/delegations.ts):
   * the command, its audit entry and the token change land in one transaction, or none of them does.
   */
  runCommandWithLinks (actor: Actor, commandId: string, command: Command, tokens: TokenChange): Promise<CommandOutcome> {
    return this.#queue.run(this.id, () => this.#command({ actor, commandId, command, tokens }))
  }

  /**
   * A command another node sent this one as the meeting's owner: run here, never sent on. Null when this
   * node does not own the meeting (any more), so the sender asks PostgreSQL who does.
   */
  runForwardedCommand (forwarded: ForwardedCommand): Promise<CommandReply | null> {
    return this.#queue.run(this.id, async () => {
      if (!this.#owned) return null
      const outcome = await this.#ownedCommand(forwarded)
      return outcome === FENCED_OUT ? null : outcome
    })
  }

  /** Runs the command here as the owner, or at the owner (see #write). */
  #command (command: ForwardedCommand): Promise<CommandOutcome> {
    return this.#write({
      asOwner: () => this.#ownedCommand(command),
      atOwner: () => this.#deps.cluster!.forwardCommand(this.id, command),
      answered: async (reply) => {
        await this.#receive(reply.stored)
        this.#learnRequestTexts(reply.requestTexts)
        return { ack: reply.ack, revokedTokens: reply.revokedTokens }
      },
      unavailable: NOT_SAVED
    })
  }

  /**
   * One write of the meeting, inside its FIFO: made here while this node owns the meeting; sent to the
   * owner otherwise, and answered once the owner's stored update is applied here. A write fenced out by
   * another node's lease is sent to that node instead; a room whose owner is gone takes the meeting over
   * and makes the write itself.
   */
  async #write<T, R> (write: {
    readonly asOwner: () => Promise<T | typeof FENCED_OUT>
    readonly atOwner: () => Promise<Forwarded<R>>
    readonly answered: (reply: R) => Promise<T>
    readonly unavailable: T
  }): Promise<T> {
    for (;;) {
      if (this.#retired) return write.unavailable
      if (this.#owned) {
        const outcome = await write.asOwner()
        if (outcome !== FENCED_OUT) return outcome
        continue
      }
      const forwarded = await write.atOwner()
      if (forwarded.kind === 'took-over') {
        await this.#takeOver(forwarded.headSeq)
        continue
      }
      return forwarded.kind === 'unavailable' ? write.unavailable : await write.answered(forwarded.reply)
    }
  }

  /**
   * `#runCommand`, with a store that cannot be read or written (the disk, PostgreSQL out of reach) turned
   * into "not saved", and a write fenced out by another node's lease into stepping down.
   */
  #ownedCommand (command: ForwardedCommand): Promise<OwnedOutcome | typeof FENCED_OUT> {
    return this.#unlessFencedOut(async () => {
      try {
        return await this.#runCommand(command)
      } catch (error) {
        if (error instanceof NotOwnerError) throw error
        this.#deps.logger.error({ err: error, meetingId: this.id, type: command.command.type }, 'command not persisted')
        return { ...NOT_SAVED, stored: null, requestTexts: [] }
      }
    })
  }

  /** Runs an owner's write; fenced out by another node's lease, the room steps down and FENCED_OUT says so. */
  async #unlessFencedOut<T> (write: () => Promise<T>): Promise<T | typeof FENCED_OUT> {
    try {
      return await write()
    } catch (error) {
      if (!(error instanceof NotOwnerError)) throw error
      this.#stepDown()
      return FENCED_OUT
    }
  }

  /**
   * Runs the command as new; the store refuses to write a command id its audit log has (`CommandIdTaken`),
   * and then the answer is the earlier one. A retry costs a command's work for nothing, rarely; a command
   * costs no look-up beforehand, always.
   */
  async #runCommand (forwarded: ForwardedCommand): Promise<OwnedOutcome> {
    try {
      return await this.#runNewCommand(forwarded)
    } catch (error) {
      if (!(error instanceof CommandIdTaken)) throw error
      const previous = await this.#deps.store.findAudit(this.id, forwarded.actor.id, forwarded.commandId)
      if (previous === null) throw error
      return answeredOnly(sameCommand(previous, forwarded.command)
        ? previous.result
        : { ok: false, error: { code: 'COMMAND_ID_REUSED', message: 'This command id was already used for a different command; use a fresh id.' } })
    }
  }

  async #runNewCommand ({ actor, commandId, command, tokens }: ForwardedCommand): Promise<OwnedOutcome> {
    const { store, clock } = this.#deps
    const atMs = clock.now()
    const result = applyCommand(this.#currentState(), command, {
      actor,
      nowMs: atMs,
      newId: randomId,
      isObserver: isRosterObserver,
      isRosterCode,
      // What a joining client downloads: the same encoding joiners are served, kept until the next change.
      controlBytes: () => this.#stepOneReplies.control.answer(EMPTY_STATE_VECTOR).byteLength
    })
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
      await store.appendAudit(recordedEntry(audit(ack)))
      return answeredOnly(ack)
    }

    const ack: CommandAck = { ok: true, data: result.data }
    this.#beginDraft()
    const update = captureUpdate(this.#draft, () => writeControlState(this.#draft, this.#state, result.state, COMMAND_ORIGIN))
    const texts = requestTextChanges(this.#state, result.state)
    let committed
    try {
      committed = await store.commitCommand(this.id, {
        update: update ?? undefined,
        audit: audit(ack),
        requestTexts: texts.length > 0 ? texts : undefined,
        tokens
      })
    } catch (error) {
      // Only the draft holds the change: it goes back to the served document, which never had it.
      this.#draft = copyOf(this.#served())
      this.#endDraft()
      throw error
    }
    this.#state = result.state
    const stored = update === null || committed.seq === null ? null : { seq: committed.seq, doc: 'control' as const, update }
    this.#drafting = false
    if (update !== null) {
      this.#serve(update)
      if (stored !== null) this.#stored(stored)
      this.#enqueue('control', update)
    }
    this.#endDraft()
    if (texts.length > 0) this.#deps.sendRequestTexts?.(this.id, texts)
    return { ack, revokedTokens: committed.revokedTokens, stored, requestTexts: texts }
  }

  /** A write of this room's stored at `entry.seq`: the room has it, and the meeting's other nodes are sent it. */
  #stored (entry: SequencedUpdate): void {
    this.#lastSeq[entry.doc] = entry.seq
    this.#applied.reach(entry.seq)
    this.#deps.cluster?.publish(this.id, entry)
  }

  /**
   * An update the owner stored, from the meeting's feed (in order, each once): applied and broadcast as
   * the owner's own writes are. One this room has already is left alone.
   */
  applyStored (entry: SequencedUpdate): void {
    if (entry.seq <= this.#applied.seq) return
    if (this.#drafting) {
      this.#heldBack.push(entry)
      return
    }
    if (this.#owned) {
      // Only another node's epoch could have written it: this one is fenced out already, or is about to be.
      this.#deps.logger.warn({ meetingId: this.id, seq: entry.seq }, 'an update this owner did not write; stepping down')
      this.#stepDown()
    }
    if (entry.doc === 'control') {
      const { requestsChanged } = applyStoredControlUpdate(this.#draft, entry.update, FEED_ORIGIN)
      this.#serve(entry.update)
      this.#stateLags = true
      // Read back soon even if nobody asks, so request texts changed on another node reach this node's
      // chair; an update that changed no request waits until the state is asked for.
      if (requestsChanged) {
        this.#readBack ??= setTimeout(() => {
          this.#readBack = null
          this.#currentState()
        }, STATE_READ_BACK_MS)
        this.#readBack.unref()
      }
      this.#enqueue('control', entry.update)
    } else {
      Y.applyUpdate(this.notes, entry.update, FEED_ORIGIN)
      this.#notesAdmission.grew(entry.update.byteLength)
    }
    this.#lastSeq[entry.doc] = entry.seq
    this.#applied.reach(entry.seq)
  }

  /**
   * The store answered for the draft's change: updates held back meanwhile are applied now. One that cannot
   * be applied breaks the room, as it would have from the feed; the draft's own change stands (it is stored).
   */
  #endDraft (): void {
    this.#drafting = false
    const held = this.#heldBack
    this.#heldBack = []
    try {
      for (const entry of held) this.applyStored(entry)
    } catch (error) {
      this.#deps.logger.error({ err: error, meetingId: this.id }, 'an update held back during a change could not be applied; the room is loaded afresh')
      this.#deps.cluster?.roomBroken(this.id)
    }
  }

  /** The owner's reply to a forwarded write: its update is applied here before the write is answered (read your writes). */
  async #receive (stored: SequencedUpdate | null): Promise<void> {
    if (stored === null) return
    this.#deps.cluster!.deliver(this.id, [stored])
    await this.#applied.when(stored.seq)
  }

  /** Request texts a forwarded command wrote, for this node's chair and requesting delegation. */
  #learnRequestTexts (texts: readonly RequestText[]): void {
    if (texts.length === 0) return
    this.#state = withRequestTexts(this.#currentState(), texts)
    this.#deps.sendRequestTexts?.(this.id, texts)
  }

  /** Requests changed on another node: their texts, which the control document does not carry, are read from the store. */
  async #refreshRequestTexts (): Promise<void> {
    try {
      const stored = await this.#deps.store.listRequestTexts(this.id)
      const before = this.#currentState()
      this.#state = withRequestTexts(before, stored)
      const changed = requestTextChanges(before, this.#state)
      if (changed.length > 0) this.#deps.sendRequestTexts?.(this.id, changed)
    } catch (error) {
      this.#deps.logger.warn({ err: error, meetingId: this.id }, 'request texts not read')
    }
  }

  /**
   * This node took the meeting's lease over (its owner was gone): it reads what it lacks up to the head
   * the claim found, and from then on writes itself. Runs inside the meeting's FIFO.
   */
  async #takeOver (headSeq: number): Promise<void> {
    for (const entry of await this.#deps.cluster!.readLog(this.id, this.#applied.seq)) this.applyStored(entry)
    if (this.#applied.seq < headSeq) throw new Error(`meeting ${this.id}: the log ends at ${this.#applied.seq}, before the head ${headSeq}`)
    this.#owned = true
    this.#storedCopy = null
    this.#unserved = []
    this.#notesAdmission.resync()
    this.#deps.cluster!.owning(this.id)
    this.#deps.logger.info({ meetingId: this.id, headSeq }, 'this node took the meeting over')
  }

  /**
   * The node dropped this room: its copy of the meeting broke, its links are closed, and the meeting's next
   * room is loaded afresh. Writes waiting to see their stored update here never would: they are answered
   * now (the owner stored them; their links reconnect to the fresh room, which has them). Left waiting,
   * they would hold the meeting's FIFO, which the fresh room shares, for good. Writes queued behind them
   * are not made here (the client sends them again), and forwarded ones find no owner here.
   */
  retire (): void {
    this.#retired = true
    this.#owned = false
    this.#applied.release()
    if (this.#readBack !== null) clearTimeout(this.#readBack)
    this.#readBack = null
  }

  /** This node's lease on the meeting expired unrenewed (PostgreSQL out of reach): it is no longer the owner. */
  leaseLapsed (): void {
    this.#stepDown()
  }

  /** Another node's lease fenced a write out: this room becomes a replica, and its writes go to that node. */
  #stepDown (): void {
    if (!this.#owned) return
    this.#owned = false
    this.#deps.cluster?.notOwning(this.id)
    this.#deps.logger.info({ meetingId: this.id }, 'this node no longer owns the meeting')
  }

  /**
   * Handles a client's sync message. Every client may ask for state (step 1), answered at once; only a
   * writer's step 2 and updates are applied — in the meeting's FIFO, after they are stored — and a
   * read-only client's are refused, leaving the document as it was. A message that is not one rejects.
   */
  async receiveSync (doc: DocName, message: Uint8Array, writer: SyncWriter): Promise<SyncOutcome> {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    if (type === syncProtocol.messageYjsSyncStep1) {
      return { reply: this.#stepOneReplies[doc].answer(decoding.readVarUint8Array(decoder)), shared: true, refused: false }
    }
    if (!writer.canWrite) return { reply: null, refused: true }
    if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) {
      throw new RangeError(`unknown sync message type ${type}`)
    }
    if (doc !== 'notes' || writer.link === undefined) throw new Error('only a link may write, and only the notes')
    const update = decoding.readVarUint8Array(decoder)
    const link = writer.link
    return this.#queue.run(this.id, () => this.#notesWrite({ update, link }, writer.origin))
  }

  /** A notes change another node sent this one as the owner; null when this node does not own the meeting. */
  receiveForwardedNotes (forwarded: ForwardedNotes): Promise<NotesReply | null> {
    return this.#queue.run(this.id, async () => {
      if (!this.#owned) return null
      const owned = await this.#unlessFencedOut(() => this.#receiveNotes(forwarded.update, forwarded.link, null))
      return owned === FENCED_OUT ? null : { rejected: owned.outcome.rejected ?? null, stored: owned.stored }
    })
  }

  /** Stores the change here as the owner, or at the owner (as `#command`). */
  #notesWrite (notes: ForwardedNotes, origin: unknown): Promise<SyncOutcome> {
    return this.#write<SyncOutcome, NotesReply>({
      asOwner: async () => {
        const owned = await this.#unlessFencedOut(() => this.#receiveNotes(notes.update, notes.link, origin))
        return owned === FENCED_OUT ? owned : owned.outcome
      },
      atOwner: () => this.#deps.cluster!.forwardNotes(this.id, notes),
      answered: async (reply) => {
        await this.#receive(reply.stored)
        return reply.rejected === null ? { reply: null, refused: false } : { reply: null, refused: false, rejected: reply.rejected }
      },
      unavailable: notesNotSaved()
    })
  }

  /**
   * A writer's notes change: within its link's budget and the document's, of the documented layout
   * (shared/doc/notes-guard.ts), then stored, and only then applied and broadcast — memory never gets
   * ahead of the disk, and a refused change leaves the document byte for byte as it was.
   */
  async #receiveNotes (update: Uint8Array, link: NotesLink, origin: unknown): Promise<OwnedNotesOutcome> {
    const admission = this.#notesAdmission.admit(update, link, this.#deps.clock.now())
    if (!admission.ok) return unstored({ reply: null, refused: false, rejected: admission.rejected })
    if (admission.update === null) return unstored({ reply: null, refused: false })
    let stored: SequencedUpdate
    try {
      stored = { seq: await this.#deps.store.appendUpdate(this.id, 'notes', admission.update), doc: 'notes', update: admission.update }
    } catch (error) {
      this.#notesAdmission.notStored()
      if (error instanceof NotOwnerError) throw error
      this.#deps.logger.error({ err: error, meetingId: this.id }, 'notes change not persisted')
      return unstored(notesNotSaved())
    }
    Y.applyUpdate(this.notes, stored.update, origin)
    this.#stored(stored)
    this.#notesAdmission.grew(stored.update.byteLength)
    return { outcome: { reply: null, refused: false }, stored }
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

  /** A control update the store now holds, once nothing waits for the store: what is served changed. */
  #serve (update: Uint8Array): void {
    this.#stepOneReplies.control.clear()
    if (this.#storedCopy === null) return
    this.#unserved.push(update)
    if (this.#unserved.length < MAX_UNSERVED_UPDATES) return
    this.#unserved = []
    this.#storedCopy = null
  }

  /** A command's change is about to be written to the draft, which until then holds exactly what is stored. */
  #beginDraft (): void {
    this.#storedCopy ??= copyOf(this.#draft)
    this.#drafting = true
  }

  /**
   * The control document as stored. The draft, unless a command's change in it waits for the store:
   * then the stored copy, given the stored updates it lacks first (in one transaction).
   */
  #served (): Y.Doc {
    if (!this.#drafting) return this.#draft
    // Made when the draft began.
    const copy = this.#storedCopy!
    if (this.#unserved.length > 0) {
      const updates = this.#unserved
      this.#unserved = []
      copy.transact(() => {
        for (const update of updates) Y.applyUpdate(copy, update, COMMAND_ORIGIN)
      }, COMMAND_ORIGIN)
    }
    return copy
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

  /**
   * Replaces the stored updates this document holds by one snapshot, outside the FIFO: it names the last
   * update the snapshot covers, so a change stored while it is written stays in the log, after it.
   */
  #compact (doc: DocName): void {
    // The owner alone writes the meeting, compactions included.
    if (this.#compacting[doc] || !this.#owned) return
    this.#compacting[doc] = true
    const snapshot = Y.encodeStateAsUpdate(this.doc(doc))
    const covered = this.#updatesSinceSnapshot[doc]
    if (doc === 'notes') this.#notesAdmission.measured(snapshot.byteLength)
    this.#deps.store.compact(this.id, doc, snapshot, this.#lastSeq[doc]).then(() => {
      this.#updatesSinceSnapshot[doc] -= covered
    }, (error: unknown) => {
      // The log stays as it was, whole; the next flush past the threshold tries again.
      this.#deps.logger.warn({ err: error, meetingId: this.id, doc }, 'document not compacted')
    }).finally(() => {
      this.#compacting[doc] = false
    })
  }
}

interface LoadedDoc {
  readonly doc: Y.Doc
  readonly updatesSinceSnapshot: number
  readonly lastSeq: number
}

/** A document with the same content (a fresh client id): the draft the commands write first. */
function copyOf (doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: true })
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), LOAD_ORIGIN)
  return copy
}

function docFrom (stored: StoredDocument, id: MeetingId, name: DocName, logger: Logger): LoadedDoc {
  const doc = new Y.Doc({ gc: true })
  doc.transact(() => {
    stored.updates.forEach((update, index) => {
      try {
        Y.applyUpdate(doc, update, LOAD_ORIGIN)
      } catch (error) {
        // Notes updates were stored as writers sent them, and one from before the server checked them may
        // be beyond any decoder (a value nested thousands deep overflows Yjs's): skipped, the rest of the
        // meeting loads, and the next compaction leaves it behind. The control document is the server's
        // own writing: a broken one stops the load.
        if (name === 'control') throw error
        logger.warn({ meetingId: id, doc: name, update: index, bytes: update.length, err: error }, 'stored notes update skipped: it cannot be applied')
      }
    })
  }, LOAD_ORIGIN)
  return { doc, updatesSinceSnapshot: stored.updatesSinceSnapshot, lastSeq: stored.lastSeq }
}

/**
 * Older servers wrote request texts into the control document, which every link reads: they move to the
 * store (where one is already kept, that one stays) and leave the document, in one transaction. The
 * document's log is compacted with it, so the texts leave the disk's copy too, not only the one served.
 */
async function moveRequestTextsOutOfDocument (store: Store, id: MeetingId, loaded: LoadedDoc): Promise<void> {
  const { doc } = loaded
  let texts: RequestText[] = []
  // Persisted whenever the document changed, texts or not: later updates build on this change.
  const changed = captureUpdate(doc, () => { texts = takeRequestTexts(doc, LOAD_ORIGIN) }) !== null
  if (!changed) return
  await store.compact(id, 'control', Y.encodeStateAsUpdate(doc), loaded.lastSeq, texts)
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

function rejected (code: WireError['code'], message: string): SyncOutcome {
  return { reply: null, refused: false, rejected: { code, message } }
}

function notesNotSaved (): SyncOutcome {
  return rejected('NOTES_NOT_SAVED', 'The notes change could not be saved; nothing was applied. Sync again later.')
}

function unstored (outcome: SyncOutcome): OwnedNotesOutcome {
  return { outcome, stored: null }
}

/** Whether a request was made, answered or withdrawn between the two states: its text may have changed with it. */
function requestsMoved (before: ControlState, after: ControlState): boolean {
  const statuses = (state: ControlState) => Object.values(state.requests).map((request) => `${request.id}:${request.status}`).join()
  return statuses(before) !== statuses(after)
}

/** A command's answer that wrote nothing. */
function answeredOnly (ack: CommandAck): OwnedOutcome {
  return { ack, revokedTokens: [], stored: null, requestTexts: [] }
}

/** A retry is the same command: same type and payload. Anything else reusing an id is a client bug. */
function sameCommand (previous: AuditEntry, command: Command): boolean {
  return previous.type === command.type && samePayload(previous, command.payload)
}
