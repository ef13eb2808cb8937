import * as Y from 'yjs'
import { hasText, sharedRequest, textOf, type RequestText } from '../domain/request-text.ts'
import { fromStoredSpeaker } from '../domain/standing.ts'
import type { ControlState, Floor, InscriptionRequest, Speaker } from '../domain/types.ts'

// Layout of the control document. The server is its only writer; every value is a plain JSON
// object replaced whole, so clients never merge partial edits of server state.
//   meeting:  meeting → Meeting, delegations → Delegation[], groups → MeetingGroup[], questions → GuidingQuestion[], sittings → SittingEvent[]
//   floor:    floor → Floor, timer → Timer
//   segments / speakers / requests / statements: id → entity
// A request's note and reason are never written here: every link reads this document (request-text.ts).
const ENTITY_MAPS = ['segments', 'speakers', 'requests', 'statements'] as const
type EntityMap = (typeof ENTITY_MAPS)[number]

const SINGLE_VALUES = [
  ['meeting', 'meeting'],
  ['meeting', 'delegations'],
  ['meeting', 'groups'],
  ['meeting', 'questions'],
  ['floor', 'floor'],
  ['floor', 'timer'],
  ['meeting', 'sittings']
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
    for (const mapName of ENTITY_MAPS) writeEntities(doc.getMap(mapName), mapName, prev?.[mapName], next[mapName])
  }, origin)
}

function writeEntities (map: Y.Map<unknown>, mapName: EntityMap, prev: ControlState[EntityMap] | undefined, next: ControlState[EntityMap]): void {
  if (prev === next) return
  for (const [id, entity] of Object.entries(next)) {
    if (prev === undefined || !Object.hasOwn(prev, id) || prev[id] !== entity) map.set(id, toStored(mapName, entity))
  }
  if (prev === undefined) return
  for (const id of Object.keys(prev)) {
    // Own keys only: `"toString" in next` holds for every object.
    if (!Object.hasOwn(next, id)) map.delete(id)
  }
}

/**
 * Applies an update the server stored to the document, and tells whether it changed a request: a
 * request's texts live outside the document, so a reader of them must look again, while an update that
 * only moved the floor or the clock needs no reading of the whole state.
 */
export function applyStoredControlUpdate (doc: Y.Doc, update: Uint8Array, origin: unknown): { readonly requestsChanged: boolean } {
  // Defined as a map before the update lands: a type the update creates is a generic one, which a later
  // getMap replaces by another object than the one the transaction recorded as changed.
  const requests = doc.getMap('requests')
  let requestsChanged = false
  doc.transact((transaction) => {
    Y.applyUpdate(doc, update, origin)
    // Keyed by the changed shared types (the cast only meets the key's generic type).
    requestsChanged = transaction.changed.has(requests as never)
  }, origin)
  return { requestsChanged }
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
    // Documents from before a meeting kept its groups have none.
    groups: meta.get('groups') ?? [],
    questions: meta.get('questions') ?? [],
    floor: floorMap.get('floor'),
    timer: floorMap.get('timer'),
    segments: readEntities(doc, 'segments'),
    speakers: readEntities(doc, 'speakers'),
    requests: readEntities(doc, 'requests'),
    statements: readEntities(doc, 'statements'),
    // Documents from before the meeting's times were kept have none.
    sittings: meta.get('sittings') ?? []
  }
  return state as unknown as ControlState
}

function readEntities (doc: Y.Doc, mapName: EntityMap): Record<string, never> {
  const entries = [...doc.getMap<never>(mapName).entries()].filter(([id, value]) => isEntityAt(id, value))
  return Object.fromEntries(entries.map(([id, value]) => [id, fromStored(mapName, value)]))
}

/**
 * Whether the value under `id` is an entity: its own id is the key. Older servers took an id such as
 * "__proto__" for an entity that existed and wrote the command's changes alone under it (or under
 * "undefined"); such a value is skipped, and so is any key every object inherits, which no id is.
 */
function isEntityAt (id: string, value: unknown): boolean {
  return !(id in Object.prototype) && typeof value === 'object' && value !== null && (value as { id?: unknown }).id === id
}

function toStored (mapName: EntityMap, entity: unknown): unknown {
  return mapName === 'requests' ? sharedRequest(entity as InscriptionRequest) : entity
}

/**
 * Old documents' values as the domain knows them today (a speaker of standing 'group'; a request's text,
 * which older servers wrote into the document, is not read from it).
 */
