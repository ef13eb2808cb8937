// A group's members must be among the meeting's delegations, whichever way the group comes onto the list:
// the meeting description, the chair adding a speaker, or a delegation asking to be inscribed.
import { describe, expect, it } from 'vitest'
import type { DelegationCode, SegmentId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

const nordic = (members: string[]) => ({ group: 'Nordic countries', members: members as DelegationCode[] })

describe('group members the meeting does not know', () => {
  const { server, seed, connect } = useTestServer()

  it('are refused by POST /api/meetings, speaker:add and request:create alike', async () => {
    const withGroup = (members: string[]) => smallMeeting({
      segments: [{ name: 'Members', speakers: [{ name: 'Norway', delegation: 'NOR', onBehalfOf: nordic(members) }] }]
    })
    const create = (members: string[]) => fetch(`${server().url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server().adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(withGroup(members))
    })
    const refusedMeeting = await create(['NOR', 'ISL'])
    expect(refusedMeeting.status).toBe(400)
    expect(await refusedMeeting.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('ISL') } })
    expect((await create(['NOR', 'KEN'])).status).toBe(201)

    const meeting = seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const norway = await connect(meeting.tokens.delegations.NOR!)
    const segmentId = Object.values(chair.state!.segments).find((segment) => segment.name === 'Members')!.id as SegmentId
    const add = (members: string[]) => chair.command('speaker:add', { segmentId, name: 'Norway', delegation: 'NOR' as DelegationCode, onBehalfOf: nordic(members) })
    const ask = (members: string[]) => norway.command('request:create', { delegation: 'NOR' as DelegationCode, type: 'right-of-reply', onBehalfOf: nordic(members) })

    expect(await add(['NOR', 'ISL'])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DELEGATION', message: expect.stringContaining('ISL') } })
    expect(await ask(['SWE'])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DELEGATION', message: expect.stringContaining('SWE') } })
    expect(Object.values(chair.state!.speakers)).toHaveLength(2)
    expect(Object.values(chair.state!.requests)).toHaveLength(0)

    expect((await add(['NOR', 'KEN'])).ok).toBe(true)
    expect((await ask(['NOR', 'KEN'])).ok).toBe(true)
  })
})
