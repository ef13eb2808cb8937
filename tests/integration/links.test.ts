import { describe, expect, it } from 'vitest'
import { io } from 'socket.io-client'
import type { Notice } from '../../shared/protocol/events.ts'
import { smallMeeting } from '../support/meetings.ts'
import { eventually, useTestServer } from '../support/server.ts'

describe('revoking and reissuing a link', () => {
  const { server, seed, connect } = useTestServer()

  const reissue = (meetingId: string, token: string, body: unknown) =>
    fetch(`${server().url}/api/meetings/${meetingId}/links/reissue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })

  it('disconnects everyone on the old link at once and hands out a working new one', async () => {
    const meeting = await seed(smallMeeting())
    const kenya = await connect(meeting.tokens.delegations.KEN!)
    const kenyaElsewhere = await connect(meeting.tokens.delegations.KEN!)
    const mexico = await connect(meeting.tokens.delegations.MEX!)
    const notices: Notice[] = []
    kenya.socket.on('notice', (notice) => notices.push(notice))
    const reasons: string[] = []
    kenya.socket.on('disconnect', (reason) => reasons.push(reason))

    const response = await reissue(meeting.id, meeting.tokens.chair, { role: 'delegation', delegation: 'KEN' })
    expect(response.status).toBe(201)
    const { link, revoked } = await response.json() as { link: string; revoked: number }
    expect(revoked).toBe(1)
    expect(link).toMatch(new RegExp(`/m/${meeting.id}/delegation#token=`))

    await eventually(() => !kenya.connected && !kenyaElsewhere.connected)
    expect(reasons).toEqual(['io server disconnect'])
    expect(notices).toContainEqual(expect.objectContaining({ code: 'UNAUTHORIZED' }))
    expect(mexico.connected).toBe(true)

    const old = io(server().url, { auth: { token: meeting.tokens.delegations.KEN }, transports: ['websocket'], reconnection: false })
    const refusal = await new Promise<Error>((resolve) => old.once('connect_error', resolve))
    expect(refusal.message).toBe('UNAUTHORIZED')
    old.disconnect()

    const fresh = await connect(new URL(link).hash.replace('#token=', ''))
    expect(fresh.session).toMatchObject({ role: 'delegation', delegation: 'KEN' })
  })

  it('answers a reissued public link with the chamber screen\'s link, on the same new token', async () => {
    const meeting = await seed(smallMeeting())
    const response = await reissue(meeting.id, meeting.tokens.chair, { role: 'public' })
    expect(response.status).toBe(201)
    const answer = await response.json() as { link: string; screen?: string; revoked: number }
    expect(answer).toEqual({ link: expect.any(String), screen: expect.any(String), revoked: 1 })
    const token = new URL(answer.link).hash.replace('#token=', '')
    expect(answer.link).toBe(`${server().url}/m/${meeting.id}/public#token=${token}`)
    expect(answer.screen).toBe(`${server().url}/m/${meeting.id}/screen#token=${token}`)
    const screen = await connect(token)
    expect(screen.session).toMatchObject({ role: 'public' })

    // Only the public link opens a second view.
    const notes = await (await reissue(meeting.id, meeting.tokens.chair, { role: 'notetaker' })).json() as Record<string, unknown>
    expect(Object.keys(notes).sort()).toEqual(['link', 'revoked'])
  })

  it.each([
    ['a delegation\'s token', 'delegation', { role: 'public' }, 401, 'UNAUTHORIZED'],
    ['the note-taker\'s token', 'notetaker', { role: 'public' }, 401, 'UNAUTHORIZED'],
    ['an unknown role', 'chair', { role: 'president' }, 400, 'INVALID_PAYLOAD'],
    ['a delegation without a code', 'chair', { role: 'delegation' }, 400, 'INVALID_PAYLOAD'],
    ['a code not in the meeting', 'chair', { role: 'delegation', delegation: 'ATL' }, 400, 'UNKNOWN_DELEGATION']
  ])('refuses %s', async (_label, who, body, status, code) => {
    const meeting = await seed(smallMeeting())
    const token = who === 'chair' ? meeting.tokens.chair : who === 'notetaker' ? meeting.tokens.notetaker : meeting.tokens.delegations.KEN!
    const response = await reissue(meeting.id, token, body)
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ error: { code } })
  })

  it('answers a broken body with a named error', async () => {
    const meeting = await seed(smallMeeting())
    const response = await fetch(`${server().url}/api/meetings/${meeting.id}/links/reissue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${meeting.tokens.chair}`, 'content-type': 'application/json' },
      body: '{"role":'
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } })
  })
})
