// A State that inscribes on the morning of the debate: the chair adds it through the API and hands
// it its link at once; one that never took part can be removed, and its link stops working.
import { hashToken } from '../../server/auth/tokens.ts'
import { describe, expect, it } from 'vitest'
import { io } from 'socket.io-client'
import type { DelegationCode } from '../../shared/domain/types.ts'
import type { Notice } from '../../shared/protocol/events.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

describe('delegations added and removed after the meeting was created', () => {
  const { server, seed, connect } = useTestServer()

  const add = (meetingId: string, token: string, body: unknown) =>
    fetch(`${server().url}/api/meetings/${meetingId}/delegations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })
  const remove = (meetingId: string, token: string, code: string) =>
    fetch(`${server().url}/api/meetings/${meetingId}/delegations/${code}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
  const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '')

  it('adds a delegation whose new link connects as it and can ask to be inscribed', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const response = await add(meeting.id, meeting.tokens.chair, { code: 'ITA', name: 'Italy' })
    expect(response.status).toBe(201)
    const { delegation, link } = await response.json() as { delegation: unknown; link: string }
    expect(delegation).toEqual({ code: 'ITA', name: 'Italy' })
    expect(link).toMatch(new RegExp(`/m/${meeting.id}/delegation#token=`))
    await eventually(() => chair.state!.delegations.some((d) => d.code === 'ITA'), { message: 'the chair sees Italy' })

    const italy = await connect(tokenOf(link))
    expect(italy.session).toMatchObject({ role: 'delegation', delegation: 'ITA' })
    const request = await italy.command('request:create', { delegation: 'ITA' as DelegationCode, type: 'inscription' })
    expect(request.ok).toBe(true)
    expect((await server().store.listAudit(meeting.id)).map((entry) => entry.type)).toContain('delegation:add')
    // The raw token never reaches the audit log.
    expect(JSON.stringify((await server().store.listAudit(meeting.id)))).not.toContain(tokenOf(link))
  })

  it('refuses a code already taken, and anyone but the chair', async () => {
    const meeting = await seed(smallMeeting())
    const taken = await add(meeting.id, meeting.tokens.chair, { code: 'KEN', name: 'Kenya again' })
    expect(taken.status).toBe(409)
    expect(await taken.json()).toMatchObject({ error: { code: 'DELEGATION_CODE_TAKEN' } })
    for (const token of [meeting.tokens.notetaker, meeting.tokens.delegations.KEN!, meeting.tokens.public]) {
      expect((await add(meeting.id, token, { code: 'ITA', name: 'Italy' })).status).toBe(401)
      expect((await remove(meeting.id, token, 'NOR')).status).toBe(401)
    }
    const bad = await add(meeting.id, meeting.tokens.chair, { code: 'ita', name: 'Italy' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } })
  })

  it('removes a delegation that never took part and revokes its link at once', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const norway = await connect(meeting.tokens.delegations.NOR!)
    const notices: Notice[] = []
    norway.socket.on('notice', (notice) => notices.push(notice))

    const response = await remove(meeting.id, meeting.tokens.chair, 'NOR')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ code: 'NOR', revoked: 1 })
    await eventually(() => !norway.connected, { message: 'Norway disconnected' })
    expect(notices).toContainEqual(expect.objectContaining({ code: 'UNAUTHORIZED' }))
    await eventually(() => chair.state!.delegations.every((d) => d.code !== 'NOR'), { message: 'the chair sees Norway gone' })

    const again = io(server().url, { auth: { token: meeting.tokens.delegations.NOR }, transports: ['websocket'], reconnection: false })
    const refusal = await new Promise<Error>((resolve) => again.once('connect_error', resolve))
    expect(refusal.message).toBe('UNAUTHORIZED')
    again.disconnect()
    expect((await remove(meeting.id, meeting.tokens.chair, 'NOR')).status).toBe(404)
  })

  it('keeps a delegation that is on the list, with its link working', async () => {
    const meeting = await seed(smallMeeting())
    const kenya = await connect(meeting.tokens.delegations.KEN!)
    const response = await remove(meeting.id, meeting.tokens.chair, 'KEN')
    expect(response.status).toBe(409)
    expect(await response.json()).toMatchObject({ error: { code: 'DELEGATION_IN_USE' } })
    expect(kenya.connected).toBe(true)
  })

  it('adds nothing when its link cannot be stored (one transaction)', async () => {
    const meeting = await seed(smallMeeting())
    const store = server().store
    const commit = store.commitCommand.bind(store)
    // The new link's hash collides with the chair's: its insert fails last, inside the command's transaction.
    store.commitCommand = (id, unit) => commit(id, unit.tokens?.kind !== 'reissue' ? unit : {
      ...unit, tokens: { kind: 'reissue', replacement: { ...unit.tokens.replacement, hash: hashToken(meeting.tokens.chair) } }
    })
    try {
      const response = await add(meeting.id, meeting.tokens.chair, { code: 'ITA', name: 'Italy' })
      expect(response.status).toBe(503)
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_SAVED' } })
    } finally {
      store.commitCommand = commit
    }
    expect(server().app.registry.loaded(meeting.id)!.state.delegations.map((d) => d.code)).not.toContain('ITA')
    expect((await store.listAudit(meeting.id)).map((entry) => entry.type)).not.toContain('delegation:add')
    // The same request again works: nothing half-done stands in its way.
    expect((await add(meeting.id, meeting.tokens.chair, { code: 'ITA', name: 'Italy' })).status).toBe(201)
  })

  it('takes these commands only through the HTTP API, never over the socket', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    const ack = await chair.command('delegation:add', { code: 'ITA' as DelegationCode, name: 'Italy' })
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(chair.state!.delegations.map((d) => d.code)).not.toContain('ITA')
  })
})
