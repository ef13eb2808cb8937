import * as Y from 'yjs'
import { z } from 'zod'
import {
  MAX_AUTHOR_NAME, MAX_HIGHLIGHT_ID, MAX_HIGHLIGHT_TEXT, MAX_NOTES_HIGHLIGHTS, MAX_NOTES_ID, MAX_NOTES_TAGS, MAX_NOTES_TEXTS
} from './notes-limits.ts'

// Checks a writer's notes update against the layout of shared/doc/notes.ts (docs/protocol.md §7)
// before anyone applies or stores it. Yjs cannot say what an update does until it is integrated (an
// item names its parent through its neighbours), so the update is applied to a shadow copy of the
// document and what changed there is read, as tldraw's server validates records before it commits.
// The shadow is kept in step with every accepted update, so a good update costs its own size, not the
// document's; only a refusal rebuilds the shadow from the real document.

/** The role a writer's link has; the server binds it at the handshake. */
export type NotesWriterRole = 'chair' | 'notetaker'

export type NotesRefusal =
  /** Not a Yjs update at all, or one Yjs cannot apply. */
  | 'undecodable'
  /** Depends on changes the server does not have (Yjs "pending structs"): it could never apply fully. */
  | 'missing-dependencies'
  /** Writes something the layout does not have, or a value of the wrong shape. */
  | 'bad-shape'
  /** A note-taker writes or removes an entry of an author bound to the chair's link, or anyone writes the bindings. */
  | 'foreign-entry'
  /** Takes the document past one of its entry budgets. */
  | 'too-many-entries'

export type NotesVerdict =
  /** `change` is what the update added to the document (null if it held nothing new), to store and apply. */
  | { readonly ok: true; readonly change: Uint8Array | null; readonly newAuthors: readonly string[] }
  | { readonly ok: false; readonly refusal: NotesRefusal; readonly detail: string }

/** Author id → the role of the link that first wrote with it. Written by the server only. */
const AUTHORS = 'authors'
const TAGS = 'tags'
const HIGHLIGHTS = 'highlights'
const NOTES_PREFIX = 'notes/'

const id = z.string().min(1).max(MAX_NOTES_ID).regex(/^[A-Za-z0-9_-]+$/)
// Authors choose their own id (kept by their browser); it must not contain the tag key's separator.
const authorId = z.string().min(1).max(MAX_NOTES_ID).regex(/^[^|\p{Cc}]+$/u)
const atMs = z.number().min(0).max(8.64e15)
const tagSchema = z.strictObject({
  statementId: id, questionId: id, authorId, authorName: z.string().max(MAX_AUTHOR_NAME), atMs
})
const highlightSchema = z.strictObject({
  id: z.string().min(1).max(MAX_HIGHLIGHT_ID),
  statementId: id,
  kind: z.enum(['quote', 'proposal']),
  text: z.string().max(MAX_HIGHLIGHT_TEXT),
  authorId,
  authorName: z.string().max(MAX_AUTHOR_NAME),
  atMs
})

class Refused extends Error {
  constructor (readonly refusal: NotesRefusal, readonly detail: string) {
    super(detail)
  }
}

export class NotesGuard {
  readonly #source: Y.Doc
  #shadow: Y.Doc

  /** `source` is the real document; the guard never writes to it. */
  constructor (source: Y.Doc) {
    this.#source = source
    this.#shadow = shadowOf(source)
  }

  /**
   * Applies `update` to the shadow and answers whether it may be applied to the real document. After a
   * refusal the shadow is as the real document is; after an acceptance it is one update ahead until the
   * caller applies the same update to the real document, or calls `reset` if it could not.
   */
  check (update: Uint8Array, role: NotesWriterRole): NotesVerdict {
    const shadow = this.#shadow
    const seen: { inspected: NotesVerdict | null; change: Uint8Array | null } = { inspected: null, change: null }
    const textsBefore = countTexts(shadow)
    const inspect = (transaction: Y.Transaction) => { seen.inspected = inspectChanges(shadow, transaction, role, textsBefore) }
    const capture = (effective: Uint8Array) => { seen.change = effective }
    shadow.on('afterTransaction', inspect)
    shadow.on('update', capture)
    try {
      Y.applyUpdate(shadow, update)
    } catch {
      seen.inspected = null
    } finally {
      shadow.off('afterTransaction', inspect)
      shadow.off('update', capture)
    }
    const verdict = verdictOf(seen.inspected, shadow, seen.change)
    if (!verdict.ok) this.reset()
    return verdict
  }

