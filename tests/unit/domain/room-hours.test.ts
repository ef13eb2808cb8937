import { describe, expect, it } from 'vitest'
import { parseClockTime, resolveRoomSessions, zonedTimeToEpochMs } from '../../../shared/domain/index.ts'

const utc = (text: string) => Date.parse(`${text}Z`)
const iso = (sessions: { startMs: number; endMs: number }[]) =>
  sessions.map((s) => `${new Date(s.startMs).toISOString()}–${new Date(s.endMs).toISOString()}`)

const sittings = [
  { start: '15:00', end: '18:00' },
  { start: '10:00', end: '13:00' }
]

describe('resolveRoomSessions', () => {
  it.each([
    [
      'New York in winter (UTC−5), sorted although given out of order',
      'America/New_York', '2021-11-16T14:00', 1,
      ['2021-11-16T15:00:00.000Z–2021-11-16T18:00:00.000Z', '2021-11-16T20:00:00.000Z–2021-11-16T23:00:00.000Z']
    ],
    [
      'the local day, not the UTC one (21:00 in New York is 02:00 UTC the next day)',
      'America/New_York', '2021-11-17T02:00', 1,
      ['2021-11-16T15:00:00.000Z–2021-11-16T18:00:00.000Z', '2021-11-16T20:00:00.000Z–2021-11-16T23:00:00.000Z']
    ],
    [
      'across the autumn DST change (EDT on the 6th, EST on the 7th)',
      'America/New_York', '2021-11-06T12:00', 2,
      [
        '2021-11-06T14:00:00.000Z–2021-11-06T17:00:00.000Z', '2021-11-06T19:00:00.000Z–2021-11-06T22:00:00.000Z',
        '2021-11-07T15:00:00.000Z–2021-11-07T18:00:00.000Z', '2021-11-07T20:00:00.000Z–2021-11-07T23:00:00.000Z'
      ]
    ],
    [
      'across the spring DST change in Geneva',
      'Europe/Zurich', '2021-03-27T09:00', 2,
      [
        '2021-03-27T09:00:00.000Z–2021-03-27T12:00:00.000Z', '2021-03-27T14:00:00.000Z–2021-03-27T17:00:00.000Z',
        '2021-03-28T08:00:00.000Z–2021-03-28T11:00:00.000Z', '2021-03-28T13:00:00.000Z–2021-03-28T16:00:00.000Z'
      ]
    ],
    [
      'a half-hour zone (New Delhi, UTC+5:30)',
      'Asia/Kolkata', '2021-11-16T06:00', 1,
      ['2021-11-16T04:30:00.000Z–2021-11-16T07:30:00.000Z', '2021-11-16T09:30:00.000Z–2021-11-16T12:30:00.000Z']
    ]
  ])('%s', (_label, timeZone, from, days, expected) => {
    expect(iso(resolveRoomSessions(sittings, timeZone, utc(from), days))).toEqual(expected)
  })

  it('a sitting past midnight ends the next day', () => {
    const sessions = resolveRoomSessions([{ start: '22:00', end: '02:00' }], 'UTC', utc('2021-11-16T12:00'), 1)
    expect(iso(sessions)).toEqual(['2021-11-16T22:00:00.000Z–2021-11-17T02:00:00.000Z'])
  })

  it('no room hours, no sessions', () => {
    expect(resolveRoomSessions([], 'UTC', 0, 3)).toEqual([])
  })
})

describe('zonedTimeToEpochMs', () => {
  it.each([
    ['the repeated hour takes its first occurrence (01:30 EDT)', { year: 2021, month: 11, day: 7 }, 90, '2021-11-07T05:30:00.000Z'],
    ['the skipped hour lands past the gap (02:30 → 03:30 EDT)', { year: 2021, month: 3, day: 14 }, 150, '2021-03-14T07:30:00.000Z'],
    ['midnight', { year: 2021, month: 11, day: 16 }, 0, '2021-11-16T05:00:00.000Z'],
    ['24:00 is the next midnight', { year: 2021, month: 11, day: 16 }, 24 * 60, '2021-11-17T05:00:00.000Z']
  ])('%s', (_label, date, minutes, expected) => {
    expect(new Date(zonedTimeToEpochMs(date, minutes, 'America/New_York')).toISOString()).toBe(expected)
  })
})

describe('parseClockTime', () => {
  it.each([['10:00', 600], ['9:05', 545], ['24:00', 1440]])('%s → %i minutes', (text, minutes) => {
    expect(parseClockTime(text)).toBe(minutes)
  })
  it.each(['25:00', '10:60', '24:30', 'ten', ''])('rejects %j', (text) => {
    expect(() => parseClockTime(text)).toThrow(RangeError)
  })
})
