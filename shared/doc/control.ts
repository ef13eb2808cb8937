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
 * Keeps a projection of the document up to date by re-reading only the keys a transaction changed,
 * reusing the previous objects for the rest (so consumers can compare by reference, and a floor
 * change costs the same with 20 speakers or 2,000).
 */
export class ControlProjection {
  #state: ControlState | null = null
  readonly #doc: Y.Doc

  constructor (doc: Y.Doc) {
    this.#doc = doc
    this.#state = readControlState(doc)
  }

  get state (): ControlState | null {
    return this.#state
  }

  /** Call after each transaction on the document; returns whether the projection changed. */
  refresh (transaction: Y.Transaction): boolean {
    const prev = this.#state
    const changed = (name: string) => changedKeys(transaction, this.#doc.getMap(name))
    if (prev === null || changed('meeting') !== undefined) {
      this.#state = readControlState(this.#doc)
      return this.#state !== prev
    }
    const patch: Partial<Record<keyof ControlState, unknown>> = {}
    if (changed('floor') !== undefined) {
      const floorMap = this.#doc.getMap('floor')
      patch.floor = floorMap.get('floor')
      patch.timer = floorMap.get('timer')
    }
    for (const mapName of ENTITY_MAPS) {
      const keys = changed(mapName)
      if (keys !== undefined) patch[mapName] = patchEntities(this.#doc.getMap(mapName), prev[mapName], keys)
    }
    if (Object.keys(patch).length === 0) return false
    this.#state = { ...prev, ...patch } as ControlState
    return true
  }
}

/** The keys of a map a transaction changed, or undefined if it left the map alone. */
function changedKeys (transaction: Y.Transaction, map: Y.Map<unknown>): Set<string | null> | undefined {
  // Yjs types `changed` by the AbstractType base, which a Y.Map's event handler type does not fit.
  return transaction.changed.get(map as unknown as Y.AbstractType<Y.YEvent<Y.Map<unknown>>>)
}

function patchEntities (map: Y.Map<unknown>, prev: ControlState[EntityMap], keys: Set<string | null>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...prev }
  for (const key of keys) {
    if (key === null) continue
    const value = map.get(key)
    if (value === undefined) delete next[key]
    else next[key] = value
  }
  return next
}
