// A statement on the floor when the server dies: its clock runs on through the outage (the speaker kept
// talking, so the time counts) and the record says the statement crossed the outage.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import { smallMeeting } from '../support/meetings.ts'
import { spawnServer, type ServerProcess } from '../support/server-process.ts'

const ADMIN_TOKEN = 'outage-test-admin-token-0123456789'

const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '')

describe('a statement through a server restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-outage-'))
  const env = { ROSTRUM_DATA_DIR: dataDir, ROSTRUM_ADMIN_TOKEN: ADMIN_TOKEN, ROSTRUM_DEMO: '0' }
  const clients: RostrumClient[] = []
  let server: ServerProcess | null = null

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close()
    await server?.kill()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('keeps its time and is marked as crossing the outage, in the document and in every record', async () => {
    server = await spawnServer(env)
    const created = await fetch(`${server.url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(smallMeeting({ symbol: 'S/PV.9999', language: 'en' }))
    })
    expect(created.status).toBe(201)
    const { id, links } = await created.json() as { id: string; links: { chair: string } }
    const connectTo = async (url: string) => {
      const client = new RostrumClient({ url, token: tokenOf(links.chair) })
      clients.push(client)
      await client.whenSynced
      return client
    }

    const chair = await connectTo(server.url)
    expect((await chair.command('meeting:open', {})).ok).toBe(true)
    expect((await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })).ok).toBe(true)
    const statementId = chair.state!.floor.statementId!
    const startedAtMs = chair.state!.statements[statementId]!.startedAtMs
    for (const client of clients.splice(0)) client.close()
    await server.kill()

    server = await spawnServer(env)
    const after = await connectTo(server.url)
    const outages = after.state!.statements[statementId]!.outages ?? []
    expect(outages).toHaveLength(1)
    const [outage] = outages
    // From the last sign of life (never before the statement began) until the new run started.
    expect(outage!.fromMs).toBeGreaterThanOrEqual(startedAtMs)
    expect(outage!.toMs).toBeGreaterThanOrEqual(outage!.fromMs)
    expect(after.state!.timer).toMatchObject({ statementId, state: 'running', runningSinceMs: startedAtMs })

    expect((await after.command('floor:end', {})).ok).toBe(true)
    const ended = after.state!.statements[statementId]!
    // The downtime counts: the speaker went on talking.
    expect(ended.durationMs).toBeGreaterThanOrEqual(outage!.toMs - startedAtMs)
    expect(ended.outages).toEqual([outage])

    const exported = (format: string) =>
      fetch(`${server!.url}/api/meetings/${id}/export.${format}`, { headers: { authorization: `Bearer ${tokenOf(links.chair)}` } })
    const rows = parse((await (await exported('csv')).text()).replace(/^\uFEFF/, '')) as string[][]
    const column = rows[0]!.indexOf('Server outages')
    expect(rows[1]![column]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}\/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
    expect(await (await exported('md')).text()).toContain('spoke through a server outage (')
    const zip = await JSZip.loadAsync(await (await exported('docx')).arrayBuffer())
    expect((await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')).toContain('spoke through a server outage (')

    // Loading the meeting again in a later run does not mark a statement that is over.
    for (const client of clients.splice(0)) client.close()
    await server.kill()
    server = await spawnServer(env)
    const again = await connectTo(server.url)
    expect(again.state!.statements[statementId]!.outages).toEqual([outage])
  })
})
