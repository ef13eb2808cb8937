import { describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import { statementNotes, addHighlight, tagStatement } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker, type DelegationCode, type StatementId } from '../../shared/domain/index.ts'
import { browserAvailable, useBrowserSuite } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

// Whatever a chair, a delegation or a note-taker types is shown as text: never run, never parsed.
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  'javascript:window.__xss=1'
]

describe.skipIf(!browserAvailable())('script injection through user-entered fields', () => {
  const { server, open } = useBrowserSuite()

  it('shows names, questions, notes and highlights literally in every view, and nothing runs', async () => {
    const hostile = PAYLOADS.join(' ')
    const demo = demoMeeting()
    const meeting = await seedMeeting(server(), {
      ...demo,
      title: `Debate ${PAYLOADS[0]}`,
      questions: [{ label: 'a', text: `Question ${PAYLOADS[1]}` }, ...(demo.questions ?? []).slice(1)]
    })
    const chair = await connect(server(), meeting.tokens.chair)
    const notes = await connect(server(), meeting.tokens.notetaker)
    const segmentId = Object.values(chair.state!.segments)[0]!.id
    await chair.command('speaker:add', { segmentId, afterId: null, name: PAYLOADS[2]!, delegation: 'EGY' as DelegationCode })
    await chair.command('meeting:open', {})
    const ack = await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
    const statementId = (ack.ok ? ack.data.statementId : '') as StatementId
    statementNotes(notes.notes, statementId).insert(0, hostile)
    tagStatement(notes.notes, statementId, chair.state!.questions[0]!.id, { id: 'x', name: PAYLOADS[3]! }, 1)
    addHighlight(notes.notes, statementId, { kind: 'quote', text: PAYLOADS[0]! }, { id: 'x', name: PAYLOADS[1]! }, 2)
    const links = meetingLinks(server().url, meeting)
    const reportLink = links.chair.replace('/chair#', '/report#')

    for (const link of [links.chair, links.public, links.screen, links.notetaker, links.delegations.EGY!, reportLink]) {
      const page = await open(link)
      await page.getByText(PAYLOADS[2]!, { exact: false }).first().waitFor()
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), link).toBeUndefined()
      expect(await page.locator('img[src="x"], svg[onload]').count(), link).toBe(0)
    }
    chair.close()
    notes.close()
  })
})
