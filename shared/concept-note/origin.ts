// Which organ a note is for, and which State holds its presidency: read from the covering letter and the
// note's heading. A Council open debate's note is a letter from the Permanent Representative of the
// State presiding over the Council that month ("during its presidency of the Security Council…").
import { collapseSpaces, foldForMatch } from './normalize.ts'

export type Organ = 'security-council'

const SECURITY_COUNCIL = /security council|مجلس الامن|conseil de securite|consejo de seguridad/u

/** "from the Permanent Representative of Mexico to the United Nations", in the four languages read. */
const SENDER: readonly RegExp[] = [
  /permanent representative of (?:the )?(.{2,80}?) to the united nations/iu,
  /représentant(?:e)? permanent(?:e)? (?:du |de la |de l'|des |d'|de )(.{2,80}?) auprès de/iu,
  /representante permanente (?:del |de la |de los |de las |de )(.{2,80}?) ante las naciones unidas/iu,
  /الممثل(?:ة)? الدائم(?:ة)? (.{2,80}?) لدى الأمم المتحدة/u
]

export interface NoteOrigin {
  readonly organ: Organ | null
  /** The State whose representative sends a Council note, as written ("Mexico", "المكسيك"); null if none. */
  readonly presidency: string | null
}

/**
 * `opening` is the text before the note's first section: the covering letter and the note's heading,
 * where the organ is named; the body may mention the Council in any note.
 */
export function findOrigin (opening: string): NoteOrigin {
  if (!SECURITY_COUNCIL.test(foldForMatch(opening))) return { organ: null, presidency: null }
  for (const sender of SENDER) {
    const match = sender.exec(collapseSpaces(opening))
    if (match?.[1] !== undefined) return { organ: 'security-council', presidency: withoutArabicPreposition(match[1].trim()) }
  }
  return { organ: 'security-council', presidency: null }
}

/** "للمكسيك" → "المكسيك", "لفرنسا" → "فرنسا": the preposition ل is written onto the name. */
function withoutArabicPreposition (name: string): string {
  if (name.startsWith('لل')) return `ال${name.slice(2)}`
  if (/^ل[\u0621-\u064A]/u.test(name)) return name.slice(1)
  return name
}
