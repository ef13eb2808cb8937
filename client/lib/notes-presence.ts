import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates
} from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { AwarenessChannel } from '../../shared/client/meeting-replica.ts'

/** What each note-taker shares about itself: no text, no caret, so a message stays tiny. */
export interface PresenceState {
  readonly authorId: string
  readonly name: string
  readonly statementId: string | null
}

export interface Peer extends PresenceState {
  /** The awareness client id: unique per open page, so one person in two tabs shows twice. */
  readonly clientId: number
}

/** Marks updates that came from the others, so they are not sent straight back. */
const REMOTE = 'remote'

/**
 * Who else is taking notes and on which statement: y-protocols awareness over the notes document,
 * relayed by the server among chairs and note-takers through the replica's awareness channel.
 */
export class NotesPresence {
  readonly #awareness: Awareness
  readonly #channel: AwarenessChannel
  readonly #unsubscribe: readonly (() => void)[]
  readonly #listeners = new Set<() => void>()

  constructor (doc: Y.Doc, channel: AwarenessChannel, local: PresenceState) {
    this.#awareness = new Awareness(doc)
    this.#channel = channel
    this.#awareness.on('update', this.#onUpdate)
    this.#awareness.on('change', this.#onChange)
    this.#unsubscribe = [channel.onUpdate(this.#onMessage), channel.onConnect(this.#onConnect), channel.onDisconnect(this.#onDisconnect)]
    this.#awareness.setLocalState(local)
  }

  setLocal (local: PresenceState): void {
    const current = this.#awareness.getLocalState() as PresenceState | null
    if (current?.name === local.name && current.statementId === local.statementId && current.authorId === local.authorId) return
    this.#awareness.setLocalState(local)
  }

  /** Everyone else present, in a stable order. */
  peers (): Peer[] {
    const peers: Peer[] = []
    for (const [clientId, state] of this.#awareness.getStates()) {
      if (clientId === this.#awareness.clientID || !isPresenceState(state)) continue
      peers.push({ clientId, authorId: state.authorId, name: state.name, statementId: state.statementId })
    }
    return peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId)
  }

  /** Called after anyone's presence changed; returns the unsubscribe. */
  subscribe (listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  destroy (): void {
    // Tells the others at once that this page left, rather than after the 30-second timeout.
    removeAwarenessStates(this.#awareness, [this.#awareness.clientID], 'destroy')
    for (const unsubscribe of this.#unsubscribe) unsubscribe()
    this.#awareness.off('update', this.#onUpdate)
    this.#awareness.off('change', this.#onChange)
    this.#awareness.destroy()
    this.#listeners.clear()
  }

  #send (clientIds: number[]): void {
    if (!this.#channel.connected || clientIds.length === 0) return
    this.#channel.send(encodeAwarenessUpdate(this.#awareness, clientIds))
  }

  readonly #onUpdate = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    // Every page times out silent peers by itself; the server refuses a message about another's presence.
    if (origin === 'timeout') return
    if (origin === REMOTE) {
      // A newcomer knows nothing of us until our next renewal (15 s): answer its first message.
      if (changes.added.length > 0) this.#send([this.#awareness.clientID])
      return
    }
    this.#send([...changes.added, ...changes.updated, ...changes.removed])
  }

  readonly #onChange = (): void => {
    for (const listener of this.#listeners) listener()
  }

  readonly #onMessage = (update: Uint8Array): void => {
    try {
      applyAwarenessUpdate(this.#awareness, update, REMOTE)
    } catch {
      // A peer's malformed message is dropped; presence is a courtesy, never worth a crash.
    }
  }

  readonly #onConnect = (): void => {
    this.#send([this.#awareness.clientID])
  }

  readonly #onDisconnect = (): void => {
    // Offline, we cannot know who is still there: show no one rather than stale faces.
    const others = [...this.#awareness.getStates().keys()].filter((id) => id !== this.#awareness.clientID)
    removeAwarenessStates(this.#awareness, others, REMOTE)
  }
}

function isPresenceState (value: unknown): value is PresenceState {
  if (typeof value !== 'object' || value === null) return false
  const state = value as Record<string, unknown>
  return typeof state.authorId === 'string' && typeof state.name === 'string' &&
    (state.statementId === null || typeof state.statementId === 'string')
}
