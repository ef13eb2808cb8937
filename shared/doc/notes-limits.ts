// The notes document's budgets, in one place (docs/protocol.md §13, docs/security.md). Sized from a
// 60-speaker open debate: a note-taker tags each statement with a few of at most 50 questions and marks
// a few passages; ten note-takers at most, then five times that again as headroom.

/** Tag entries in one meeting: 60 statements × 5 questions × 10 note-takers × 5 (about 1.5 MB). */
export const MAX_NOTES_TAGS = 15_000
/** Highlight entries in one meeting: 60 statements × 3 passages × 10 note-takers × 5. */
export const MAX_NOTES_HIGHLIGHTS = 9_000
/** Statements with a notes text: a long day has 200 statements; × 10. */
export const MAX_NOTES_TEXTS = 2_000
/**
 * Bytes the whole notes document may take, as every joining screen downloads it: a day's notes with
 * their edit history run to a few hundred kilobytes. With the control document's budget (2 MiB) a
 * joining client's two full states stay within what may wait to go out to one connection
 * (server/socket/backpressure.ts), so a client on a slow link is never dropped for downloading them.
 */
export const MAX_NOTES_BYTES = 2 * 1024 * 1024
/** A highlight quotes a passage, not a statement's whole text. */
export const MAX_HIGHLIGHT_TEXT = 4_000
/** The note-taker workspace allows 60; the rest is room for scripts' names. */
export const MAX_AUTHOR_NAME = 120
/** Statement, question and author ids are short random ids. */
export const MAX_NOTES_ID = 80
/** A highlight id is "<authorId>-<atMs>-<n>". */
export const MAX_HIGHLIGHT_ID = 160
