import * as Y from 'yjs'

/** One contiguous change: remove `remove` characters at `index`, then insert `insert` there. */
export interface TextEdit {
  readonly index: number
  readonly remove: number
  readonly insert: string
}

/**
 * The smallest single edit that turns `before` into `after`, from their common prefix and suffix.
 * A keystroke, a paste or a cut is one such edit; null when nothing changed.
 */
export function diffText (before: string, after: string): TextEdit | null {
  if (before === after) return null
  const limit = Math.min(before.length, after.length)
  let prefix = 0
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  // Never split a surrogate pair: an emoji or a rare CJK character stays whole in the document.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--
  let suffix = 0
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) suffix++
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) }
}

function isHighSurrogate (code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate (code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/** What the binding needs of a <textarea>: a fake one is enough in tests. */
export interface TextField {
  value: string
  readonly selectionStart: number | null
  readonly selectionEnd: number | null
  setSelectionRange (start: number, end: number): void
}

/** Marks this binding's own transactions, so its observer does not write them back. */
const LOCAL = Symbol('text-binding')

/**
 * Keeps a text field and a Y.Text equal. Local input becomes one minimal delete/insert; a remote
 * change rewrites the field and keeps the caret on the same character, mapped through relative
 * positions taken just before the change, so a colleague typing above does not move it.
 */
export class TextBinding {
  readonly #field: TextField
  readonly #text: Y.Text
  readonly #doc: Y.Doc
  #saved: { start: Y.RelativePosition; end: Y.RelativePosition } | null = null

  constructor (field: TextField, text: Y.Text) {
    if (text.doc === null) throw new Error('The Y.Text must belong to a document')
    this.#field = field
    this.#text = text
    this.#doc = text.doc
    field.value = text.toString()
    this.#doc.on('beforeTransaction', this.#save)
    text.observe(this.#onChange)
  }

  /** Call on the field's `input` event. */
  onInput (): void {
    const edit = diffText(this.#text.toString(), this.#field.value)
    if (edit === null) return
    this.#doc.transact(() => {
      if (edit.remove > 0) this.#text.delete(edit.index, edit.remove)
      if (edit.insert !== '') this.#text.insert(edit.index, edit.insert)
    }, LOCAL)
  }

  destroy (): void {
    this.#doc.off('beforeTransaction', this.#save)
    this.#text.unobserve(this.#onChange)
  }

  readonly #save = (transaction: Y.Transaction): void => {
    if (transaction.origin === LOCAL) return
    const { selectionStart, selectionEnd } = this.#field
    if (selectionStart === null || selectionEnd === null) {
      this.#saved = null
      return
    }
    // A caret sticks to the character before it: text a colleague inserts at the very same spot
    // then lands after the caret, and the two people's words never interleave letter by letter.
    // A selection keeps the characters it covers, and only them.
    const collapsed = selectionStart === selectionEnd
    this.#saved = {
      start: Y.createRelativePositionFromTypeIndex(this.#text, selectionStart, collapsed ? -1 : 0),
      end: Y.createRelativePositionFromTypeIndex(this.#text, selectionEnd, -1)
    }
  }

  readonly #onChange = (_event: Y.YTextEvent, transaction: Y.Transaction): void => {
    if (transaction.origin === LOCAL) return
    const value = this.#text.toString()
    if (value === this.#field.value) return
    this.#field.value = value
    const saved = this.#saved
    if (saved === null) return
    const start = Y.createAbsolutePositionFromRelativePosition(saved.start, this.#doc)
    const end = Y.createAbsolutePositionFromRelativePosition(saved.end, this.#doc)
    if (start !== null && end !== null) this.#field.setSelectionRange(start.index, end.index)
  }
}

/** A Svelte attachment: `<textarea {@attach bindText(text)}>`; re-attaches when `text` changes. */
export function bindText (text: Y.Text): (textarea: HTMLTextAreaElement) => () => void {
  return (textarea) => {
    const binding = new TextBinding(textarea, text)
    const onInput = (): void => binding.onInput()
    textarea.addEventListener('input', onInput)
    return () => {
      textarea.removeEventListener('input', onInput)
      binding.destroy()
    }
  }
}
