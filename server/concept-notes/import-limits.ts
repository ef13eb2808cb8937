// What one concept-note import may cost. docs/protocol.md §13 and docs/security.md give each its reason.

/** A real note's .docx unpacks to well under 2 MB; counted as it inflates, never from the zip's own claims. */
export const MAX_DOCX_INFLATED_BYTES = 20 * 1024 * 1024
/** A 500,000-character note parses in about a second; past this the worker is stopped. */
export const IMPORT_DEADLINE_MS = 15_000
/** The worker's JavaScript heap: a 500,000-paragraph .docx once took 1.8 GB of the server's. */
export const IMPORT_HEAP_MB = 256
/** Imports parsing at once; more wait for none and are refused, so uploads cannot stack workers up. */
export const MAX_CONCURRENT_IMPORTS = 2
