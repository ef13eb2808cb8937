import { tick } from 'svelte'

/**
 * Where the keyboard focus goes after an action on the chair's console. A button that an action
 * removes or disables drops the focus on the page body, where the next Tab starts from the top of the
 * page; the chair's next key press should land somewhere useful instead.
 */

/**
 * The focus was dropped: its element was removed or disabled, or nothing had it. (A disabled element
 * keeps the focus until the browser next renders, then it goes to the body.)
 */
export function focusLost (): boolean {
  const active = document.activeElement
  return active === null || active === document.body || active.matches(':disabled')
}

/** The first of `selectors`, in order of preference, that matches an enabled element in `root`. */
export function firstEnabled (root: ParentNode, selectors: readonly string[]): HTMLElement | null {
  for (const selector of selectors) {
    const found = [...root.querySelectorAll<HTMLElement>(selector)].find((element) => !element.matches(':disabled'))
    if (found) return found
  }
  return null
}

/** After a change the page makes by itself (an editor closing): if the focus was dropped, hands it on. */
export async function refocusAfterUpdate (root: ParentNode, selectors: readonly string[]): Promise<void> {
  await tick()
  if (focusLost()) firstEnabled(root, selectors)?.focus()
}

/**
 * The hand-off of the focus after a command. The button pressed goes only when the meeting's new state
 * arrives, which may be before or after the command's acknowledgement; so the console calls `check`
 * after each state update it renders and once the command is done, and the first that finds the focus
 * dropped hands it on. A hand-off the chair has overtaken (the focus went elsewhere) is forgotten.
 */
export class FocusHandOff {
  #targets: readonly string[] | null = null
  readonly #root: () => HTMLElement | undefined

  /** `root`: where the targets are looked for, and the focus's last resort. */
  constructor (root: () => HTMLElement | undefined) {
    this.#root = root
  }

  /** Runs `action`; should the focus be dropped meanwhile or by its outcome, it goes to the first of `targets`. */
  async after (action: Promise<unknown>, targets: readonly string[]): Promise<void> {
    this.#targets = targets
    this.check()
    await action
    await tick()
    this.check()
  }

  check (): void {
    const root = this.#root()
    if (this.#targets === null || root === undefined || !focusLost()) return
    const target = firstEnabled(root, this.#targets) ?? root
    this.#targets = null
    target.focus()
  }

  /** The focus went somewhere on purpose. */
  forget (): void {
    this.#targets = null
  }
}

const FOCUSABLE = 'button, input, select, textarea, [tabindex]:not([tabindex="-1"])'

/**
 * Gives a dropped focus back near where it was: to `last` itself if it is still there and enabled (a
 * row moved in the page loses the focus); else to `field`, the field last edited, if it is in the same
 * form (a Save button disabled once saved leaves the chair in the text they were editing); else to the
 * nearest enabled control before it in its form, or after it; else to `fallback`.
 */
export function refocusNear (last: Element | null, field: Element | null, fallback: HTMLElement | null): void {
  if (!focusLost()) return
  if (last instanceof HTMLElement && last.isConnected && !last.matches(':disabled')) return last.focus()
  const form = last?.isConnected ? last.closest('form') : null
  if (form && field instanceof HTMLElement && field.closest('form') === form) return field.focus()
  const controls = form ? [...form.querySelectorAll<HTMLElement>(FOCUSABLE)] : []
  const at = last === null ? -1 : controls.indexOf(last as HTMLElement)
  const enabled = (control: HTMLElement) => !control.matches(':disabled')
  const near = controls.slice(0, Math.max(at, 0)).findLast(enabled) ?? controls.slice(at + 1).find(enabled)
  ;(near ?? fallback)?.focus()
}
