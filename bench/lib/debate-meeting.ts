// A Security Council open debate as an organiser would describe it: briefers, the 15 members, the
// other Member States, and an empty rights-of-reply segment. Delegations are real UN codes and
// English names (their length is what a real control document carries).
import type { MeetingDescription, SpeakerDescription } from '../../shared/domain/meeting-description.ts'
import { unRoster } from '../../shared/roster/roster.ts'

export interface DebateShape {
  readonly briefers: number
  readonly others: number
  /** Delegations on the meeting (each has its own link); at least 15, for the members. */
  readonly delegations: number
}

const QUESTIONS = [
  'What concrete steps would strengthen cooperation between the principal organs in maintaining international peace and security?',
  'How can this interaction be institutionalised as an integral part of their cooperation?',
  'What role should regional and subregional organisations play in early warning and prevention?',
  'How can the Council better follow up on its own decisions and the recommendations of briefers?'
]

export function debateMeeting (shape: DebateShape): MeetingDescription {
  const roster = unRoster().filter((entry) => entry.status === 'member').slice(0, Math.max(15, shape.delegations))
  const delegations = roster.map((entry) => ({ code: entry.code, name: entry.names.en }))
  const speaker = (index: number, kind: SpeakerDescription['kind']): SpeakerDescription => {
    const delegation = delegations[index % delegations.length]!
    return { name: delegation.name, delegation: delegation.code, kind }
  }
  return {
    title: 'Cooperation between the principal organs in maintaining international peace and security',
    agendaItem: 'Maintenance of international peace and security',
    language: 'en',
    scheduledStart: '2026-11-16T10:00',
    timeZone: 'America/New_York',
    roomHours: [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }],
    delegations,
    questions: QUESTIONS.map((text, i) => ({ label: String.fromCharCode(97 + i), text })),
    segments: [
      {
        name: 'Briefers',
        orderingRule: 'fixed',
        defaultLimitMs: 600_000,
        speakers: Array.from({ length: shape.briefers }, (_unused, i) => ({ name: `Briefer ${i + 1}, Under-Secretary-General`, kind: 'briefer' as const }))
      },
      { name: 'Members of the Security Council', orderingRule: 'fixed', defaultLimitMs: 300_000, speakers: Array.from({ length: 15 }, (_unused, i) => speaker(i, 'member')) },
      // The API takes at most 500 speakers per segment.
      { name: 'Other Member States', orderingRule: 'fixed', defaultLimitMs: 240_000, speakers: Array.from({ length: Math.min(500, shape.others) }, (_unused, i) => speaker(15 + i, 'non-member')) },
      { name: 'Rights of reply', purpose: 'right-of-reply', orderingRule: 'fixed', defaultLimitMs: 180_000 }
    ]
  }
}
