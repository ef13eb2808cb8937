import { describe, expect, it } from 'vitest'
import { createInitialState, segmentsInOrder, speakersInOrder, type MeetingId } from '../../../shared/domain/index.ts'
import { T0 } from './builders.ts'

function counter () {
  let n = 0
  return (prefix: string) => `${prefix}-${++n}`
}

describe('createInitialState', () => {
  it('fills every default and the three usual segments', () => {
    const state = createInitialState('mtg-1' as MeetingId, { title: 'Open debate', scheduledStart: '2021-11-16T10:00' }, { nowMs: T0, newId: counter() })
    expect(state.meeting).toEqual({
      id: 'mtg-1', title: 'Open debate', agendaItem: '', symbol: '', language: 'en', scheduledStart: '2021-11-16T10:00',
      timeZone: 'UTC', roomHours: [], status: 'scheduled', expectedOutcome: '', listClosed: false, presidency: null
    })
    expect(segmentsInOrder(state).map(({ name, defaultLimitMs, orderingRule, purpose }) => ({ name, defaultLimitMs, orderingRule, purpose }))).toEqual([
      { name: 'Briefers', defaultLimitMs: null, orderingRule: 'fixed', purpose: 'statement' },
      { name: 'Speakers', defaultLimitMs: 300_000, orderingRule: 'inscription', purpose: 'statement' },
      { name: 'Rights of reply', defaultLimitMs: 180_000, orderingRule: 'inscription', purpose: 'right-of-reply' }
    ])
    expect(state.speakers).toEqual({})
    expect(state.requests).toEqual({})
    expect(state.statements).toEqual({})
    expect(state.floor).toEqual({ statementId: null, speakerId: null, interrupted: null })
    expect(state.timer).toEqual({ statementId: null, state: 'idle', runningSinceMs: null, accumulatedMs: 0, limitMs: null })
  })

  it('takes the concept note: briefers in order, delegations, questions, room hours', () => {
    const state = createInitialState(
      'mtg-8906' as MeetingId,
      {
        title: 'Peace and security through preventive diplomacy',
        symbol: 'S/PV.8906',
        language: 'ar',
        scheduledStart: '2021-11-16T10:00',
        timeZone: 'America/New_York',
        roomHours: [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }],
        expectedOutcome: 'Presidential statement',
        delegations: [{ code: 'MEX', name: 'Mexico' }],
        questions: [{ label: 'أ', text: 'Communication among the principal organs' }],
        segments: [
          {
            name: 'Briefers',
            orderingRule: 'fixed',
            speakers: [
              { name: 'Secretary-General', kind: 'briefer' },
              { name: 'President of the General Assembly', kind: 'briefer' },
              { name: 'President of ECOSOC', kind: 'briefer' },
              { name: 'President of the ICJ', kind: 'briefer', limitMs: 600_000 }
            ]
          },
          { name: 'Council members', defaultLimitMs: 300_000, speakers: [{ name: 'Mexico', delegation: 'MEX' as never }] }
        ]
      },
      { nowMs: T0, newId: counter() }
    )
    expect(state.meeting).toMatchObject({ symbol: 'S/PV.8906', language: 'ar', timeZone: 'America/New_York', expectedOutcome: 'Presidential statement' })
    expect(state.questions).toEqual([{ id: expect.stringMatching(/^q-/), label: 'أ', text: 'Communication among the principal organs' }])
    expect(state.delegations).toEqual([{ code: 'MEX', name: 'Mexico' }])
    const list = speakersInOrder(state)
    expect(list.map((s) => s.name)).toEqual([
      'Secretary-General', 'President of the General Assembly', 'President of ECOSOC', 'President of the ICJ', 'Mexico'
    ])
    expect(list[3]).toMatchObject({ kind: 'briefer', limitMs: 600_000, status: 'waiting', addedAtMs: T0, delegation: null, onBehalfOf: null, protocolRank: null })
    expect(list[4]).toMatchObject({ kind: 'member', delegation: 'MEX' })
    const briefersKeys = list.slice(0, 4).map((s) => s.orderKey)
    expect([...briefersKeys].sort()).toEqual(briefersKeys)
    expect(segmentsInOrder(state)[1]).toMatchObject({ orderingRule: 'inscription', purpose: 'statement', defaultLimitMs: 300_000 })
  })
})
