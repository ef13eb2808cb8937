// NotesProjection against the notes readers it stands in for: after any mix of local writes, remote
// updates and entries without the layout's shape, it reads what the readers read, and what did not
// change keeps its identity.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addHighlight,
  readNotesSnapshot,
  removeHighlight,
  statementNotes,
  statementsTaggedWith,
  tagsOfStatement,
  tagStatement,
  untagStatement,
  type Author
} from '../../../shared/doc/notes.ts'
import { NotesProjection } from '../../../shared/doc/notes-projection.ts'
import type { QuestionId, StatementId } from '../../../shared/domain/types.ts'

const STATEMENTS = ['stm_1', 'stm_2', 'stm_3'] as StatementId[]
const QUESTIONS = ['q_a', 'q_b', 'q_c'] as QuestionId[]
const AUTHORS: Author[] = [{ id: 'nt-1', name: 'One' }, { id: 'nt-2', name: 'Two' }]

/** A document and its projection, refreshed after every transaction as MeetingReplica does. */
function projected (doc = new Y.Doc()): { doc: Y.Doc; projection: NotesProjection; changes: () => number } {
  const projection = new NotesProjection(doc)
  let changes = 0
  doc.on('afterTransaction', (transaction: Y.Transaction) => { if (projection.refresh(transaction)) changes++ })
  return { doc, projection, changes: () => changes }
}

/** Whatever the readers read from `doc`, the projection must read too. */
function expectAgreement (doc: Y.Doc, projection: NotesProjection): void {
  const snapshot = readNotesSnapshot(doc, STATEMENTS)
  expect(projection.snapshot(STATEMENTS)).toEqual(snapshot)
  for (const question of QUESTIONS) expect(projection.statementsTaggedWith(question)).toBe(statementsTaggedWith(doc, question))
  for (const statement of STATEMENTS) {
    expect(projection.tagsOf(statement)).toEqual([...tagsOfStatement(doc, statement).values()].flat().sort((a, b) => a.atMs - b.atMs))
  }
}

/** A small seeded generator (mulberry32): the same seed, the same operations. */
function random (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('the notes projection', () => {
  it('reads tags, highlights and texts as the readers do, through local and remote changes and broken entries', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed)
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
      const { doc, projection } = projected()
      const remote = new Y.Doc()
      const operations: string[] = []
      for (let step = 0; step < 120; step++) {
        // A remote replica writes, then its changes arrive as an update, as over the wire.
        const writer = next() < 0.5 ? doc : remote
        const roll = next()
        const statement = pick(STATEMENTS)
        const question = pick(QUESTIONS)
        const author = pick(AUTHORS)
        if (roll < 0.35) tagStatement(writer, statement, question, author, step)
        else if (roll < 0.5) untagStatement(writer, statement, question, author)
        else if (roll < 0.6) addHighlight(writer, statement, { kind: 'quote', text: `passage ${step}` }, author, step)
        else if (roll < 0.65) {
          const first = [...writer.getMap('highlights').keys()][0]
          if (first !== undefined) removeHighlight(writer, first)
        } else if (roll < 0.85) statementNotes(writer, statement).insert(0, `w${step} `)
        else if (roll < 0.9) writer.getMap('tags').set(`${statement}|${question}|broken`, { statementId: statement })
        else if (roll < 0.95) writer.getMap('highlights').set(`hl-${step}`, null)
        else writer.getMap('tags').delete(`${statement}|${question}|broken`)
        operations.push(`${writer === doc ? 'local' : 'remote'} ${roll.toFixed(2)} ${statement} ${question} ${author.id}`)
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)))
        Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)))
        // Read at random moments: the work deferred to a read must be right however much piled up.
        if (next() < 0.3) expect(projection.snapshot(STATEMENTS), `seed ${seed}: ${operations.join('; ')}`).toEqual(readNotesSnapshot(doc, STATEMENTS))
      }
      expectAgreement(doc, projection)
    }
  })

  it('keeps what did not change: a keystroke leaves the tags and highlights as they were', () => {
    const { doc, projection, changes } = projected()
    tagStatement(doc, STATEMENTS[0]!, QUESTIONS[0]!, AUTHORS[0]!, 1)
    addHighlight(doc, STATEMENTS[0]!, { kind: 'proposal', text: 'A mandate' }, AUTHORS[0]!, 2)
    statementNotes(doc, STATEMENTS[0]!).insert(0, 'Opening')
    const [tags, highlights, onFirst] = [projection.tags, projection.highlights, projection.tagsOf(STATEMENTS[0]!)]
    expect(projection.text(STATEMENTS[0]!)).toBe('Opening')

    const before = changes()
    statementNotes(doc, STATEMENTS[0]!).insert(7, ' remarks')
    expect(changes()).toBe(before + 1)
    expect(projection.tags).toBe(tags)
    expect(projection.highlights).toBe(highlights)
    expect(projection.tagsOf(STATEMENTS[0]!)).toBe(onFirst)
    expect(projection.text(STATEMENTS[0]!)).toBe('Opening remarks')

    tagStatement(doc, STATEMENTS[1]!, QUESTIONS[0]!, AUTHORS[1]!, 3)
    expect(projection.tags).not.toBe(tags)
    expect(projection.highlights).toBe(highlights)
    expect(projection.statementsTaggedWith(QUESTIONS[0]!)).toBe(2)
  })

  it('answers a transaction that changed nothing with no change', () => {
    const { doc, projection, changes } = projected()
    const version = projection.version
    doc.transact(() => undefined)
    expect([changes(), projection.version]).toEqual([0, version])
  })

  it('reads a document that had content before it was projected, and notes that arrived untyped', () => {
    const source = new Y.Doc()
    tagStatement(source, STATEMENTS[0]!, QUESTIONS[1]!, AUTHORS[0]!, 1)
    statementNotes(source, STATEMENTS[2]!).insert(0, 'Closing')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
    const { projection } = projected(doc)
    expect(projection.text(STATEMENTS[2]!)).toBe('Closing')
    expect(projection.text(STATEMENTS[1]!)).toBeUndefined()
    // Written again remotely: the text read before is not served from the cache.
    statementNotes(source, STATEMENTS[2]!).insert(7, ' words')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, Y.encodeStateVector(doc)))
    expect(projection.text(STATEMENTS[2]!)).toBe('Closing words')
    expectAgreement(doc, projection)
  })

  it('counts a statement\'s notes that are not text as unreadable, as the snapshot reader does', () => {
    const { doc, projection } = projected()
    doc.getMap(`notes/${STATEMENTS[0]!}`).set('x', 1)
    expect(projection.text(STATEMENTS[0]!)).toBeNull()
    expect(projection.snapshot(STATEMENTS).unreadable).toBe(1)
    expectAgreement(doc, projection)
  })
})
