// The memory pair itself (tests/support/memory-pair.ts): what the session tests rely on it for.
import { describe, expect, it } from 'vitest'
import type { MeetingId } from '../../../shared/domain/types.ts'
import { CommandTimeoutError } from '../../../shared/client/meeting-replica.ts'
import { useMemoryPairs } from '../../support/memory-pair.ts'

describe('the memory pair', () => {
  const startPair = useMemoryPairs()

  it('delivers nothing until the test does, then one message at a time in the order sent', async () => {
    const pair = await startPair()
    const chair = pair.open(pair.meeting.tokens.chair)
    expect(pair.pending()).toEqual(['server ← client-1#1: handshake'])
    expect(await pair.step()).toBe('server ← client-1#1: handshake')
    expect(pair.pending()).toEqual(['client-1#1 ← connected', 'client-1#1 ← session', 'client-1#1 ← sync'])
    expect(chair.connected).toBe(false)
    await pair.step()
    expect(chair.connected).toBe(true)
    expect(chair.session).toBeNull()
    await pair.step()
    expect(chair.session?.role).toBe('chair')
    expect(chair.synced).toBe(false)
    await pair.flush()
    expect(chair.synced).toBe(true)
    expect(pair.pending()).toEqual([])
    expect(await pair.step()).toBeNull()
  })

  it('answers a command after the broadcast it caused: the sender reads its write when the ack resolves', async () => {
    const pair = await startPair()
    const chair = pair.open(pair.meeting.tokens.chair)
    await pair.flush()
    let statusAtAck: string | undefined
    const opened = chair.command('meeting:open', {}).then((ack) => { statusAtAck = chair.state?.meeting.status; return ack })
    expect((await pair.settle(opened)).ok).toBe(true)
    expect(statusAtAck).toBe('open')
  })

  it('sends a command again, with its id, once the connection is back, and the room applies it once', async () => {
    const pair = await startPair()
    const chair = pair.open(pair.meeting.tokens.chair)
    await pair.flush()
    const sent = chair.command('meeting:open', {}, { id: 'command-0001' })
    // The connection drops with the command on its way: the room applies it, but the broadcast and
    // the ack are lost with the connection.
    chair.drop()
    await pair.flush()
    expect(chair.state?.meeting.status).toBe('scheduled')
    chair.connect()
    expect((await pair.settle(sent)).ok).toBe(true)
    expect(chair.state?.meeting.status).toBe('open')
    const audit = await pair.store.listAudit(pair.meeting.id as MeetingId)
    expect(audit.filter((entry) => entry.type === 'meeting:open')).toHaveLength(1)
  })

  it('gives up on a command at its deadline on the test\'s clock, not before', async () => {
    const pair = await startPair()
    const chair = pair.open(pair.meeting.tokens.chair)
    await pair.flush()
    chair.drop()
    const sent = chair.command('meeting:open', {}, { deadlineMs: 10_000 })
    let outcome: unknown = null
    sent.then(() => { outcome = 'answered' }, (error: unknown) => { outcome = error })
    pair.advance(9_999)
    await pair.flush()
    expect(outcome).toBeNull()
    pair.advance(1)
    await pair.flush()
    expect(outcome).toBeInstanceOf(CommandTimeoutError)
  })

  it('hangs up on a revoked link, which reads it as a refusal; a bad token is refused at the handshake', async () => {
    const pair = await startPair()
    const kenya = pair.open(pair.meeting.tokens.delegations.KEN!)
    const stranger = pair.open('not-a-valid-token-at-all')
    await pair.flush()
    expect([kenya.connected, kenya.refused]).toEqual([true, false])
    expect([stranger.connected, stranger.refused]).toEqual([false, true])
    await pair.revoke(pair.meeting.tokens.delegations.KEN!)
    expect(kenya.refused).toBe(false)
    await pair.flush()
    expect([kenya.connected, kenya.refused]).toEqual([false, true])
    expect(kenya.notices.map((notice) => notice.code)).toEqual(['UNAUTHORIZED'])
    expect(pair.members.count(pair.meeting.id)).toBe(0)
  })

  it('says so when what a test waits for can never come', async () => {
    const pair = await startPair()
    await expect(pair.settle(new Promise(() => {}))).rejects.toThrow('still pending after the pair went quiet')
  })
})
