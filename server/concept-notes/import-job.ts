import type { ParsedConceptNote } from '../../shared/concept-note/index.ts'

/** What the server hands the import worker: the note's text, or a .docx's bytes. */
export interface ImportJob {
  readonly text?: string
  readonly docx?: Uint8Array
  readonly maxTextChars: number
  readonly maxInflatedBytes: number
}

export type ImportRefusal = 'unreadable' | 'binary' | 'text-too-long' | 'too-large' | 'too-complex' | 'busy'

export type WorkerAnswer =
  | { readonly ok: true; readonly parsed: ParsedConceptNote }
  | { readonly ok: false; readonly reason: Exclude<ImportRefusal, 'too-complex' | 'busy'> }

export type ImportResult =
  | { readonly ok: true; readonly parsed: ParsedConceptNote }
  | { readonly ok: false; readonly reason: ImportRefusal }
