// The meeting's language goes to Intl in every export and view, which throws on anything that is not a
// BCP 47 tag: the chair's `meeting:update` takes only such tags, and the exports keep answering.
import { describe, expect, it } from 'vitest'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

describe('the meeting\'s language', () => {
  const { server, seed, connect } = useTestServer()

  it('is refused with INVALID_PAYLOAD unless it is a BCP 47 tag, and every export still answers', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    for (const language of ['x!', 'en-', 'en_GB', 'ar--EG', '12', 'a b']) {
      const ack = await chair.command('meeting:update', { changes: { language } })
      expect(ack.ok ? `${language}: accepted` : `${language}: ${ack.error.code}`).toBe(`${language}: INVALID_PAYLOAD`)
    }
    for (const language of ['ar', 'zh-Hans', 'en-GB', 'es-419']) {
      expect(await chair.command('meeting:update', { changes: { language } })).toMatchObject({ ok: true })
    }
    expect(chair.state!.meeting.language).toBe('es-419')
    for (const format of ['json', 'csv', 'md', 'docx']) {
      const response = await fetch(`${server().url}/api/meetings/${meeting.id}/export.${format}`, {
        headers: { authorization: `Bearer ${meeting.tokens.chair}` }
      })
      expect(`${format} ${response.status}`).toBe(`${format} 200`)
    }
  })
})
