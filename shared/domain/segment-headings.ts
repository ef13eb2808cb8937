// The headings the setup templates give their segments, in the six official languages. A segment that
// still carries its template heading records which one (`Segment.nameKey`), so every reader sees it in
// their own language; a heading the chair typed is the meeting's own text and is shown as written.

export const SEGMENT_HEADING_KEYS = ['briefers', 'council', 'others', 'speakers', 'rightsOfReply'] as const
export type SegmentHeadingKey = (typeof SEGMENT_HEADING_KEYS)[number]

/** The six official languages of the United Nations, as BCP 47 primary tags. */
type UnLanguageTag = 'ar' | 'zh' | 'en' | 'fr' | 'ru' | 'es'

export const SEGMENT_HEADINGS: Readonly<Record<SegmentHeadingKey, Readonly<Record<UnLanguageTag, string>>>> = {
  briefers: {
    ar: 'الإحاطات', zh: '通报', en: 'Briefings', fr: 'Exposés', ru: 'Брифинги', es: 'Exposiciones informativas'
  },
  council: {
    ar: 'أعضاء مجلس الأمن',
    zh: '安全理事会成员',
    en: 'Members of the Security Council',
    fr: 'Membres du Conseil de sécurité',
    ru: 'Члены Совета Безопасности',
    es: 'Miembros del Consejo de Seguridad'
  },
  others: {
    ar: 'الدول الأعضاء الأخرى والمراقبون',
    zh: '其他会员国和观察员',
    en: 'Other Member States and observers',
    fr: 'Autres États Membres et observateurs',
    ru: 'Другие государства-члены и наблюдатели',
    es: 'Otros Estados Miembros y observadores'
  },
  speakers: {
    ar: 'المتكلمون', zh: '发言者', en: 'Speakers', fr: 'Orateurs', ru: 'Ораторы', es: 'Oradores'
  },
  rightsOfReply: {
    ar: 'حق الرد', zh: '答辩权', en: 'Rights of reply', fr: 'Droits de réponse', ru: 'Право на ответ', es: 'Derecho de respuesta'
  }
}

/** The template heading in `language` (its primary tag), or null for a language the table lacks. */
export function segmentHeading (key: SegmentHeadingKey, language: string): string | null {
  const headings: Readonly<Record<string, string>> = SEGMENT_HEADINGS[key]
  return headings[language.split('-')[0]!.toLowerCase()] ?? null
}

/** True when `name` is the template heading `key` in one of the six languages (a rename that is not one). */
export function isSegmentHeading (key: SegmentHeadingKey, name: string): boolean {
  return Object.values(SEGMENT_HEADINGS[key]).includes(name.trim())
}
