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
 * Keeps a projection of the document up to date by re-reading only the parts a transaction touched,
 * reusing the previous objects for the rest (so consumers can compare by reference).
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

  /** Call after a transaction with the names of the top-level maps it changed. */
  refresh (changedMaps: ReadonlySet<string>): ControlState | null {
    const prev = this.#state
    if (prev === null || changedMaps.has('meeting')) {
      this.#state = readControlState(this.#doc)
      return this.#state
    }
    const patch: Partial<Record<keyof ControlState, unknown>> = {}
    if (changedMaps.has('floor')) {
      const floorMap = this.#doc.getMap('floor')
      patch.floor = floorMap.get('floor')
      patch.timer = floorMap.get('timer')
    }
    for (const mapName of ENTITY_MAPS) {
      if (changedMaps.has(mapName)) patch[mapName] = readEntities(this.#doc, mapName)
    }
    this.#state = { ...prev, ...patch } as ControlState
    return this.#state
  }
}

/** Names of the top-level maps a transaction changed (the control document has no nested types). */
export function changedRootNames (doc: Y.Doc, transaction: Y.Transaction): Set<string> {
  const names = new Set<string>()
  for (const [name, shared] of doc.share) {
    if (transaction.changed.has(shared)) names.add(name)
  }
  return names
}
