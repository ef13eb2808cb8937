import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

/** The axe-core engine's source, read once and injected into each page as a script. */
const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source

/** The impacts a page may not have: a keyboard or screen-reader user is blocked or badly hindered. */
const BLOCKING = new Set(['serious', 'critical'])
/** Enough offending elements to see the pattern; thirty rows with the same fault say nothing more. */
const SHOWN = 4

export interface AxeFinding {
  readonly rule: string
  readonly impact: string
  readonly help: string
  /** The first few offending elements, each with its selector and axe's summary of what is wrong. */
  readonly nodes: readonly string[]
  readonly count: number
}

interface AxeResultLike {
  violations: Array<{
    id: string
    impact?: string | null
    help: string
    nodes: Array<{ target: unknown[]; failureSummary?: string }>
  }>
}

/**
 * Runs axe-core (WCAG 2.x A and AA, plus best practice) over the page as it is now and returns the
 * serious and critical violations, each with the elements at fault, readable in a failed assertion.
 * The engine goes in as an inline script: open the page's context with `bypassCSP: true`.
 */
export async function blockingViolations (page: Page): Promise<AxeFinding[]> {
  if (!await page.evaluate(() => 'axe' in window)) await page.addScriptTag({ content: axeSource })
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe
    return await axe.run(document, { resultTypes: ['violations'] }) as AxeResultLike
  })
  return result.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      count: violation.nodes.length,
      nodes: violation.nodes.slice(0, SHOWN).map((node) => `${node.target.join(' ')} — ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`)
    }))
}
