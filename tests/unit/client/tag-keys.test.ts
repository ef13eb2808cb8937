import { describe, expect, it } from 'vitest'
import { tagKeysOf, type TagKeyEvent } from '../../../client/lib/tag-keys.ts'

const press = (key: string, code: string, modifiers: Partial<TagKeyEvent> & { altGraph?: boolean } = {}): TagKeyEvent => ({
  key,
  code,
  altKey: modifiers.altKey ?? false,
  ctrlKey: modifiers.ctrlKey ?? false,
  metaKey: modifiers.metaKey ?? false,
  getModifierState: (name: string) => name === 'AltGraph' && modifiers.altGraph === true
})

describe('tagKeysOf (which tag a key press means)', () => {
  it.each<[string, TagKeyEvent, boolean, readonly string[]]>([
    ['a digit outside the notes', press('4', 'Digit4'), false, ['4']],
    ['a digit in the notes is text', press('4', 'Digit4'), true, []],
    ['an Arabic letter outside the notes', press('ب', 'KeyF'), false, ['ب']],
    ['"&", the 1 key of a French keyboard', press('&', 'Digit1'), false, ['&', '1']],
    ['Alt+1 in the notes', press('1', 'Digit1', { altKey: true }), true, ['1']],
    ['Option+1 on a Mac, which types "¡"', press('¡', 'Digit1', { altKey: true }), true, ['1', '¡']],
    ['Alt+1 on the number pad', press('1', 'Numpad1', { altKey: true }), true, ['1']],
    ['Alt+ب in the notes', press('ب', 'KeyF', { altKey: true }), true, ['ب', 'f']],
    ['Alt+b', press('b', 'KeyB', { altKey: true }), true, ['b']],
    ['AltGr+7, which types "{"', press('{', 'Digit7', { altKey: true, altGraph: true }), true, []],
    ['Ctrl+Alt+1 (AltGr on Windows)', press('1', 'Digit1', { altKey: true, ctrlKey: true }), false, []],
    ['Ctrl+1, the browser’s tab key', press('1', 'Digit1', { ctrlKey: true }), false, []],
    ['Cmd+1', press('1', 'Digit1', { metaKey: true }), false, []],
    ['Tab', press('Tab', 'Tab'), false, []]
  ])('%s', (_name, event, inTextField, keys) => {
    expect(tagKeysOf(event, inTextField)).toEqual(keys)
  })
})
