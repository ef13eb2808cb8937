import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { ControlState, DelegationCode } from '../../shared/domain/types.ts'
import { statementNotes, tagStatement } from '../../shared/doc/notes.ts'
import { demoMeeting } from '../support/meetings.ts'
import { eventually } from '../support/server.ts'
import { spawnServer, type ServerProcess } from '../support/server-process.ts'

const ADMIN_TOKEN = 'crash-test-admin-token-0123456789'

function tokenOf (link: string): string {
  return new URL(link).hash.replace('#token=', '')
}

/** The floor as a person would compare it: everything but the Yjs internals. */
function floorRecord (state: ControlState) {
  return { meeting: state.meeting, speakers: state.speakers, statements: state.statements, requests: state.requests, floor: state.floor, timer: state.timer }
}

describe('a server killed mid-debate', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-crash-'))
  const env = { ROSTRUM_DATA_DIR: dataDir, ROSTRUM_ADMIN_TOKEN: ADMIN_TOKEN, ROSTRUM_DEMO: '0' }
  const clients: RostrumClient[] = []
  let server: ServerProcess | null = null

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await server?.kill()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('comes back with every acknowledged command and note', async () => {
    server = await spawnServer(env)
    const created = await fetch(`${server.url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(demoMeeting())
    })
    expect(created.status).toBe(201)
    const { links } = await created.json() as { links: { chair: string; notetaker: string; delegations: Record<string, string> } }

    const connectTo = async (url: string, link: string) => {
      const client = new RostrumClient({ url, token: tokenOf(link) })
      clients.push(client)
      await client.whenSynced
      return client
    }
    const chair = await connectTo(server.url, links.chair)
    const egypt = await connectTo(server.url, links.delegations.EGY!)
    const noteTaker = await connectTo(server.url, links.notetaker)

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
    for (const client of clients.splice(0)) client.close()
    await server.kill()

    server = await spawnServer(env)
    const after = await connectTo(server.url, links.chair)
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
