import * as Y from 'yjs'
import type { ControlState } from '../domain/types.ts'

// Layout of the control document. The server is its only writer; every value is a plain JSON
// object replaced whole, so clients never merge partial edits of server state.
//   meeting:  meeting → Meeting, delegations → Delegation[], questions → GuidingQuestion[]
//   floor:    floor → Floor, timer → Timer
//   segments / speakers / requests / statements: id → entity
const ENTITY_MAPS = ['segments', 'speakers', 'requests', 'statements'] as const
type EntityMap = (typeof ENTITY_MAPS)[number]

const SINGLE_VALUES = [
  ['meeting', 'meeting'],
  ['meeting', 'delegations'],
  ['meeting', 'questions'],
  ['floor', 'floor'],
  ['floor', 'timer']
] as const satisfies readonly (readonly [string, keyof ControlState])[]

export function createControlDoc (): Y.Doc {
  return new Y.Doc()
}

/**
 * Writes `next` into the document, touching only what differs from `prev` by reference: the domain
 * returns new objects only for what a command changed, so a command writes a few keys, not the state.
 */
export function writeControlState (doc: Y.Doc, prev: ControlState | null, next: ControlState, origin?: unknown): void {
  doc.transact(() => {
    for (const [mapName, key] of SINGLE_VALUES) {
      if (prev?.[key] !== next[key]) doc.getMap(mapName).set(key, next[key])
    }
    for (const mapName of ENTITY_MAPS) writeEntities(doc.getMap(mapName), prev?.[mapName], next[mapName])
  }, origin)
}

function writeEntities (map: Y.Map<unknown>, prev: ControlState[EntityMap] | undefined, next: ControlState[EntityMap]): void {
  if (prev === next) return
  for (const [id, entity] of Object.entries(next)) {
    if (prev?.[id] !== entity) map.set(id, entity)
  }
  if (prev === undefined) return
  for (const id of Object.keys(prev)) {
    if (!(id in next)) map.delete(id)
  }
}

/** The plain state the document holds, or null while it is still empty (before the first sync). */
export function readControlState (doc: Y.Doc): ControlState | null {
  const meta = doc.getMap('meeting')
  const floorMap = doc.getMap('floor')
  const meeting = meta.get('meeting')
  if (meeting === undefined) return null
  const state = {
    meeting,
    delegations: meta.get('delegations') ?? [],
    questions: meta.get('questions') ?? [],
    floor: floorMap.get('floor'),
    timer: floorMap.get('timer'),
    segments: readEntities(doc, 'segments'),
    speakers: readEntities(doc, 'speakers'),
    requests: readEntities(doc, 'requests'),
    statements: readEntities(doc, 'statements')
  }
  return state as unknown as ControlState
}

function readEntities (doc: Y.Doc, mapName: EntityMap): Record<string, never> {
  return Object.fromEntries(doc.getMap<never>(mapName).entries())
}

/**
 * Keeps a projection of the document up to date by re-reading only the keys transactions changed,
 * reusing the previous objects for the rest (so consumers can compare by reference). The work is
 * deferred to the next read: a headless viewer that never reads pays nothing per update, and a view
 * that reads once per frame pays once for all the updates of that frame.
 */
export class ControlProjection {
  #state: ControlState | null = null
  readonly #doc: Y.Doc
  /** Everything must be read again: the first sync or a change to the meeting's own keys. */
  #stale = true
  #floorChanged = false
  readonly #changed = new Map<EntityMap, Set<string>>()

  constructor (doc: Y.Doc) {
    this.#doc = doc
  }

  get state (): ControlState | null {
    if (this.#stale) {
      this.#state = readControlState(this.#doc)
      this.#stale = this.#state === null
      this.#floorChanged = false
      this.#changed.clear()
    } else if (this.#floorChanged || this.#changed.size > 0) {
      this.#state = this.#patched(this.#state!)
    }
    return this.#state
  }

  /** Call after each transaction on the document; returns whether the projection changed. */
  refresh (transaction: Y.Transaction): boolean {
    const changed = (name: string) => changedKeys(transaction, this.#doc.getMap(name))
    if (changed('meeting') !== undefined) this.#stale = true
    if (changed('floor') !== undefined) this.#floorChanged = true
    let any = this.#stale || this.#floorChanged
    for (const mapName of ENTITY_MAPS) {
      const keys = changed(mapName)
      if (keys === undefined) continue
      any = true
      let pending = this.#changed.get(mapName)
      if (pending === undefined) this.#changed.set(mapName, pending = new Set())
      for (const key of keys) if (key !== null) pending.add(key)
    }
    return any
  }

  #patched (prev: ControlState): ControlState {
    const patch: Partial<Record<keyof ControlState, unknown>> = {}
    if (this.#floorChanged) {
      const floorMap = this.#doc.getMap('floor')
      patch.floor = floorMap.get('floor')
      patch.timer = floorMap.get('timer')
      this.#floorChanged = false
    }
    for (const [mapName, keys] of this.#changed) patch[mapName] = patchEntities(this.#doc.getMap(mapName), prev[mapName], keys)
    this.#changed.clear()
    return { ...prev, ...patch } as ControlState
  }
}

/** The keys of a map a transaction changed, or undefined if it left the map alone. */
function changedKeys (transaction: Y.Transaction, map: Y.Map<unknown>): Set<string | null> | undefined {
  // Yjs types `changed` by the AbstractType base, which a Y.Map's event handler type does not fit.
  return transaction.changed.get(map as unknown as Y.AbstractType<Y.YEvent<Y.Map<unknown>>>)
}

function patchEntities (map: Y.Map<unknown>, prev: ControlState[EntityMap], keys: Set<string>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...prev }
  for (const key of keys) {
    const value = map.get(key)
    if (value === undefined) delete next[key]
    else next[key] = value
  }
  return next
}
