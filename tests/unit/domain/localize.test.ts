// Issue 13 item 15: a reader sees roster names and template headings in their own language, and the
// meeting's own texts as written.
import { describe, expect, it } from 'vitest'
import { createInitialState, localizeState, segmentsInOrder, type ControlState, type MeetingId, type SegmentId } from '../../../shared/domain/index.ts'
import { rosterName } from '../../../shared/roster/names.ts'
import { command, meetingWith } from './builders.ts'

/** The demo's shape: an Arabic meeting whose list names States as the Arabic official list does. */
function arabicMeeting (): ControlState {
  let id = 0
  return createInitialState('mtg-ar' as MeetingId, {
    title: 'السلام والأمن من خلال الدبلوماسية الوقائية',
    language: 'ar',
    scheduledStart: '2021-11-16T10:00',
    delegations: [{ code: 'RUS', name: 'الاتحاد الروسي' }, { code: 'MEX', name: 'المكسيك' }, { code: 'EU', name: 'الاتحاد الأوروبي' }],
    segments: [
      { name: 'الإحاطات', nameKey: 'briefers', speakers: [{ name: 'الأمين العام', kind: 'briefer' }] },
      {
        name: 'أعضاء مجلس الأمن',
        nameKey: 'council',
        speakers: [
          { name: 'الاتحاد الروسي', delegation: 'RUS' },
          // Typed by hand: a person, not the State's name.
          { name: 'السيد خوان (المكسيك)', delegation: 'MEX' },
          { name: 'الاتحاد الأوروبي', delegation: 'EU', kind: 'observer' }
        ]
      },
      { name: 'جلسة خاصة', speakers: [] }
    ]
  }, { nowMs: 0, newId: (prefix) => `${prefix}-${++id}` })
}

const speakerNames = (state: ControlState) => Object.values(state.speakers).map((speaker) => speaker.name)
const headings = (state: ControlState) => segmentsInOrder(state).map((segment) => segment.name)

describe('localizeState', () => {
  it('shows roster delegations in the reader\'s language and keeps names typed by hand', () => {
    const state = arabicMeeting()
    expect(speakerNames(localizeState(state, 'en', rosterName))).toEqual(['الأمين العام', 'Russian Federation', 'السيد خوان (المكسيك)', 'European Union'])
    expect(speakerNames(localizeState(state, 'zh', rosterName))).toEqual(['الأمين العام', '俄罗斯', 'السيد خوان (المكسيك)', '欧洲联盟'])
    expect(localizeState(state, 'fr-CA', rosterName).delegations.map((d) => d.name)).toEqual(['Russie', 'Mexique', 'Union européenne'])
  })

  it('shows template headings in the reader\'s language and a renamed segment as written', () => {
    expect(headings(localizeState(arabicMeeting(), 'en', rosterName))).toEqual(['Briefings', 'Members of the Security Council', 'جلسة خاصة'])
    expect(headings(localizeState(arabicMeeting(), 'ru', rosterName))).toEqual(['Брифинги', 'Члены Совета Безопасности', 'جلسة خاصة'])
  })

  it('leaves the meeting as written for a reader of its own language, and its title always', () => {
    const state = arabicMeeting()
    expect(localizeState(state, 'ar', rosterName)).toBe(state)
    expect(localizeState(state, 'es', rosterName).meeting).toBe(state.meeting)
  })

  it('names a State added under its name in another language as the meeting\'s list does, for a reader of the meeting\'s language', () => {
    const state = arabicMeeting()
    const [russia] = Object.values(state.speakers).filter((speaker) => speaker.delegation === 'RUS')
    const added = { ...state, speakers: { ...state.speakers, [russia!.id]: { ...russia!, name: 'Russian Federation' } } }
    expect(speakerNames(localizeState(added, 'ar', rosterName))).toContain('الاتحاد الروسي')
  })

  it('reads a document from before headings were marked: every heading as written', () => {
    const state = meetingWith().state
    expect(headings(localizeState(state, 'ar', rosterName))).toEqual(headings(state))
  })
})

describe('segment:update and the template heading', () => {
  function councilMeeting () {
    const m = meetingWith({ segments: [{ name: 'Members of the Security Council', nameKey: 'council' }] })
    const segmentId = segmentsInOrder(m.state)[0]!.id as SegmentId
    return { m, segmentId }
  }

  it('keeps the heading marked when the name sent is the heading in any language (settings saved unchanged)', () => {
    const { m, segmentId } = councilMeeting()
    m.ok(command('segment:update', { segmentId, changes: { name: 'أعضاء مجلس الأمن', defaultLimitMs: 240_000 } }))
    expect(m.state.segments[segmentId]?.nameKey).toBe('council')
  })

  it('drops the mark when the chair renames the segment, so the new name shows as written', () => {
    const { m, segmentId } = councilMeeting()
    m.ok(command('segment:update', { segmentId, changes: { name: 'Council members (high-level)' } }))
    expect(m.state.segments[segmentId]?.nameKey).toBeUndefined()
    expect(headings(localizeState(m.state, 'fr', rosterName))).toEqual(['Council members (high-level)'])
  })
})
