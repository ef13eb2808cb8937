// Concept notes written for these tests, shaped like the real ones each language's delegations send.

export const ENGLISH_LETTERED = `Letter dated 20 February 2023 from the Permanent Representative of Mozambique to the United Nations addressed to the Secretary-General

I have the honour to inform you that Mozambique will hold an open debate on "Women and peace and security: strengthening the participation of women in peace processes" on Tuesday, 7 March 2023, at 10 a.m.

Concept note for the Security Council open debate on "Women and peace and security: strengthening the participation of women in peace processes"

I. Background

1. More than two decades after the adoption of resolution 1325 (2000), women remain largely excluded from formal peace processes.

II. Format and participation

2. The Council will be briefed by Ms. Sima Bahous, Executive Director of UN-Women, Ms. Bineta Diop, Special Envoy of the Chairperson of the African Union Commission on Women, Peace and Security, and Ms. Zahra Nader, civil society representative, followed by statements by Council members and other Member States.

III. Expected outcome

3. No formal outcome document is expected. The presidency will circulate a chair's summary.

IV. Guiding questions

4. Member States are invited to address the following questions:

(a) What concrete measures can the Council take to ensure the full, equal and meaningful participation of women in peace processes?

(b) How can Member States better protect women peacebuilders and human rights defenders from reprisals?

(c) In what ways can financing for women's organizations in conflict-affected countries be made predictable?
`

export const FRENCH_CLOSING_PAREN = `Note de cadrage : « Les enfants et les conflits armés : prévenir les violations graves »

Le Conseil de sécurité tiendra un débat public le mardi 14 mars 2023 à 15 heures.

Participation

Le débat s'ouvrira par des exposés de M. António Guterres, Secrétaire général, et de Mme Virginia Gamba, Représentante spéciale du Secrétaire général pour le sort des enfants en temps de conflit armé, suivis des déclarations des membres du Conseil.

Résultat attendu

Le Conseil devrait adopter une déclaration présidentielle.

Questions directrices :

a) Comment le Conseil peut-il renforcer les mécanismes de surveillance et de communication de l'information ?
b) Quelles mesures les États Membres peuvent-ils prendre pour prévenir le recrutement d'enfants ?
c) Comment mieux assurer la réintégration des enfants libérés des forces et groupes armés ?
`

export const SPANISH_NUMBERED = `Nota conceptual para el debate abierto del Consejo de Seguridad sobre el tema "El estado de derecho en el mantenimiento de la paz y la seguridad internacionales"

El debate se celebrará el jueves 20 de abril de 2023, a las 10.00 horas.

Participación

Se prevén exposiciones informativas del Presidente de la Asamblea General, la Presidenta de la Corte Internacional de Justicia y el Secretario General, seguidas de las intervenciones de los miembros del Consejo.

Resultado previsto

No se prevé ningún documento final.

Preguntas orientativas

1. ¿Cómo puede el Consejo promover un mayor recurso a la Corte Internacional de Justicia?
2. ¿Qué papel pueden desempeñar las organizaciones regionales en la solución pacífica de controversias?
3. ¿De qué manera puede fortalecerse la cooperación entre el Consejo y la Asamblea General?
`

export const ARABIC_NESTED = `مذكرة مفاهيمية: تغير المناخ والسلام والأمن في منطقة الساحل

ستعقد المناقشة المفتوحة يوم الخميس 9 آذار/مارس 2023، الساعة 15:00.

المشاركة

ستتضمن الجلسة إحاطات يقدمها الأمين العام والممثل الخاص للأمين العام لغرب أفريقيا ومنطقة الساحل ورئيسة لجنة بناء السلام، تليها مناقشة مفتوحة.

النتيجة المتوقعة

من المتوقع أن يعتمد المجلس قرارا بشأن هذا الموضوع.

أسئلة للمناقشة

1 - الإنذار المبكر
(أ) كيف يمكن إدماج المخاطر المناخية في تحليل النزاعات؟
(ب) ما البيانات التي يحتاجها المجلس لاتخاذ قرارات مستنيرة؟

2 - التمويل
(أ) كيف يمكن تيسير حصول المجتمعات المتضررة على التمويل المناخي؟
(ب) ما دور المؤسسات المالية الدولية في ذلك؟
`

export const ENGLISH_NESTED = `Concept note: Protection of civilians in urban warfare

The open debate will take place on May 23, 2023, at 3 p.m.

Briefers: the Secretary-General and the President of the International Committee of the Red Cross.

Guiding questions for the debate

1. Prevention
  (a) How can parties to conflict avoid the use of explosive weapons in populated areas?
  (b) What lessons can be drawn from the implementation of the 2022 Political Declaration?
2. Accountability
  (a) How can the Council support national investigations into violations?
  (b) Which tools can the Council use against impunity?
`

export const ENGLISH_NO_HEADING = `Concept note: Youth, peace and security

The Security Council will hold an open debate on 12 June 2023 at 10:00.

Young people are often seen only as victims or perpetrators of violence. This debate aims to highlight their role as peacebuilders.

The presidency intends to propose a press statement at the end of the debate.

Member States may wish to address the following in their statements:

• How can the Council systematically consult young peacebuilders?
• What barriers prevent young people from participating in peace processes?
• How can funding for youth-led organizations be increased?
`

export const SPANISH_NO_HEADING = `Nota conceptual: "Las operaciones de mantenimiento de la paz y la protección de los civiles"

Fecha: 5 de julio de 2023, 15:00 horas.

Las operaciones de mantenimiento de la paz siguen siendo uno de los instrumentos más eficaces de las Naciones Unidas.

Se espera que el Consejo apruebe una resolución.

Se invita a los Estados Miembros a abordar las siguientes cuestiones:

a) ¿Cómo pueden las misiones proteger mejor a los civiles con recursos limitados?
b) ¿Qué papel desempeñan las comunidades locales en la alerta temprana?
`

export const ENGLISH_NO_DATE = `Concept note: "Maritime security in the Gulf of Guinea"

Expected outcome

A presidential statement.

Guiding questions

(a) How can regional cooperation against piracy be strengthened?
(b) What support do coastal States need to patrol their waters?
`

/** Briefers listed under a numbered paragraph that introduces them, between ordinary numbered paragraphs. */
export const ENGLISH_BRIEFERS_LISTED = `Letter dated 2 May 2023 from the Permanent Representative of Switzerland to the United Nations addressed to the Secretary-General

I have the honour to inform you that, during its presidency of the Security Council for the month of May 2023, Switzerland will hold an open debate on "Protection of civilians in armed conflict" on Tuesday, 23 May 2023, at 10 a.m.

Concept note for the Security Council open debate on the protection of civilians in armed conflict

I. Background

1. Armed conflict continues to take a devastating toll on civilians.

II. Format and participation

2. The open debate will be chaired by the Federal Councillor and Head of the Federal Department of Foreign Affairs.

3. The following briefers have been invited:

(a) Mr. António Guterres, Secretary-General of the United Nations;

(b) Ms. Mirjana Spoljaric Egger, President of the International Committee of the Red Cross.

4. Member States are encouraged to keep their statements to four minutes.

III. Guiding questions

5. The following questions are proposed:

(a) How can the Council strengthen compliance with international humanitarian law?

(b) What can be done to protect essential services in urban warfare?
`
