// Guessing the admin token: an address gets 10 wrong tries, then 10 a minute (the test's clock
// decides the minute). Past them it is answered 429 RATE_LIMITED without its token being checked.
import { describe, expect, it } from 'vitest'
import { generateToken } from '../../server/auth/tokens.ts'
import { useTestServer } from '../support/server.ts'

describe('admin-token guesses from one address', () => {
  let nowMs = Date.UTC(2026, 0, 1)
  const { server } = useTestServer({ clock: { now: () => nowMs } })
  const listMeetings = (token: string) =>
    fetch(`${server().url}/api/meetings`, { headers: { authorization: `Bearer ${token}` } })
  const parseNote = (token: string) => fetch(`${server().url}/api/concept-notes/parse`, {
    method: 'POST',
    body: JSON.stringify({ text: '(a) How?\n(b) Why?' }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }
  })

  it('are refused after 10 wrong tokens, the right one too, until the minute refills them', async () => {
    for (let i = 0; i < 10; i++) expect((await listMeetings(generateToken())).status).toBe(401)
    const refused = await listMeetings(generateToken())
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('6')
    expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
    expect((await listMeetings(server().adminToken)).status).toBe(429)
    expect((await parseNote(server().adminToken)).status).toBe(429)

    nowMs += 6_000
    expect((await listMeetings(server().adminToken)).status).toBe(200)
    expect((await listMeetings(generateToken())).status).toBe(401)
    expect((await listMeetings(server().adminToken)).status).toBe(429)

    nowMs += 60_000
    expect((await listMeetings(server().adminToken)).status).toBe(200)
    expect((await parseNote(server().adminToken)).status).toBe(200)
  })

  it('count on the concept-note route as well, one budget for both', async () => {
    for (let i = 0; i < 5; i++) expect((await parseNote(generateToken())).status).toBe(401)
    for (let i = 0; i < 5; i++) expect((await listMeetings(generateToken())).status).toBe(401)
    expect((await parseNote(generateToken())).status).toBe(429)
  })

  it('leave someone who only ever sends the right token alone', async () => {
    for (let i = 0; i < 30; i++) expect((await listMeetings(server().adminToken)).status).toBe(200)
  })
})
