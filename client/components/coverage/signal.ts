import type { MessageKey } from '../../i18n/i18n.svelte.ts'

/** The words for "last addressed N statements ago"; null: never addressed. */
export function signalMessage (statementsSinceLast: number | null): { key: MessageKey; values?: Record<string, number> } {
  if (statementsSinceLast === null) return { key: 'report.signal.never' }
  if (statementsSinceLast === 0) return { key: 'report.signal.latest' }
  if (statementsSinceLast === 1) return { key: 'report.signal.one' }
  return { key: 'report.signal.many', values: { count: statementsSinceLast } }
}

/** A share of speaking time as a whole percentage, with Latin digits as in the rest of the figures. */
export function formatShare (share: number): string {
  return `${Math.round(share * 100)}%`
}
