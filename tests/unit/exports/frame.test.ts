// The S/PV frame of the record (issue 14, item 10): where each sentence goes, in every export language,
// and what an old document without the meeting's times gets.
import { describe, expect, it } from 'vitest'
import { framedRecord, sittingTime } from '../../../server/exports/frame.ts'
import { buildReport } from '../../../server/exports/report.ts'
import { EMPTY_NOTES } from '../../../shared/domain/notes.ts'
import { command, meetingWith, MINUTE, standardSegments, T0 } from '../domain/builders.ts'

/** Opened at 10:06 (New York); Mexico speaks across a suspension from 13:22 to 15:01; Norway after. */
function debate () {
  const m = meetingWith({ status: 'scheduled', segments: standardSegments([], ['Mexico', 'Norway']) })
  m.advance(6 * MINUTE).ok(command('meeting:open', {}))
  m.advance(190 * MINUTE).give('Mexico')
  m.advance(6 * MINUTE).ok(command('meeting:suspend', {}))
  m.advance(99 * MINUTE).ok(command('meeting:resume', {}))
  m.advance(MINUTE).ok(command('floor:end', {}))
  m.give('Norway').advance(4 * MINUTE).ok(command('floor:end', {}))
  m.advance(180 * MINUTE).ok(command('meeting:adjourn', {}))
  return m
}

const shape = (blocks: ReturnType<typeof framedRecord>) =>
  blocks.map((block) => block.kind === 'sentence' ? block.text : block.entries.map((entry) => entry.statement.name))

describe('the record\'s frame', () => {
  it('puts a suspension after the statement it interrupted, before the next one', () => {
    const m = debate()
    expect(shape(framedRecord(buildReport(m.state, EMPTY_NOTES, m.nowMs, 'en')))).toEqual([
      'The meeting was called to order at 10.06 a.m.',
      ['Mexico'],
      'The meeting was suspended at 1.22 p.m. and resumed at 3.01 p.m.',
      ['Norway'],
      'The meeting rose at 6.06 p.m.'
    ])
  })

  it.each([
    ['en', '12.05 p.m.'], ['fr', '12 h 5'], ['es', '12.05 horas'], ['ru', '12 ч. 05 м.'], ['zh', '下午12时05分'], ['ar', '12/05']
  ])('writes noon past five as the %s record does', (language, written) => {
    const m = meetingWith({ status: 'scheduled' })
    expect(sittingTime(buildReport(m.state, EMPTY_NOTES, T0, language), T0 + 125 * MINUTE)).toBe(written)
  })

  it('frames nothing for a document from before the times were kept', () => {
    const m = debate()
    const { sittings: _dropped, ...older } = m.state
    const blocks = framedRecord(buildReport(older as typeof m.state, EMPTY_NOTES, m.nowMs, 'en'))
    expect(shape(blocks)).toEqual([['Mexico', 'Norway']])
  })
})
