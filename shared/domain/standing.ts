// A delegation's standing in the meeting: a member of the organ, a non-member State, or an observer (the
// Holy See, the State of Palestine, the European Union…). It decides where and how the record lists the
// delegation, so a speaker put on the list from a request keeps the standing the delegation already has.
//
// Standing (member, non-member, observer, briefer) and a group statement are independent: South Africa for
// the E10 is a member speaking for a group, Finland for the Nordic countries a non-member doing so.
// Documents written before they were separated stored a group statement as the standing 'group'; they are
// read here, so nothing else ever sees that value.
import type { ControlState, DelegationCode, Speaker, SpeakerKind } from './types.ts'

export type Standing = Extract<SpeakerKind, 'member' | 'non-member' | 'observer'>

/** Whether the UN roster lists a code as an observer; the domain carries no country tables, so it is passed in. */
export type ObserverLookup = (code: DelegationCode) => boolean

const STANDINGS: readonly SpeakerKind[] = ['member', 'non-member', 'observer']

/**
 * The standing of `code`: what its entries on the list already say (the first in list order that states
 * one), else member when it holds the presidency, else observer when the roster says so, else non-member.
 */
export function standingOf (state: ControlState, code: DelegationCode, isObserver: ObserverLookup = () => false): Standing {
  const listed = Object.values(state.speakers)
    .filter((speaker) => speaker.delegation === code && STANDINGS.includes(speaker.kind))
    .sort((a, b) => a.addedAtMs - b.addedAtMs || (a.orderKey < b.orderKey ? -1 : a.orderKey > b.orderKey ? 1 : 0))[0]
  if (listed) return listed.kind as Standing
  if (state.meeting.presidency === code) return 'member'
  return isObserver(code) ? 'observer' : 'non-member'
}

/** A stored speaker as the domain knows it: the old standing 'group' reads as a non-member. */
export function fromStoredSpeaker (stored: Speaker): Speaker {
  return (stored.kind as string) === 'group' ? { ...stored, kind: 'non-member' } : stored
}
