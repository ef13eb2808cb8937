import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { meetingLinks } from '../../server/meetings/create-meeting.ts'
import { artifactsDir as artifacts, browserAvailable, useBrowserSuite, withLanguage } from '../support/browser.ts'
import { demoMeeting } from '../support/meetings.ts'
import { seedMeeting } from '../support/server.ts'

describe.skipIf(!browserAvailable())('the built client against a real server', () => {
  const { server, open } = useBrowserSuite()

  it('opens the demo meeting, and the public page sees the speaker the chair calls, with a running clock', async () => {
    const demo = demoMeeting()
    const firstSpeaker = demo.segments?.[0]?.speakers?.[0]?.name
    expect(firstSpeaker).toBe('الأمين العام')
    const links = meetingLinks(server().url, await seedMeeting(server(), demo))

    const chair = await open(withLanguage(links.chair, 'en'), 'en-US')
    await chair.getByTestId('meeting-title').filter({ hasText: demo.title }).waitFor()
    // The token left the address bar, and a reload still finds it in the tab's session storage.
    expect(new URL(chair.url()).hash).toBe('')
    await chair.reload()
    await chair.getByTestId('meeting-title').filter({ hasText: demo.title }).waitFor()
    await chair.getByRole('banner').getByText('Live').waitFor()

    const audience = await open(links.public, 'ar')
    await audience.getByTestId('meeting-title').filter({ hasText: demo.title }).waitFor()
    expect(await audience.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])

    await chair.getByRole('button', { name: 'Open meeting' }).click()
    await chair.getByText('In session').waitFor()
    await chair.screenshot({ path: join(artifacts, 'chair-en.png'), fullPage: true })

    await chair.getByRole('button', { name: 'Call next' }).click()
    await audience.getByTestId('current-speaker-name').filter({ hasText: firstSpeaker }).waitFor()
    const clock = audience.getByTestId('clock')
    await audience.waitForFunction(() => Number(document.querySelector('[data-testid="clock"]')?.getAttribute('data-elapsed-ms')) > 0)
    expect(await clock.getAttribute('data-light')).toBe('green')
    await audience.screenshot({ path: join(artifacts, 'public-ar.png'), fullPage: true })

    await chair.getByTestId('language-switch').selectOption('ar')
    await chair.getByRole('button', { name: 'دعوة المتكلم التالي' }).waitFor()
    expect(await chair.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    await chair.screenshot({ path: join(artifacts, 'chair-ar.png'), fullPage: true })
  })
})
