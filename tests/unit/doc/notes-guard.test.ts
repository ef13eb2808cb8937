import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addHighlight, removeHighlight, statementNotes, tagStatement, untagStatement } from '../../../shared/doc/notes.ts'
import { NotesGuard, type NotesVerdict } from '../../../shared/doc/notes-guard.ts'
import { MAX_NOTES_TAGS, MAX_NOTES_TEXTS } from '../../../shared/doc/notes-limits.ts'
import type { QuestionId, StatementId } from '../../../shared/domain/types.ts'

const statement = 'st_first' as StatementId
const question = 'q_peace' as QuestionId
const chairAuthor = { id: 'chair-desk', name: 'The chair' }
const noteTaker = { id: 'nt-1', name: 'Note-taker 1' }

/** The server's document with a chair's tag and highlight bound to the chair's link, and its guard. */
function serverWithChairEntries () {
  const server = new Y.Doc()
  const guard = new NotesGuard(server)
  const chair = replicaOf(server)
  const write = changeOf(chair, () => {
    tagStatement(chair, statement, question, chairAuthor, 10)
    addHighlight(chair, statement, { kind: 'quote', text: 'peace' }, chairAuthor, 11)
  })
  accept(server, guard, write, 'chair')
  return { server, guard }
}

function replicaOf (doc: Y.Doc): Y.Doc {
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
  return replica
}

/** The update `change` makes to `doc`. */
function changeOf (doc: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  change()
  return Y.encodeStateAsUpdate(doc, before)
}

/** What the room does with an accepted update: claim, then apply the change to the real document. */
function accept (server: Y.Doc, guard: NotesGuard, update: Uint8Array, role: 'chair' | 'notetaker'): NotesVerdict {
  const verdict = guard.check(update, role)
  if (!verdict.ok) return verdict
  const claim = guard.claim(verdict.newAuthors, role)
  for (const part of [verdict.change, claim]) if (part !== null) Y.applyUpdate(server, part)
  return verdict
}

function nested (depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = { inner: value }
  return value
}

