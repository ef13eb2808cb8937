import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'

/** The 16 November 2021 open debate, as the demo meeting describes it. */
export function demoMeeting (): MeetingDescription {
  const file = fileURLToPath(new URL('../../examples/demo-meeting.json', import.meta.url))
  return JSON.parse(readFileSync(file, 'utf8')) as MeetingDescription
}

/** A small meeting: two delegations and two speakers in one segment. */
export function smallMeeting (overrides: Partial<MeetingDescription> = {}): MeetingDescription {
  return {
    title: 'Test debate',
    scheduledStart: '2026-11-28T10:00',
    delegations: [{ code: 'KEN', name: 'Kenya' }, { code: 'MEX', name: 'Mexico' }, { code: 'NOR', name: 'Norway' }],
    questions: [{ label: 'a', text: 'How?' }, { label: 'b', text: 'Why?' }],
    segments: [
      { name: 'Members', defaultLimitMs: 300_000, speakers: [
        { name: 'Kenya', delegation: 'KEN' },
        { name: 'Mexico', delegation: 'MEX' }
      ] },
      { name: 'Rights of reply', purpose: 'right-of-reply', defaultLimitMs: 180_000 }
    ],
    ...overrides
  }
}
