import { describe, expect, it } from 'vitest'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { ControlState, DelegationCode } from '../../shared/domain/types.ts'
import { statementNotes, tagStatement } from '../../shared/doc/notes.ts'
import { demoMeeting } from '../support/meetings.ts'
import { eventually } from '../support/server.ts'
import { useRestartableServer } from '../support/restartable-server.ts'

/** The floor as a person would compare it: everything but the Yjs internals. */
function floorRecord (state: ControlState) {
  return { meeting: state.meeting, speakers: state.speakers, statements: state.statements, requests: state.requests, floor: state.floor, timer: state.timer }
}

describe('a server killed mid-debate', () => {
  const server = useRestartableServer('crash')

  it('comes back with every acknowledged command and note', async () => {
    await server.start()
    const { links } = await server.createMeeting<{ chair: string; notetaker: string; delegations: Record<string, string> }>(demoMeeting())
    const chair = await server.connect(links.chair)
    const egypt = await server.connect(links.delegations.EGY!)
    const noteTaker = await server.connect(links.notetaker)

    let acknowledged = 0
    const run = async (...args: Parameters<RostrumClient['command']>) => {
      const ack = await chair.command(...args)
      expect(ack.ok, JSON.stringify(ack)).toBe(true)
      acknowledged++
    }
    await run('meeting:open', {})
    for (let i = 0; i < 6; i++) {
      await run('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
    }
    await run('timer:pause', {})
    await run('timer:extend', { byMs: 30_000 })
    await run('point-of-order:raise', { name: 'الاتحاد الروسي' })
    await run('point-of-order:close', {})
    expect((await egypt.command('request:create', { delegation: 'EGY' as DelegationCode, type: 'right-of-reply' })).ok).toBe(true)
    await run('list:close', {})

    const statementId = chair.state!.floor.statementId!
    tagStatement(noteTaker.notes, statementId, chair.state!.questions[0]!.id, { id: 'nt', name: 'Note-taker' }, 1)
    statementNotes(noteTaker.notes, statementId).insert(0, 'يقترح حوارا منتظما بين الأجهزة.')
    await eventually(() => statementNotes(chair.notes, statementId).length > 0, { message: 'notes relayed (so persisted)' })

    const before = floorRecord(chair.state!)
    const notesBefore = statementNotes(chair.notes, statementId).toString()
    await server.kill()

    await server.start()
    const after = await server.connect(links.chair)
    expect(acknowledged).toBe(12)
    // Everything as it was, but the statement on the floor now says it crossed the outage (outage-record.test.ts).
    const { outages, ...onFloor } = after.state!.statements[statementId]!
    expect(outages).toHaveLength(1)
    expect(floorRecord({ ...after.state!, statements: { ...after.state!.statements, [statementId]: onFloor } })).toEqual(before)
    expect(statementNotes(after.notes, statementId).toString()).toBe(notesBefore)
    expect(after.state!.timer.state).toBe('paused')
    expect(Object.values(after.state!.statements)).toHaveLength(7)

    // The floor goes on where it stopped.
    const ack = await after.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(after.state!)!.id })
    expect(ack.ok).toBe(true)
  })
})
