// The demo meeting is the 16 November 2021 open debate (S/PV.8906): who spoke, in what capacity, as the
// public record gives it, and links only for the delegations at the table — Finland speaks for the Nordic
// countries without Denmark, Iceland and Sweden being issued links.
import { describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import { meetingDescriptionSchema } from '../../shared/protocol/schemas.ts'
import { demoMeeting } from '../support/meetings.ts'
import { seedMeeting, useTestServer } from '../support/server.ts'

describe('the demo meeting', () => {
  const { server } = useTestServer()
  const demo = demoMeeting()
  const speakers = (demo.segments ?? []).flatMap((segment) => segment.speakers ?? [])
  const by = (name: string) => speakers.find((speaker) => speaker.name === name)

  it('is a valid meeting description', () => {
    expect(meetingDescriptionSchema.safeParse(demo).success).toBe(true)
  })

  it('names the briefers and the speakers whose persons the public record gives', () => {
    expect(speakers.filter((speaker) => speaker.kind === 'briefer').map((speaker) => speaker.person))
      .toEqual(['António Guterres', 'Abdulla Shahid', 'Collen Vixen Kelapile', 'Joan E. Donoghue'])
    expect(by('ألمانيا')?.person).toBe('Günter Sautter')
    // Only office-holders whose part in this meeting a public source confirms are named.
    expect(by('الإمارات العربية المتحدة')?.person).toBeUndefined()
    expect(by('فنلندا')).toMatchObject({ person: 'Kai Sauer', title: 'وكيل وزارة الخارجية لفنلندا' })
  })

  it('issues no link to the Nordic countries Finland speaks for that are not at the table', async () => {
    expect(by('فنلندا')?.onBehalfOf?.members).toEqual(['DNK', 'FIN', 'ISL', 'NOR', 'SWE'])
    // The chair finds the group among the meeting's, to pick again.
    expect(demo.groups).toEqual([{ name: by('فنلندا')?.onBehalfOf?.group, members: ['DNK', 'FIN', 'ISL', 'NOR', 'SWE'] }])
    const links = meetingLinks(server().url, await seedMeeting(server(), demo))
    expect(Object.keys(links.delegations)).toEqual(expect.arrayContaining(['FIN', 'NOR', 'DEU', 'ARE', 'CHE', 'EU']))
    for (const code of ['DNK', 'ISL', 'SWE']) expect(links.delegations).not.toHaveProperty(code)
  })
})