describe('the notes guard', () => {
  it('accepts what the note-taker workspace writes: tags, untags, highlights, text', () => {
    const { server, guard } = serverWithChairEntries()
    const desk = replicaOf(server)
    const steps: (() => void)[] = [
      () => tagStatement(desk, statement, question, noteTaker, 20),
      () => statementNotes(desk, statement).insert(0, 'يبدأ بالشكر. Thanks the briefers.'),
      () => statementNotes(desk, statement).delete(0, 5),
      () => { addHighlight(desk, statement, { kind: 'proposal', text: 'a standing mechanism' }, noteTaker, 21) },
      () => untagStatement(desk, statement, question, noteTaker),
      () => { for (const highlight of desk.getMap<{ authorId: string }>('highlights').entries()) if (highlight[1].authorId === noteTaker.id) removeHighlight(desk, highlight[0]) }
    ]
    for (const step of steps) expect(accept(server, guard, changeOf(desk, step), 'notetaker')).toMatchObject({ ok: true })
    for (const name of ['tags', 'highlights']) expect(server.getMap(name).toJSON()).toEqual(desk.getMap(name).toJSON())
    expect(statementNotes(server, statement).toString()).toBe(statementNotes(desk, statement).toString())
  })

  it('accepts offline work sent at once, entries added and removed in it included', () => {
    const { server, guard } = serverWithChairEntries()
    const desk = replicaOf(server)
    const update = changeOf(desk, () => {
      for (let i = 0; i < 5; i++) tagStatement(desk, `st_${i}` as StatementId, question, noteTaker, i)
      untagStatement(desk, 'st_2' as StatementId, question, noteTaker)
      const highlight = addHighlight(desk, statement, { kind: 'quote', text: 'x' }, noteTaker, 30)
      removeHighlight(desk, highlight.id)
      statementNotes(desk, 'st_3' as StatementId).insert(0, 'offline')
    })
    expect(accept(server, guard, update, 'notetaker')).toMatchObject({ ok: true })
  })

  it.each<[string, (doc: Y.Doc) => void]>([
    ['a tag set to null', (doc) => doc.getMap('tags').set(`${statement}|${question}|nt-1`, null)],
    ['a tag missing its author name', (doc) => doc.getMap('tags').set(`${statement}|${question}|nt-1`, { statementId: statement, questionId: question, authorId: 'nt-1', atMs: 1 })],
    ['a tag under another key', (doc) => doc.getMap('tags').set('anything', { statementId: statement, questionId: question, authorId: 'nt-1', authorName: 'x', atMs: 1 })],
    ['a tag with an extra field', (doc) => doc.getMap('tags').set(`${statement}|${question}|nt-1`, { statementId: statement, questionId: question, authorId: 'nt-1', authorName: 'x', atMs: 1, html: '<b>' })],
    ['a malformed highlight', (doc) => doc.getMap('highlights').set('nt-1-1-0', { id: 'nt-1-1-0', kind: 'shout', text: 42 })],
    ['a highlight whose id is not its author\'s', (doc) => doc.getMap('highlights').set('x-1-0', { id: 'x-1-0', statementId: statement, kind: 'quote', text: 't', authorId: 'nt-1', authorName: 'n', atMs: 1 })],
    ['a nested Y.Map as a tag', (doc) => doc.getMap('tags').set(`${statement}|${question}|nt-1`, new Y.Map())],
    ['a new top-level map', (doc) => doc.getMap('evil').set('x', 1)],
    ['a new top-level array', (doc) => doc.getArray('tags2').push([1])],
    ['a text outside notes/<statementId>', (doc) => doc.getText('notes/../../etc').insert(0, 'x')],
    ['a formatted notes text', (doc) => statementNotes(doc, statement).insert(0, 'bold', { bold: true })],
    ['an embed in the notes', (doc) => statementNotes(doc, statement).insertEmbed(0, { image: 'x' })],
    ['a value nested 200 deep', (doc) => doc.getMap('tags').set(`${statement}|${question}|nt-1`, nested(200))],
    // Deep enough that decoding it overflows the stack, as it did in every browser.
    ['a value nested 6,345 deep', (doc) => doc.getMap('tags').set(`${statement}|${question}|nt-1`, nested(6_345))],
    ['a write to the author bindings', (doc) => doc.getMap('authors').set('nt-1', 'chair')]
  ])('refuses %s and leaves the document as it was', (_label, write) => {
    const { server, guard } = serverWithChairEntries()
    const before = Y.encodeStateAsUpdate(server)
    const desk = replicaOf(server)
    const verdict = guard.check(changeOf(desk, () => write(desk)), 'notetaker')
    expect(verdict).toMatchObject({ ok: false, refusal: expect.stringMatching(/bad-shape|foreign-entry|undecodable/) })
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
    // The shadow is back in step: the same desk's genuine tag goes through afterwards.
    const genuine = replicaOf(server)
    expect(accept(server, guard, changeOf(genuine, () => tagStatement(genuine, statement, question, noteTaker, 5)), 'notetaker')).toMatchObject({ ok: true })
  })

  it('refuses a note-taker forging or removing the chair\'s entries, and lets the chair remove anyone\'s', () => {
    const { server, guard } = serverWithChairEntries()
    const desk = replicaOf(server)
    const forged = changeOf(desk, () => tagStatement(desk, 'st_other' as StatementId, question, chairAuthor, 12))
    expect(guard.check(forged, 'notetaker')).toMatchObject({ ok: false, refusal: 'foreign-entry' })
    const other = replicaOf(server)
    const removed = changeOf(other, () => untagStatement(other, statement, question, chairAuthor))
    expect(guard.check(removed, 'notetaker')).toMatchObject({ ok: false, refusal: 'foreign-entry' })
    const highlightId = [...other.getMap('highlights').keys()][0]!
    const third = replicaOf(server)
    expect(guard.check(changeOf(third, () => removeHighlight(third, highlightId)), 'notetaker')).toMatchObject({ ok: false, refusal: 'foreign-entry' })

    // A note-taker's tag, bound to the note-taker link, that the chair then removes (moderation).
    const mine = replicaOf(server)
    expect(accept(server, guard, changeOf(mine, () => tagStatement(mine, statement, question, noteTaker, 13)), 'notetaker')).toMatchObject({ ok: true })
    expect(server.getMap('authors').toJSON()).toEqual({ [chairAuthor.id]: 'chair', [noteTaker.id]: 'notetaker' })
    const chair = replicaOf(server)
    expect(accept(server, guard, changeOf(chair, () => untagStatement(chair, statement, question, noteTaker)), 'chair')).toMatchObject({ ok: true })
    const retag = replicaOf(server)
    expect(accept(server, guard, changeOf(retag, () => tagStatement(retag, statement, question, noteTaker, 14)), 'chair')).toMatchObject({ ok: true })
    expect(server.getMap('authors').get(noteTaker.id)).toBe('notetaker')
  })

  it('refuses an update whose dependencies the server lacks (pending structs), keeping nothing of it', () => {
    const { server, guard } = serverWithChairEntries()
    const before = Y.encodeStateAsUpdate(server)
    const desk = replicaOf(server)
    changeOf(desk, () => statementNotes(desk, statement).insert(0, 'first part, never sent '))
    const dependent = changeOf(desk, () => statementNotes(desk, statement).insert(5, 'second part'))
    expect(guard.check(dependent, 'notetaker')).toMatchObject({ ok: false, refusal: 'missing-dependencies' })
    // A delete of something the server has never seen (pending delete set) too.
    const ghost = new Y.Doc()
    Y.applyUpdate(ghost, Y.encodeStateAsUpdate(desk))
    const deletes = changeOf(ghost, () => statementNotes(ghost, statement).delete(0, 3))
    expect(guard.check(deletes, 'notetaker')).toMatchObject({ ok: false, refusal: 'missing-dependencies' })
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
  })

  it('answers undecodable bytes with a refusal, not a throw', () => {
    const { guard } = serverWithChairEntries()
    expect(guard.check(new Uint8Array([255, 1, 7, 9, 3, 200, 0, 1]), 'notetaker')).toMatchObject({ ok: false, refusal: 'undecodable' })
  })

  it('refuses tags past the meeting\'s budget, and still takes removals', () => {
    const server = new Y.Doc()
    const filler = new Y.Doc()
    filler.transact(() => { for (let i = 0; i < MAX_NOTES_TAGS; i++) tagStatement(filler, `st_${i}` as StatementId, question, noteTaker, i) })
    Y.applyUpdate(server, Y.encodeStateAsUpdate(filler))
    const guard = new NotesGuard(server)
    const desk = replicaOf(server)
    expect(guard.check(changeOf(desk, () => tagStatement(desk, statement, question, noteTaker, 1)), 'notetaker'))
      .toMatchObject({ ok: false, refusal: 'too-many-entries' })
    const pruner = replicaOf(server)
    expect(guard.check(changeOf(pruner, () => untagStatement(pruner, 'st_0' as StatementId, question, noteTaker)), 'notetaker')).toMatchObject({ ok: true })
  })

  it('refuses notes on more statements than the meeting\'s budget, and still takes edits to existing ones', () => {
    const server = new Y.Doc()
    const filler = new Y.Doc()
    filler.transact(() => { for (let i = 0; i < MAX_NOTES_TEXTS; i++) statementNotes(filler, `st_${i}` as StatementId).insert(0, 'n') })
    Y.applyUpdate(server, Y.encodeStateAsUpdate(filler))
    const guard = new NotesGuard(server)
    const desk = replicaOf(server)
    expect(guard.check(changeOf(desk, () => statementNotes(desk, 'st_new' as StatementId).insert(0, 'one too many')), 'notetaker'))
      .toMatchObject({ ok: false, refusal: 'too-many-entries' })
    const editor = replicaOf(server)
    expect(guard.check(changeOf(editor, () => statementNotes(editor, 'st_7' as StatementId).insert(1, ' more')), 'notetaker')).toMatchObject({ ok: true })
  })
})
