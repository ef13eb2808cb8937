// Intergovernmental organisations and other entities with observer status in the General Assembly that
// take the floor in open debates, named as the UN names them in its six languages. Codes are Rostrum's
// own (none of them has an ISO 3166 code), upper-case like every delegation code, and the acronym the
// Secretariat uses in English, so a link's code reads as the delegation it belongs to.
import type { RosterEntry } from './roster.ts'

/** Every observer organisation but the European Union, which the roster has always carried as 'EU'. */
export const OBSERVER_ORGANISATIONS: readonly RosterEntry[] = [
  {
    code: 'AU',
    status: 'observer-organisation',
    names: { ar: 'الاتحاد الأفريقي', zh: '非洲联盟', en: 'African Union', fr: 'Union africaine', ru: 'Африканский союз', es: 'Unión Africana' }
  },
  {
    code: 'ECOWAS',
    status: 'observer-organisation',
    names: {
      ar: 'الجماعة الاقتصادية لدول غرب أفريقيا',
      zh: '西非国家经济共同体',
      en: 'Economic Community of West African States',
      fr: "Communauté économique des États de l'Afrique de l'Ouest",
      ru: 'Экономическое сообщество западноафриканских государств',
      es: 'Comunidad Económica de los Estados de África Occidental'
    }
  },
  {
    code: 'OIC',
    status: 'observer-organisation',
    names: {
      ar: 'منظمة التعاون الإسلامي',
      zh: '伊斯兰合作组织',
      en: 'Organization of Islamic Cooperation',
      fr: 'Organisation de la coopération islamique',
      ru: 'Организация исламского сотрудничества',
      es: 'Organización de Cooperación Islámica'
    }
  },
  {
    code: 'LAS',
    status: 'observer-organisation',
    names: { ar: 'جامعة الدول العربية', zh: '阿拉伯国家联盟', en: 'League of Arab States', fr: 'Ligue des États arabes', ru: 'Лига арабских государств', es: 'Liga de los Estados Árabes' }
  },
  {
    code: 'ICRC',
    status: 'observer-organisation',
    names: {
      ar: 'لجنة الصليب الأحمر الدولية',
      zh: '红十字国际委员会',
      en: 'International Committee of the Red Cross',
      fr: 'Comité international de la Croix-Rouge',
      ru: 'Международный комитет Красного Креста',
      es: 'Comité Internacional de la Cruz Roja'
    }
  },
  {
    code: 'IFRC',
    status: 'observer-organisation',
    names: {
      ar: 'الاتحاد الدولي لجمعيات الصليب الأحمر والهلال الأحمر',
      zh: '红十字会与红新月会国际联合会',
      en: 'International Federation of Red Cross and Red Crescent Societies',
      fr: 'Fédération internationale des Sociétés de la Croix-Rouge et du Croissant-Rouge',
      ru: 'Международная федерация обществ Красного Креста и Красного Полумесяца',
      es: 'Federación Internacional de Sociedades de la Cruz Roja y de la Media Luna Roja'
    }
  },
  {
    code: 'IPU',
    status: 'observer-organisation',
    names: { ar: 'الاتحاد البرلماني الدولي', zh: '各国议会联盟', en: 'Inter-Parliamentary Union', fr: 'Union interparlementaire', ru: 'Межпарламентский союз', es: 'Unión Interparlamentaria' }
  },
  {
    code: 'OSCE',
    status: 'observer-organisation',
    names: {
      ar: 'منظمة الأمن والتعاون في أوروبا',
      zh: '欧洲安全与合作组织',
      en: 'Organization for Security and Co-operation in Europe',
      fr: 'Organisation pour la sécurité et la coopération en Europe',
      ru: 'Организация по безопасности и сотрудничеству в Европе',
      es: 'Organización para la Seguridad y la Cooperación en Europa'
    }
  },
  {
    code: 'CARICOM',
    status: 'observer-organisation',
    names: { ar: 'الجماعة الكاريبية', zh: '加勒比共同体', en: 'Caribbean Community', fr: 'Communauté des Caraïbes', ru: 'Карибское сообщество', es: 'Comunidad del Caribe' }
  }
]
