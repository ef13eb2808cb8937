import { describe, expect, it } from 'vitest'
import type { DelegationCode, MeetingId } from '../../../shared/domain/types.ts'
import { DelegationLinks } from '../../../client/lib/delegation-links.svelte.ts'

type Sent = { url: string; init: RequestInit }

function links (answer: (sent: Sent) => Response | Promise<Response>) {
  const sent: Sent[] = []
  const session = new DelegationLinks({
    meetingId: 'mtg_1' as MeetingId,
    token: 'chair-token-of-the-meeting',
    serverUrl: 'https://rostrum.example',
    fetch: async (url, init) => { sent.push({ url, init }); return answer({ url, init }) }
  })
  return { session, sent }
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('DelegationLinks', () => {
  it('adds with the chair token and keeps the link handed back, newest first', async () => {
    let n = 0
    const { session, sent } = links(() => json(201, { delegation: { code: n === 0 ? 'ITA' : 'CHE', name: n++ === 0 ? 'Italy' : 'Switzerland' }, link: `https://rostrum.example/m/mtg_1/delegation#token=t${n}` }))
    expect(await session.add('ITA', 'Italy')).toBe(true)
    expect(await session.add('CHE', 'Switzerland')).toBe(true)
    expect(sent[0]).toMatchObject({ url: 'https://rostrum.example/api/meetings/mtg_1/delegations', init: { method: 'POST', body: '{"code":"ITA","name":"Italy"}' } })
    expect((sent[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer chair-token-of-the-meeting')
    expect(session.issued.map((issued) => issued.code)).toEqual(['CHE', 'ITA'])
    expect(session.busy).toBe(false)
  })

  it('says why the server refused, and forgets a removed delegation\'s link', async () => {
    let refuse = false
    const { session, sent } = links(({ init }) => refuse
      ? json(409, { error: { code: 'DELEGATION_IN_USE', message: '…' } })
      : init.method === 'DELETE' ? json(200, { code: 'ITA', revoked: 1 }) : json(201, { delegation: { code: 'ITA', name: 'Italy' }, link: 'l' }))
    await session.add('ITA', 'Italy')
    expect(await session.remove('ITA' as DelegationCode)).toBe(true)
    expect(sent.at(-1)).toMatchObject({ url: 'https://rostrum.example/api/meetings/mtg_1/delegations/ITA', init: { method: 'DELETE' } })
    expect(session.issued).toEqual([])
    refuse = true
    expect(await session.remove('KEN' as DelegationCode)).toBe(false)
    expect(session.error).toBe('DELEGATION_IN_USE')
    session.clearError()
    expect(session.error).toBeNull()
  })

  it('reads a lost connection as no answer, never a rejection', async () => {
    const { session } = links(() => { throw new TypeError('Failed to fetch') })
    expect(await session.add('ITA', 'Italy')).toBe(false)
    expect(session.error).toBe('TIMEOUT')
  })
})
