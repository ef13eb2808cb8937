// A group's members must be among the meeting's delegations or on the UN roster, whichever way the group
// comes onto the list: the meeting description, the chair adding a speaker, or a delegation asking to be
// inscribed. Members on the roster need no link: South Africa speaks for the E10 with only itself invited.
import { parse } from 'csv-parse/sync'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { ControlState, DelegationCode, GroupMember, SegmentId, SpeakerId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

const nordic = (members: string[]) => ({ group: 'Nordic countries', members: members as DelegationCode[] })

describe('group members the meeting does not know', () => {
  const { server, seed, connect } = useTestServer()

  it('on the roster are accepted by POST /api/meetings and speaker:add: South Africa for the E10, with only ZAF invited', async () => {
    const E10 = ['IND', 'IRL', 'KEN', 'MEX', 'NER', 'NOR', 'VCT', 'EST', 'TUN', 'VNM'] as DelegationCode[]
    const elected = { group: 'the ten elected members of the Security Council', members: E10 }
    const onlySouthAfrica = (speakers: { name: string, delegation: string, onBehalfOf?: typeof elected }[]) => smallMeeting({
      delegations: [{ code: 'ZAF', name: 'South Africa' }],
      segments: [{ name: 'Members', speakers }]
    })
    const created = await fetch(`${server().url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server().adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(onlySouthAfrica([{ name: 'South Africa', delegation: 'ZAF', onBehalfOf: elected }]))
    })
    expect(created.status).toBe(201)
    expect(Object.keys((await created.json() as { links: { delegations: Record<string, string> } }).links.delegations)).toEqual(['ZAF'])

    const meeting = await seed(onlySouthAfrica([]))
    const chair = await connect(meeting.tokens.chair)
    const segmentId = Object.values(chair.state!.segments).find((segment) => segment.name === 'Members')!.id as SegmentId
    const added = await chair.command('speaker:add', { segmentId, name: 'South Africa', delegation: 'ZAF' as DelegationCode, onBehalfOf: elected })
    expect(added.ok).toBe(true)
    expect(Object.values(chair.state!.speakers).map((speaker) => speaker.onBehalfOf?.members)).toEqual([E10])
    expect(chair.state!.delegations.map((delegation) => delegation.code)).toEqual(['ZAF'])
    expect(await chair.command('speaker:add', { segmentId, name: 'Ireland', delegation: 'IRL' as DelegationCode, onBehalfOf: elected }))
      .toMatchObject({ ok: false, error: { code: 'UNKNOWN_DELEGATION', message: expect.stringContaining('IRL') } })
  })

  it('are refused by POST /api/meetings, speaker:add and request:create alike', async () => {
    const withGroup = (members: string[]) => smallMeeting({
      segments: [{ name: 'Members', speakers: [{ name: 'Norway', delegation: 'NOR', onBehalfOf: nordic(members) }] }]
    })
    const create = (members: string[]) => fetch(`${server().url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server().adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(withGroup(members))
    })
    const refusedMeeting = await create(['NOR', 'ATL'])
    expect(refusedMeeting.status).toBe(400)
    expect(await refusedMeeting.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('ATL') } })
    expect((await create(['NOR', 'KEN'])).status).toBe(201)

    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const norway = await connect(meeting.tokens.delegations.NOR!)
    const segmentId = Object.values(chair.state!.segments).find((segment) => segment.name === 'Members')!.id as SegmentId
    const add = (members: string[]) => chair.command('speaker:add', { segmentId, name: 'Norway', delegation: 'NOR' as DelegationCode, onBehalfOf: nordic(members) })
    const ask = (members: string[]) => norway.command('request:create', { delegation: 'NOR' as DelegationCode, type: 'right-of-reply', onBehalfOf: nordic(members) })

    expect(await add(['NOR', 'ATL'])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DELEGATION', message: expect.stringContaining('ATL') } })
    expect(await ask(['XNC'])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DELEGATION', message: expect.stringContaining('XNC') } })
    expect(Object.values(chair.state!.speakers)).toHaveLength(2)
    expect(Object.values(chair.state!.requests)).toHaveLength(0)

    expect((await add(['NOR', 'KEN'])).ok).toBe(true)
    expect((await ask(['NOR', 'KEN'])).ok).toBe(true)
  })
})

describe('a group the chair keeps for the meeting, with a member the roster does not list', () => {
  const { server, seed, connect } = useTestServer()

  it('is defined over the socket, picked for a speaker, and every record names its members', async () => {
    const meeting = await seed(smallMeeting({ delegations: [{ code: 'FIN', name: 'Finland' }, { code: 'KEN', name: 'Kenya' }], segments: [{ name: 'Speakers', defaultLimitMs: 300_000 }] }))
    const chair = await connect(meeting.tokens.chair)
    const members = ['FIN', 'TUR', 'KEN', { name: 'Cook Islands' }] as GroupMember[]
    const added = await chair.command('group:add', { name: 'Friends of Mediation', members })
    expect(added).toEqual({ ok: true, data: { groupId: expect.stringMatching(/^grp_/) } })
    await eventually(() => chair.state!.groups.length === 1)
    const group = chair.state!.groups[0]!
    expect(group).toEqual({ id: added.ok ? added.data['groupId'] : null, name: 'Friends of Mediation', members })

    const segmentId = Object.values(chair.state!.segments)[0]!.id as SegmentId
    const speaker = await chair.command('speaker:add', { segmentId, name: 'Finland', delegation: 'FIN' as DelegationCode, onBehalfOf: { group: group.name, members: group.members } })
    expect(speaker.ok).toBe(true)
    // Editing the meeting's group afterwards leaves the speaker's copy alone.
    expect((await chair.command('group:update', { groupId: group.id, changes: { members: ['FIN'] as GroupMember[] } })).ok).toBe(true)
    for (const type of ['meeting:open', 'floor:next'] as const) {
      const payload = type === 'floor:next' ? { expectedSpeakerId: speaker.ok ? speaker.data['speakerId'] as SpeakerId : null } : {}
      expect((await chair.command(type, payload as never)).ok).toBe(true)
    }
    expect((await chair.command('floor:end', {})).ok).toBe(true)

    const exported = async (format: string) => {
      const response = await fetch(`${server().url}/api/meetings/${meeting.id}/export.${format}`, { headers: { authorization: `Bearer ${meeting.tokens.chair}` } })
      expect(response.status).toBe(200)
      return response
    }
    const [header, row] = parse((await (await exported('csv?lang=en')).text()).replace(/^\uFEFF/, '')) as string[][]
    const cell = (column: string) => row![header!.indexOf(column)]
    expect(cell('Group members')).toBe('FIN TUR KEN')
    expect(cell('Group members by name')).toBe('Finland; Türkiye; Kenya; Cook Islands')
    const json = await (await exported('json')).json() as { state: ControlState }
    expect(Object.values(json.state.speakers)[0]!.onBehalfOf).toEqual({ group: 'Friends of Mediation', members })
    expect(json.state.groups).toEqual([{ ...group, members: ['FIN'] }])
    const line = '(On behalf of Friends of Mediation: Finland, Türkiye, Kenya, and Cook Islands)'
    expect(await (await exported('md?lang=en')).text()).toContain(`| Finland ${line} |`)
    const zip = await JSZip.loadAsync(await (await exported('docx?lang=en')).arrayBuffer())
    expect((await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')).toContain(`Finland ${line}`)
    // In French the roster's names, joined as French joins a list.
    expect(await (await exported('md?lang=fr')).text()).toContain('Finlande, Turquie, Kenya et Cook Islands')
  })
})