  /**
   * Binds authors first seen in an accepted update to the writer's role, in the shadow; answers the
   * update that does so (to be stored and applied with the writer's), or null if there is none.
   */
  claim (authors: readonly string[], role: NotesWriterRole): Uint8Array | null {
    if (authors.length === 0) return null
    let captured: Uint8Array | null = null
    const listener = (update: Uint8Array) => { captured = update }
    this.#shadow.on('update', listener)
    try {
      this.#shadow.transact(() => {
        const claims = this.#shadow.getMap<string>(AUTHORS)
        for (const author of authors) claims.set(author, role)
      })
    } finally {
      this.#shadow.off('update', listener)
    }
    return captured
  }

  /** Makes the shadow the real document again (after a change that was checked but not applied). */
  reset (): void {
    this.#shadow.destroy()
    this.#shadow = shadowOf(this.#source)
  }
}

function inspectChanges (doc: Y.Doc, transaction: Y.Transaction, role: NotesWriterRole, textsBefore: number): NotesVerdict {
  try {
    return { ok: true, change: null, newAuthors: inspectTransaction(doc, transaction, role, textsBefore) }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal, detail: error.detail }
    throw error
  }
}

function verdictOf (inspected: NotesVerdict | null, shadow: Y.Doc, change: Uint8Array | null): NotesVerdict {
  if (inspected === null) return { ok: false, refusal: 'undecodable', detail: 'the update could not be decoded' }
  if (!inspected.ok) return inspected
  if (shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null) {
    return { ok: false, refusal: 'missing-dependencies', detail: 'the update depends on changes the server does not have; sync again' }
  }
  return { ...inspected, change }
}

function shadowOf (source: Y.Doc): Y.Doc {
  const shadow = new Y.Doc({ gc: true })
  // Typed before any content arrives, so entries integrate into maps and sizes can be read.
  shadow.getMap(TAGS)
  shadow.getMap(HIGHLIGHTS)
  shadow.getMap(AUTHORS)
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(source))
  return shadow
}

/** Throws Refused for the first thing the transaction may not do; answers the authors to bind. */
function inspectTransaction (doc: Y.Doc, transaction: Y.Transaction, role: NotesWriterRole, textsBefore: number): string[] {
  const rootNames = new Map<Y.AbstractType<any>, string>()
  for (const [name, type] of doc.share) rootNames.set(type, name)
  const claims = doc.getMap<string>(AUTHORS)
  const newAuthors = new Set<string>()
  let addedTags = false
  let addedHighlights = false

  for (const [client, afterClock] of transaction.afterState) {
    const beforeClock = transaction.beforeState.get(client) ?? 0
    if (afterClock === beforeClock) continue
    const structs = doc.store.clients.get(client) ?? []
    for (let i = Y.findIndexSS(structs, beforeClock); i < structs.length; i++) {
      const struct = structs[i]!
      if (!(struct instanceof Y.Item)) continue
      const root = rootOf(struct, rootNames)
      if (root === TAGS || root === HIGHLIGHTS) {
        const author = checkEntry(root, struct)
        if (author === null) continue
        const claimed = claims.get(author)
        // The chair may write any author's entry, as it may remove any (it moderates the notes); a
        // note-taker may not write as an author the chair's link first wrote with.
        if (claimed === 'chair' && role !== 'chair') throw new Refused('foreign-entry', `author ${author} is bound to the chair's link`)
        if (claimed === undefined) newAuthors.add(author)
        if (root === TAGS) addedTags = true
        else addedHighlights = true
      } else if (root.startsWith(NOTES_PREFIX) && id.safeParse(root.slice(NOTES_PREFIX.length)).success) {
        if (struct.parentSub !== null || !(struct.content instanceof Y.ContentString || struct.content instanceof Y.ContentDeleted)) {
          throw new Refused('bad-shape', `${root} holds plain text only`)
        }
      } else {
        throw new Refused('bad-shape', `unknown top-level type ${JSON.stringify(root.slice(0, 80))}`)
      }
    }
  }

  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item)) return
    if (struct.id.clock >= (transaction.beforeState.get(struct.id.client) ?? 0)) return
    const root = rootOf(struct, rootNames, { lenient: true })
    if (root === AUTHORS) throw new Refused('foreign-entry', 'author bindings are the server\'s')
    if (role === 'chair' || (root !== TAGS && root !== HIGHLIGHTS)) return
    const owner = ownerOf(root, struct)
    if (owner !== null && claims.get(owner) === 'chair') throw new Refused('foreign-entry', `removes an entry of ${owner}, bound to the chair's link`)
  })

  if (addedTags && doc.getMap(TAGS).size > MAX_NOTES_TAGS) throw new Refused('too-many-entries', `a meeting holds at most ${MAX_NOTES_TAGS} tags`)
  if (addedHighlights && doc.getMap(HIGHLIGHTS).size > MAX_NOTES_HIGHLIGHTS) {
    throw new Refused('too-many-entries', `a meeting holds at most ${MAX_NOTES_HIGHLIGHTS} highlights`)
  }
  const texts = countTexts(doc)
  if (texts > textsBefore && texts > MAX_NOTES_TEXTS) throw new Refused('too-many-entries', `a meeting holds notes on at most ${MAX_NOTES_TEXTS} statements`)
  return [...newAuthors]
}

