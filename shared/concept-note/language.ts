import type { NoteLanguage } from './types.ts'

// Words frequent in one language and rare in the others ("de", "la" are shared by French and Spanish).
const WORDS: Readonly<Record<Exclude<NoteLanguage, 'ar'>, RegExp>> = {
  en: /\b(?:the|and|of|to|will|with|which|council)\b/giu,
  fr: /\b(?:les|des|et|du|une|dans|sur|conseil|sera)\b/giu,
  es: /\b(?:el|los|las|del|y|por|para|una|consejo|será)\b/giu
}

/** The note's language by its script and commonest words; null when there is too little to tell. */
export function detectLanguage (text: string): NoteLanguage | null {
  const letters = text.match(/\p{L}/gu)?.length ?? 0
  if (letters < 20) return null
  const arabic = text.match(/[\u0600-\u06FF]/gu)?.length ?? 0
  if (arabic * 2 > letters) return 'ar'
  const counts = (Object.entries(WORDS) as [Exclude<NoteLanguage, 'ar'>, RegExp][])
    .map(([language, words]) => [language, text.match(words)?.length ?? 0] as const)
    .sort((a, b) => b[1] - a[1])
  const [top] = counts
  return top !== undefined && top[1] > 0 ? top[0] : null
}
