// Groups a delegation often speaks for, as data: the chair picks one and edits its members per meeting
// (the setup wizard, and the console's Meeting settings).
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
    members: codes('DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM')
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
  },
  {
    id: 'african-group',
    names: {
      ar: 'مجموعة الدول الأفريقية',
      zh: '非洲国家集团',
      en: 'Group of African States',
      fr: 'Groupe des États d’Afrique',
      ru: 'Группа африканских государств',
      es: 'Grupo de los Estados de África'
    },
    // The UN regional group: the 54 Member States of Africa (South Sudan the last to join, in 2011).
    members: codes(`DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH GAB GMB GHA GIN GNB KEN LSO
      LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TZA TGO TUN UGA ZMB ZWE`)
  },
  {
    id: 'non-aligned-movement',
    names: {
      ar: 'حركة عدم الانحياز',
      zh: '不结盟运动',
      en: 'Movement of Non-Aligned Countries',
      fr: 'Mouvement des pays non alignés',
      ru: 'Движение неприсоединения',
      es: 'Movimiento de Países No Alineados'
    },
    // The 120 members of November 2021 (the State of Palestine among them), as the Movement lists them;
    // compiled from that list, whose total public sources confirm, but not checked here name by name
    // against a source of that date: a chair corrects it per meeting.
    members: codes(`AFG DZA AGO ATG AZE BHS BHR BGD BRB BLR BLZ BEN BTN BOL BWA BRN BFA BDI KHM CMR CPV CAF TCD CHL COL COM COG
      CIV CUB PRK COD DJI DMA DOM ECU EGY GNQ ERI SWZ ETH FJI GAB GMB GHA GRD GTM GIN GNB GUY HTI HND IND IDN IRN
      IRQ JAM JOR KEN KWT LAO LBN LSO LBR LBY MDG MWI MYS MDV MLI MRT MUS MNG MAR MOZ MMR NAM NPL NIC NER NGA OMN
      PAK PSE PAN PNG PER PHL QAT RWA KNA LCA VCT STP SAU SEN SYC SLE SGP SOM ZAF LKA SDN SUR SYR TZA THA TLS TGO
      TTO TUN TKM UGA ARE UZB VUT VEN VNM YEM ZMB ZWE`)
  },
  {
    id: 'g77-and-china',
    names: {
      ar: 'مجموعة الـ 77 والصين',
      zh: '77国集团和中国',
      en: 'Group of 77 and China',
      fr: 'Groupe des 77 et la Chine',
      ru: 'Группа 77 и Китай',
      es: 'Grupo de los 77 y China'
    },
    // China, then the Group's members of November 2021 (the State of Palestine among them). The Group
    // reports 134; this list has 133 and could not be confirmed name by name against a public source of
    // that date: a chair corrects it per meeting.
    members: codes(`CHN AFG DZA AGO ATG ARG BHS BHR BGD BRB BLZ BEN BTN BOL BIH BWA BRA BRN BFA BDI CPV KHM CMR CAF TCD CHL COL COM
      COG CRI CIV CUB PRK COD DJI DMA DOM ECU EGY SLV GNQ ERI SWZ ETH FJI GAB GMB GHA GRD GTM GIN GNB GUY HTI HND
      IND IDN IRN IRQ JAM JOR KEN KIR KWT LAO LBN LSO LBR LBY MDG MWI MYS MDV MLI MHL MRT MUS FSM MNG MAR MOZ MMR
      NAM NRU NPL NIC NER NGA OMN PAK PSE PAN PNG PRY PER PHL QAT RWA KNA LCA VCT WSM STP SAU SEN SYC SLE SGP SLB
      SOM ZAF SSD LKA SDN SUR SYR TJK THA TLS TGO TON TTO TUN TKM UGA ARE TZA URY VUT VEN VNM YEM ZMB ZWE`)
  },
  {
    id: 'friends-of-mediation',
    names: {
      ar: 'مجموعة أصدقاء الوساطة',
      zh: '调解之友小组',
      en: 'Group of Friends of Mediation',
      fr: 'Groupe des Amis de la médiation',
      ru: 'Группа друзей посредничества',
      es: 'Grupo de Amigos de la Mediación'
    },
    // Only its co-chairs, Finland and Türkiye, are confirmed (UN Peacemaker, 2022): the Group counts 53
    // Member States, the United Nations and seven regional and other organisations, and no public list of
    // them was found. A chair adds the members who join a statement per meeting.
    members: codes('FIN TUR')
  }
]

/** The common groups, in the order a chair is offered them. */
export function rosterGroups (): readonly RosterGroup[] {
  return GROUPS
}
