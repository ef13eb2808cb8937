import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { diffText, TextBinding, type TextField } from '../../../client/lib/text-binding.ts'

/** A <textarea> stand-in: a value and a selection, as the binding sees them. */
class FakeField implements TextField {
  value = ''
  selectionStart: number | null = 0
  selectionEnd: number | null = 0

  setSelectionRange (start: number, end: number): void {
    this.selectionStart = start
    this.selectionEnd = end
  }

  /** Types `text` at the caret, as a browser would before firing `input`. */
  type (text: string, binding: TextBinding): void {
    const start = this.selectionStart ?? this.value.length
    const end = this.selectionEnd ?? start
    this.value = this.value.slice(0, start) + text + this.value.slice(end)
    this.setSelectionRange(start + text.length, start + text.length)
    binding.onInput()
  }
}

/** Two documents that exchange every update at once, as two connected note-takers do. */
function connectedPair () {
  const one = new Y.Doc()
  const two = new Y.Doc()
  one.on('update', (update: Uint8Array, origin: unknown) => { if (origin !== 'peer') Y.applyUpdate(two, update, 'peer') })
  two.on('update', (update: Uint8Array, origin: unknown) => { if (origin !== 'peer') Y.applyUpdate(one, update, 'peer') })
  return { one, two }
}

describe('diffText', () => {
  it.each([
    ['', 'a', { index: 0, remove: 0, insert: 'a' }],
    ['abc', 'abXc', { index: 2, remove: 0, insert: 'X' }],
    ['abc', 'ac', { index: 1, remove: 1, insert: '' }],
    ['hello world', 'hello brave world', { index: 6, remove: 0, insert: 'brave ' }],
    ['abcdef', 'abXYef', { index: 2, remove: 2, insert: 'XY' }],
    ['aaa', 'aaaa', { index: 3, remove: 0, insert: 'a' }],
    ['مرحبا', 'مرحبا بكم', { index: 5, remove: 0, insert: ' بكم' }],
    ['select all', 'new', { index: 0, remove: 10, insert: 'new' }]
  ])('%j → %j', (before, after, edit) => {
    expect(diffText(before, after)).toEqual(edit)
  })

  it('returns null when nothing changed', () => {
    expect(diffText('same', 'same')).toBeNull()
  })

  it('never splits a surrogate pair', () => {
    // The two emoji share their high surrogate: a naive prefix would stop inside the pair.
    const edit = diffText('a😀b', 'a😁b')
    expect(edit).toEqual({ index: 1, remove: 2, insert: '😁' })
  })
})

describe('TextBinding', () => {
  it('turns local input into one minimal edit of the Y.Text', () => {
    const doc = new Y.Doc()
    const text = doc.getText('notes')
    text.insert(0, 'hello world')
    const field = new FakeField()
    const binding = new TextBinding(field, text)
    expect(field.value).toBe('hello world')
    const deltas: unknown[] = []
    text.observe((event) => deltas.push(event.delta))
    field.setSelectionRange(6, 6)
    field.type('brave ', binding)
    expect(text.toString()).toBe('hello brave world')
    expect(deltas).toEqual([[{ retain: 6 }, { insert: 'brave ' }]])
    binding.destroy()
  })

  it('keeps the caret on its character when a colleague types before it', () => {
    const { one, two } = connectedPair()
    const mine = new FakeField()
    const binding = new TextBinding(mine, one.getText('notes'))
    mine.type('proposes a review', binding)
    mine.setSelectionRange(9, 9) // after "proposes "
    two.getText('notes').insert(0, 'Mexico ')
    expect(mine.value).toBe('Mexico proposes a review')
    expect([mine.selectionStart, mine.selectionEnd]).toEqual([16, 16])
    binding.destroy()
  })

  it('keeps a selection over the same words across a remote deletion before it', () => {
    const { one, two } = connectedPair()
    const mine = new FakeField()
    const binding = new TextBinding(mine, one.getText('notes'))
    mine.type('The PBC should advise the Council.', binding)
    mine.setSelectionRange(4, 7) // "PBC"
    two.getText('notes').delete(0, 4)
    expect(mine.value.slice(mine.selectionStart ?? 0, mine.selectionEnd ?? 0)).toBe('PBC')
    binding.destroy()
  })

  it('does not interleave two people typing at the same spot', () => {
    const { one, two } = connectedPair()
    const a = new FakeField()
    const b = new FakeField()
    const bindA = new TextBinding(a, one.getText('notes'))
    const bindB = new TextBinding(b, two.getText('notes'))
    // Keystrokes alternate, each arriving at the other before the next one is typed.
    for (const [left, right] of zip([...'Alpha '], [...'Beta '])) {
      if (left !== undefined) a.type(left, bindA)
      if (right !== undefined) b.type(right, bindB)
    }
    expect(a.value).toBe(b.value)
    expect(a.value.includes('Alpha ') && a.value.includes('Beta ')).toBe(true)
    bindA.destroy()
    bindB.destroy()
  })

  it('stops following the text once destroyed', () => {
    const doc = new Y.Doc()
    const text = doc.getText('notes')
    const field = new FakeField()
    const binding = new TextBinding(field, text)
    binding.destroy()
    text.insert(0, 'later')
    expect(field.value).toBe('')
  })
})

function zip<T> (left: readonly T[], right: readonly T[]): [T | undefined, T | undefined][] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => [left[i], right[i]])
}
