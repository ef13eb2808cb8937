// A statement on the floor when the server dies: its clock runs on through the outage (the speaker kept
// talking, so the time counts) and the record says the statement crossed the outage.
import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import { smallMeeting } from '../support/meetings.ts'
import { tokenOf, useRestartableServer } from '../support/restartable-server.ts'

describe('a statement through a server restart', () => {
  const server = useRestartableServer('outage')

  it('keeps its time and is marked as crossing the outage, in the document and in every record', async () => {
    await server.start()
    const { id, links } = await server.createMeeting<{ chair: string }>(smallMeeting({ symbol: 'S/PV.9999', language: 'en' }))

    const chair = await server.connect(links.chair)
    expect((await chair.command('meeting:open', {})).ok).toBe(true)
    expect((await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })).ok).toBe(true)
    const statementId = chair.state!.floor.statementId!
    const startedAtMs = chair.state!.statements[statementId]!.startedAtMs
    await server.kill()

    await server.start()
    const after = await server.connect(links.chair)
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
      fetch(`${server.url()}/api/meetings/${id}/export.${format}`, { headers: { authorization: `Bearer ${tokenOf(links.chair)}` } })
    const rows = parse((await (await exported('csv')).text()).replace(/^\uFEFF/, '')) as string[][]
    const column = rows[0]!.indexOf('Server outages')
    expect(rows[1]![column]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}\/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
    expect(await (await exported('md')).text()).toContain('spoke through a server outage (')
    const zip = await JSZip.loadAsync(await (await exported('docx')).arrayBuffer())
    expect((await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')).toContain('spoke through a server outage (')

    // Loading the meeting again in a later run does not mark a statement that is over.
    await server.kill()
    await server.start()
    const again = await server.connect(links.chair)
    expect(again.state!.statements[statementId]!.outages).toEqual([outage])
  })
})
