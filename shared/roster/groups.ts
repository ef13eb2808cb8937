// Groups a delegation often speaks for, as data: the chair picks one and edits its members per meeting.
// Members are roster codes (shared/roster/codes.ts), so a group names States that are not at the meeting
// without issuing them links. Memberships are those of the date noted; a group that changes (the E10 each
// January) is named with its year.
import type { UnLanguage } from './roster.ts'

export interface RosterGroup {
  /** Rostrum's own key for the group, stable across languages. */
  readonly id: string
  readonly names: Readonly<Record<UnLanguage, string>>
  readonly members: readonly string[]
}

const codes = (list: string): readonly string[] => list.trim().split(/\s+/)

const GROUPS: readonly RosterGroup[] = [
  {
    id: 'eu-member-states',
    names: {
      ar: 'الدول الأعضاء في الاتحاد الأوروبي',
      zh: '欧洲联盟成员国',
      en: 'member States of the European Union',
      fr: 'États membres de l’Union européenne',
      ru: 'государства — члены Европейского союза',
      es: 'Estados miembros de la Unión Europea'
    },
    // Since 1 February 2020.
    members: codes(`AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU
      SVK SVN ESP SWE`)
  },
  {
    id: 'nordic-countries',
    names: {
      ar: 'بلدان الشمال الأوروبي',
      zh: '北欧国家',
      en: 'Nordic countries',
      fr: 'pays nordiques',
      ru: 'страны Северной Европы',
      es: 'países nórdicos'
    },
    members: codes('DNK FIN ISL NOR SWE')
  },
  {
    id: 'arab-group',
    names: {
      ar: 'مجموعة الدول العربية',
      zh: '阿拉伯国家集团',
      en: 'Group of Arab States',
      fr: 'Groupe des États arabes',
      ru: 'Группа арабских государств',
      es: 'Grupo de los Estados Árabes'
    },
    // The 22 members of the League of Arab States, the State of Palestine among them.
    members: codes(`DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM`)
  },
  {
    id: 'e10-2021',
    names: {
      ar: 'الأعضاء العشرة المنتخبون في مجلس الأمن (2021)',
      zh: '安全理事会十个当选成员（2021年）',
      en: 'ten elected members of the Security Council (2021)',
      fr: 'dix membres élus du Conseil de sécurité (2021)',
      ru: 'десять избранных членов Совета Безопасности (2021 год)',
      es: 'diez miembros elegidos del Consejo de Seguridad (2021)'
    },
    members: codes('IND IRL KEN MEX NER NOR VCT EST TUN VNM')
  }
]

/** The common groups, in the order a chair is offered them. */
export function rosterGroups (): readonly RosterGroup[] {
  return GROUPS
}
