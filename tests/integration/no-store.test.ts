// Answers that carry a token (a new meeting's links, a reissued link) must not be kept by a browser
// or a proxy cache: every /api answer says Cache-Control: no-store.
import { describe, expect, it } from 'vitest'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

describe('Cache-Control on API answers', () => {
  const { server, seed } = useTestServer()

  it('is no-store on a new meeting\'s links', async () => {
    const response = await fetch(`${server().url}/api/meetings`, {
      method: 'POST',
      body: JSON.stringify(smallMeeting()),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server().adminToken}` }
    })
    expect(response.status).toBe(201)
    expect(JSON.stringify(await response.json())).toContain('#token=')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('is no-store on a reissued link and on a refusal', async () => {
    const meeting = await seed(smallMeeting())
    const reissue = (token: string) => fetch(`${server().url}/api/meetings/${meeting.id}/links/reissue`, {
      method: 'POST',
      body: JSON.stringify({ role: 'public' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }
    })
    const issued = await reissue(meeting.tokens.chair)
    expect(issued.status).toBe(201)
    expect(issued.headers.get('cache-control')).toBe('no-store')
    expect((await reissue(meeting.tokens.public)).headers.get('cache-control')).toBe('no-store')
  })
})