/** The top-level type an item sits in; nested types are not part of the layout. */
function rootOf (item: Y.Item, rootNames: Map<Y.AbstractType<any>, string>, { lenient = false } = {}): string {
  const parent = item.parent
  if (!(parent instanceof Y.AbstractType) || parent._item !== null) {
    if (lenient) return ''
    throw new Refused('bad-shape', 'nested types are not part of the notes layout')
  }
  return rootNames.get(parent) ?? ''
}

/** Checks a tags or highlights entry; answers its author, or null for an entry already removed. */
function checkEntry (root: typeof TAGS | typeof HIGHLIGHTS, item: Y.Item): string | null {
  const key = item.parentSub
  if (key === null) throw new Refused('bad-shape', `${root} is a map`)
  // Arrives already removed (added and removed offline): it shows nothing, and if it displaces a live
  // entry, that removal is checked with the others.
  if (item.content instanceof Y.ContentDeleted) return null
  if (!(item.content instanceof Y.ContentAny) || item.content.arr.length !== 1) {
    throw new Refused('bad-shape', `${root} values are plain objects`)
  }
  const value: unknown = item.content.arr[0]
  if (root === TAGS) {
    const tag = tagSchema.safeParse(value)
    if (!tag.success) refuse(`tag ${JSON.stringify(key.slice(0, 80))} is not a tag`)
    const { statementId, questionId, authorId } = tag.data
    if (key !== `${statementId}|${questionId}|${authorId}`) refuse('a tag\'s key is "<statementId>|<questionId>|<authorId>" of its value')
    return authorId
  }
  const highlight = highlightSchema.safeParse(value)
  if (!highlight.success) refuse(`highlight ${JSON.stringify(key.slice(0, 80))} is not a highlight`)
  const { id: highlightId, authorId: author } = highlight.data
  if (key !== highlightId || !highlightId.startsWith(`${author}-`)) refuse('a highlight\'s key is its id, which begins with "<authorId>-"')
  return author
}

/** The author an entry's key names, or null if the key names none (old or foreign data). */
function ownerOf (root: string, item: Y.Item): string | null {
  const key = item.parentSub
  if (key === null) return null
  if (root === TAGS) {
    const parts = key.split('|')
    return parts.length === 3 && parts[2] !== '' ? parts[2]! : null
  }
  const value: unknown = item.content instanceof Y.ContentAny ? item.content.arr[0] : undefined
  const author = typeof value === 'object' && value !== null && 'authorId' in value ? value.authorId : undefined
  return typeof author === 'string' && key.startsWith(`${author}-`) ? author : null
}

function countTexts (doc: Y.Doc): number {
  let count = 0
  for (const name of doc.share.keys()) if (name.startsWith(NOTES_PREFIX)) count += 1
  return count
}

function refuse (detail: string): never {
  throw new Refused('bad-shape', detail)
}
