// A speaker's standing (member, non-member, observer, briefer) and a group statement are independent:
// South Africa for the E10 is a member speaking for a group, Finland for the Nordic countries a
// non-member doing so. Documents written before they were separated stored a group statement as the
// standing 'group'; they are read here, so nothing else ever sees that value.
import type { Speaker } from './types.ts'

/** A stored speaker as the domain knows it: the old standing 'group' reads as a non-member. */
export function fromStoredSpeaker(stored: Speaker): Speaker {
  return (stored.kind as string) === 'group' ? { ...stored, kind: 'non-member' } : stored
}