function fromStored (mapName: EntityMap, value: unknown): never {
  if (mapName === 'speakers') return fromStoredSpeaker(value as Speaker) as never
  if (mapName === 'requests') return sharedRequest(value as InscriptionRequest) as never
  return value as never
}

/**
 * Calls `onFloor` with the floor each time a transaction changes it; the returned function stops.
 * For the benchmark's harnesses, which time each update as it lands on hundreds of viewers in one
 * process: they read the one key they time, and the figures stay comparable across versions.
 */
export function observeFloor (doc: Y.Doc, onFloor: (floor: Floor | undefined) => void): () => void {
  const map = doc.getMap('floor')
  const observer = (event: Y.YMapEvent<unknown>): void => {
    if (event.keysChanged.has('floor')) onFloor(map.get('floor') as Floor | undefined)
  }
  map.observe(observer)
  return () => map.unobserve(observer)
}

/**
 * Calls `onChange` with the id and the value as stored of each entity of one kind a transaction
 * changed (undefined once deleted); the returned function stops. For the same harnesses as observeFloor.
 */
export function observeEntities (doc: Y.Doc, mapName: EntityMap, onChange: (id: string, stored: unknown) => void): () => void {
  const map = doc.getMap(mapName)
  const observer = (event: Y.YMapEvent<unknown>): void => {
    for (const key of event.keysChanged) onChange(key, map.get(key))
  }
  map.observe(observer)
  return () => map.unobserve(observer)
}

/**
 * Takes the request texts an older server wrote into the document out of it (in one transaction) and
 * returns them, so the server can keep them where only their readers get them.
 */
export function takeRequestTexts (doc: Y.Doc, origin?: unknown): RequestText[] {
  const map = doc.getMap<InscriptionRequest>('requests')
  const found = [...map.values()].filter((request) => 'note' in request || 'reason' in request)
  if (found.length === 0) return []
  doc.transact(() => {
    for (const request of found) map.set(request.id, sharedRequest(request))
  }, origin)
  return found.map(textOf).filter(hasText)
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
  /** What each of the document's top-level maps is to the projection, found by the map itself. */
  readonly #roles: Map<unknown, 'meeting' | 'floor' | EntityMap>
  /** Everything must be read again: the first sync or a change to the meeting's own keys. */
  #stale = true
  #floorChanged = false
  readonly #changed = new Map<EntityMap, Set<string>>()

  constructor (doc: Y.Doc) {
    this.#doc = doc
    this.#roles = new Map<unknown, 'meeting' | 'floor' | EntityMap>([
      [doc.getMap('meeting'), 'meeting'],
      [doc.getMap('floor'), 'floor'],
      ...ENTITY_MAPS.map((name) => [doc.getMap(name), name] as const)
    ])
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

  /**
   * Call after each transaction on the document; returns whether the projection changed. It runs on
   * every update a screen receives, so it only notes which keys changed, allocating nothing.
   */
  refresh (transaction: Y.Transaction): boolean {
    let any = false
    for (const [type, keys] of transaction.changed) {
      const role = this.#roles.get(type)
      if (role === undefined) continue
      any = true
      if (role === 'meeting') this.#stale = true
      else if (role === 'floor') this.#floorChanged = true
      else this.#noteChanged(role, keys)
    }
    return any
  }

  #noteChanged (mapName: EntityMap, keys: Set<string | null>): void {
    let pending = this.#changed.get(mapName)
    if (pending === undefined) this.#changed.set(mapName, pending = new Set())
    for (const key of keys) if (key !== null) pending.add(key)
  }

  #patched (prev: ControlState): ControlState {
    const patch: Partial<Record<keyof ControlState, unknown>> = {}
    if (this.#floorChanged) {
      const floorMap = this.#doc.getMap('floor')
      patch.floor = floorMap.get('floor')
      patch.timer = floorMap.get('timer')
      this.#floorChanged = false
    }
    for (const [mapName, keys] of this.#changed) patch[mapName] = patchEntities(mapName, this.#doc.getMap(mapName), prev[mapName], keys)
    this.#changed.clear()
    return { ...prev, ...patch } as ControlState
  }
}

function patchEntities (mapName: EntityMap, map: Y.Map<unknown>, prev: ControlState[EntityMap], keys: Set<string>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...prev }
  for (const key of keys) {
    const value = map.get(key)
    if (!isEntityAt(key, value)) delete next[key]
    // Defined, not assigned: assigning to "__proto__" would replace the object's prototype.
    else Object.defineProperty(next, key, { value: fromStored(mapName, value), enumerable: true, writable: true, configurable: true })
  }
  return next
}
