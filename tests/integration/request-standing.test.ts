// The server tells the domain who the roster's observers are: the Holy See's accepted request puts it on
// the list as an observer, with no hand correction by the chair.
import { describe, expect, it } from 'vitest'
import type { DelegationCode, RequestId } from '../../shared/domain/types.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

describe('an accepted request through the server', () => {
  const { seed, connect } = useTestServer()

  it('keeps the Holy See an observer', async () => {
    const meeting = await seed(smallMeeting({ delegations: [{ code: 'KEN', name: 'Kenya' }, { code: 'MEX', name: 'Mexico' }, { code: 'VAT', name: 'Holy See' }] }))
    const chair = await connect(meeting.tokens.chair)
    const holySee = await connect(meeting.tokens.delegations.VAT!)
    const asked = await holySee.command('request:create', { delegation: 'VAT' as DelegationCode, type: 'inscription' })
    if (!asked.ok) throw new Error(asked.error.message)
    const accepted = await chair.command('request:accept', { requestId: asked.data['requestId'] as RequestId })
    if (!accepted.ok) throw new Error(accepted.error.message)
    expect(chair.state!.speakers[accepted.data['speakerId'] as string]).toMatchObject({ name: 'Holy See', delegation: 'VAT', kind: 'observer' })
  })
})
