/** What a key press tells about tagging: the modifiers, the character and the physical key. */
export type TagKeyEvent = Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey'> & {
  getModifierState?: (key: string) => boolean
}

/**
 * The tag keys a press may mean, most specific first; empty when it is not a tag press.
 * Outside a text field a digit or a question's letter tags. Anywhere, including the notes, Alt with
 * one does — read from the physical key as well, because Alt+digit types "¡" or "™" on some layouts
 * (macOS Option) and Alt+letter a symbol. AltGr (Ctrl+Alt on Windows) is how many layouts type
 * ordinary characters ("@", "{"), so it never tags; nor do Ctrl and Cmd, the browser's own keys.
 */
export function tagKeysOf (event: TagKeyEvent, inTextField: boolean): readonly string[] {
  if (event.ctrlKey || event.metaKey || event.getModifierState?.('AltGraph') === true) return []
  if (!event.altKey && inTextField) return []
  const character = event.key.length <= 2 ? event.key : undefined
  // By position too: "1" is "&" on a French keyboard and "١" on an Arabic one.
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1]
  const letter = /^Key([A-Z])$/.exec(event.code)?.[1]?.toLowerCase()
  const keys = event.altKey ? [digit, character, letter] : [character, digit]
  return keys.filter((key, index): key is string => key !== undefined && keys.indexOf(key) === index)
}
