// In a real browser: the chair's requests panel shows a delegation's note, the delegation's own page shows
// the chair's reason for declining, and another delegation's page and the public page hold neither
// (screenshots in English and Arabic).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import type { DelegationCode, RequestId } from '../../shared/domain/index.ts'
import { artifactsDir, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { connect, seedMeeting } from '../support/server.ts'

const NOTE = 'سيلقي وزير الخارجية البيان'
const REASON = 'Rights of reply are heard at the end of the day.'
const CHL = 'CHL' as DelegationCode

describe.skipIf(!browserAvailable())('request texts in a real browser', () => {
  const { server, open } = useBrowserSuite({ viewport: { width: 1360, height: 1000 } })

  it('reach the chair\'s panel and the requester\'s page, and no other page', async () => {
    const meeting = await seedMeeting(server(), {
      ...demoMeeting(),
      roomHours: [{ start: '00:00', end: '23:59' }],
      delegations: [...(demoMeeting().delegations ?? []), { code: 'CHL', name: 'شيلي' }]
    })
    const links = meetingLinks(server().url, meeting)
    const chile = await connect(server(), meeting.tokens.delegations.CHL!)
    const chair = await connect(server(), meeting.tokens.chair)
    try {
      const asked = await chile.command('request:create', { delegation: CHL, type: 'inscription', note: NOTE })
      const replied = await chile.command('request:create', { delegation: CHL, type: 'right-of-reply', note: 'In reply to Mexico' })
      if (!asked.ok || !replied.ok) throw new Error('the requests were refused')
      const declined = await chair.command('request:decline', { requestId: replied.data['requestId'] as RequestId, reason: REASON })
      expect(declined.ok).toBe(true)

      for (const language of ['en', 'ar']) {
        const locale = language === 'ar' ? 'ar' : 'en-US'
        const chairPage = await open(withLanguage(links.chair, language), locale)
        const inbox = chairPage.getByTestId('requests-inbox')
        await inbox.filter({ hasText: NOTE }).waitFor()
        await inbox.screenshot({ path: join(artifactsDir, `request-texts-chair-${language}.png`) })

        const chilePage = await open(withLanguage(links.delegations.CHL!, language), locale)
        const requests = chilePage.getByTestId('requests')
        await requests.filter({ hasText: REASON }).waitFor()
        await requests.screenshot({ path: join(artifactsDir, `request-texts-delegation-${language}.png`) })
      }

      for (const link of [links.delegations.MEX!, links.public]) {
        const page = await open(withLanguage(link, 'en'))
        await page.getByText('Live').first().waitFor()
        // The page has the meeting (the list is on screen) and still none of Chile's text.
        await page.getByTestId('audience-list').waitFor()
        const html = await page.content()
        expect({ link, note: html.includes(NOTE), reason: html.includes(REASON) }).toEqual({ link, note: false, reason: false })
      }
    } finally {
      chile.close()
      chair.close()
    }
  })
})
