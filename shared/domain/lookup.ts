// Ids arrive from clients, and the meeting's maps are plain objects: `speakers["__proto__"]` or
// `segments["toString"]` would find what every object inherits and pass it off as an entity.

/** The entity stored under `id` as the map's own entry, or undefined. */
export function entityById<T> (entities: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(entities, id) ? entities[id] : undefined
}
