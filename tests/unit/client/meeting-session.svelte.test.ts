import { describe, expect, it } from 'vitest'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { eventually, useTestServer } from '../../support/server.ts'
import { callNext } from './call-next.ts'

describe('the meeting session (runes over the headless client)', () => {
  const { server, seed } = useTestServer()
  const open = (token: string) => new MeetingSession(new RostrumClient({ url: server().url, token }))

  it('follows the floor as the chair calls speakers, and reports refusals', async () => {
    const meeting = await seed(smallMeeting())
    const chair = open(meeting.tokens.chair)
    const screen = open(meeting.tokens.public)
    try {
      await eventually(() => chair.connection === 'live' && screen.connection === 'live')
      expect(screen.nextSpeaker?.name).toBe('Kenya')
      expect(screen.floor).toBeNull()

      expect(await chair.run('meeting:open', {})).toBe(true)
      expect(await callNext(chair)).toBe(true)
      await eventually(() => screen.floor?.speaker?.name === 'Kenya')
      expect(screen.nextSpeaker?.name).toBe('Mexico')
      expect(screen.segments.map((group) => group.speakers.length)).toEqual([2, 0])

      expect(await callNext(screen)).toBe(false)
      expect(screen.lastError).toBe('FORBIDDEN')
      expect(await chair.run('floor:end', {})).toBe(true)
      await eventually(() => screen.delivered.length === 1)
      expect(screen.delivered[0]?.name).toBe('Kenya')
    } finally {
      chair.destroy()
      screen.destroy()
    }
  })

  it('says so when the link is refused', async () => {
    await seed(smallMeeting())
    const stranger = open('not-a-valid-token-at-all')
    try {
      await eventually(() => stranger.connection === 'refused')
    } finally {
      stranger.destroy()
    }
  })

  it('says so when the link is revoked while in use', async () => {
    const meeting = await seed(smallMeeting())
    const kenya = open(meeting.tokens.delegations.KEN!)
    try {
      await eventually(() => kenya.connection === 'live')
      const response = await fetch(`${server().url}/api/meetings/${meeting.id}/links/reissue`, {
        method: 'POST',
        headers: { authorization: `Bearer ${meeting.tokens.chair}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'delegation', delegation: 'KEN' })
      })
      expect(response.status).toBe(201)
      await eventually(() => kenya.connection === 'refused')
    } finally {
      kenya.destroy()
    }
  })
})
