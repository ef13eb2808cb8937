import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { MeetingDescription } from '../../shared/domain/meeting-description.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import { eventually, useTestServer } from '../support/server.ts'

const MINISTER = { person: 'Mr. Teodor Meleşcanu', title: 'Minister for Foreign Affairs of Romania' }
const BRIEFER = { person: 'Ms. Karin Landgren', title: 'Executive Director of Security Council Report' }
const E10 = { group: 'the ten elected members of the Council', members: ['KEN', 'NOR'] }

/** Who speaks and in what capacity, as a chair's tool posts it: a briefer, a group statement by a member, the President, a minister. */
const debate: MeetingDescription = {
  title: 'Preventive diplomacy',
  scheduledStart: '2021-11-16T10:00',
  timeZone: 'America/New_York',
  language: 'en',
  presidency: 'MEX',
  delegations: [{ code: 'MEX', name: 'Mexico' }, { code: 'KEN', name: 'Kenya' }, { code: 'NOR', name: 'Norway' }, { code: 'ROU', name: 'Romania' }],
  segments: [
    { name: 'Briefings', orderingRule: 'fixed', speakers: [{ name: 'Security Council Report', kind: 'briefer', ...BRIEFER }] },
    { name: 'Members', orderingRule: 'fixed', defaultLimitMs: 300_000, speakers: [
      { name: 'Mexico', delegation: 'MEX', kind: 'member' },
      { name: 'Kenya', delegation: 'KEN', kind: 'member', onBehalfOf: E10 }
    ] },
    { name: 'Others', orderingRule: 'inscription', defaultLimitMs: 240_000, speakers: [{ name: 'Romania', delegation: 'ROU', kind: 'non-member', ...MINISTER }] }
  ]
}

describe('the record says who spoke, in what capacity', () => {
  const { server } = useTestServer()

  async function delivered () {
    const created = await fetch(`${server().url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server().adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(debate)
    })
    expect(created.status).toBe(201)
    const { id, links } = await created.json() as { id: string; links: { chair: string } }
    const token = new URL(links.chair).hash.replace('#token=', '')
    const chair = new RostrumClient({ url: server().url, token })
    await chair.whenSynced
    const run = async (...args: Parameters<RostrumClient['command']>) => {
      const ack = await chair.command(...args)
      expect(ack.ok, JSON.stringify(ack)).toBe(true)
    }
    await run('meeting:open', {})
    for (let i = 0; i < 4; i++) await run('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
    await run('floor:end', {})
    await eventually(() => Object.values(chair.state!.statements).every((s) => s.endedAtMs !== null))
    const get = (format: string) => fetch(`${server().url}/api/meetings/${id}/export.${format}`, { headers: { authorization: `Bearer ${token}` } })
    return { chair, get }
  }

  it('in the CSV (Person, Title, National capacity) and the JSON', async () => {
    const { chair, get } = await delivered()
    try {
      const speakers = Object.values(chair.state!.speakers)
      // The presidency's member entry is flagged when the meeting is created; Kenya keeps member standing.
      expect(speakers.find((s) => s.delegation === 'MEX')).toMatchObject({ kind: 'member', nationalCapacity: true })
      expect(speakers.find((s) => s.delegation === 'KEN')).toMatchObject({ kind: 'member', onBehalfOf: E10 })

      const rows = parse((await (await get('csv')).text()).replace(/^\uFEFF/, '')) as string[][]
      const column = (name: string) => rows[0]!.indexOf(name)
      expect(column('Person')).toBeGreaterThan(0)
      // Rows without an order are the meeting's own times, after the statements.
      const capacity = rows.slice(1).filter((row) => row[0] !== '').map((row) => [row[column('Delegation')], row[column('Person')], row[column('Title')], row[column('National capacity')]])
      expect(capacity).toEqual([
        ['', BRIEFER.person, BRIEFER.title, ''],
        ['MEX', '', '', 'true'],
        ['KEN', '', '', ''],
        ['ROU', MINISTER.person, MINISTER.title, '']
      ])

      const exported = await (await get('json')).json() as { state: { statements: Record<string, { delegation: string | null; person?: string; title?: string; nationalCapacity?: boolean }> } }
      const statements = Object.values(exported.state.statements)
      expect(statements.find((s) => s.delegation === 'ROU')).toMatchObject(MINISTER)
      expect(statements.find((s) => s.delegation === 'MEX')).toMatchObject({ nationalCapacity: true })
    } finally {
      chair.close()
    }
  })

  it('in the Markdown and the Word record, beside the delegation', async () => {
    const { chair, get } = await delivered()
    try {
      const markdown = await (await get('md')).text()
      expect(markdown).toContain(`Romania: ${MINISTER.person}, ${MINISTER.title}`)
      expect(markdown).toContain(`Security Council Report: ${BRIEFER.person}, ${BRIEFER.title}`)
      expect(markdown).toContain('Mexico, in national capacity')
      expect(markdown).toContain(`Kenya (On behalf of ${E10.group}: Kenya and Norway)`)

      const zip = await JSZip.loadAsync(await (await get('docx')).arrayBuffer())
      const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')
      expect(text).toContain(`Romania: ${MINISTER.person}, ${MINISTER.title}`)
      expect(text).toContain('Mexico, in national capacity')
    } finally {
      chair.close()
    }
  })
})
