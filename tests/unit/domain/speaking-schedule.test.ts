// The speaking order's timetable, computed once for every view (the session, the delegation desk).
import { describe, expect, it } from 'vitest'
import {
  SCHEDULE_DAYS,
  SCHEDULE_RESOLUTION_MS,
  scheduleInstant,
  scheduleSessions,
  speakingSchedule
} from '../../../shared/domain/speaking-schedule.ts'
import { meetingWith, MINUTE, standardSegments, T0 } from './builders.ts'

const ROOM_HOURS = [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }]
const utc = (text: string) => Date.parse(`${text}Z`)
// 16 November 2021: New York is UTC−5, so its 10:00 is 15:00Z (T0).
const debate = (status: 'open' | 'suspended') =>
  meetingWith({ segments: standardSegments([], ['Mexico', 'Norway'], []), roomHours: ROOM_HOURS, status })

describe('scheduleInstant', () => {
  it.each([
    ['on a step', T0, T0],
    ['just before the next step', T0 + SCHEDULE_RESOLUTION_MS - 1, T0],
    ['on the next step', T0 + SCHEDULE_RESOLUTION_MS, T0 + SCHEDULE_RESOLUTION_MS]
  ])('rounds down to the schedule\'s resolution: %s', (_case, nowMs, expected) => {
    expect(scheduleInstant(nowMs)).toBe(expected)
  })

  it('moves in steps of ten seconds', () => {
    expect(SCHEDULE_RESOLUTION_MS).toBe(10_000)
  })
})

describe('scheduleSessions', () => {
  it('resolves the room\'s sittings today and tomorrow in the meeting\'s time zone', () => {
    expect(SCHEDULE_DAYS).toBe(2)
    expect(scheduleSessions(debate('open').state.meeting, T0 + 90 * MINUTE)).toEqual([
      { startMs: utc('2021-11-16T15:00'), endMs: utc('2021-11-16T18:00') },
      { startMs: utc('2021-11-16T20:00'), endMs: utc('2021-11-16T23:00') },
      { startMs: utc('2021-11-17T15:00'), endMs: utc('2021-11-17T18:00') },
      { startMs: utc('2021-11-17T20:00'), endMs: utc('2021-11-17T23:00') }
    ])
  })
})

describe('speakingSchedule', () => {
  it('an open meeting inside a sitting calls its first speaker now and the next after the limit', () => {
    const m = debate('open')
    const atMs = T0 + 30 * MINUTE
    const schedule = speakingSchedule(m.state, scheduleSessions(m.state.meeting, atMs), atMs)
    expect(schedule.etas[m.speakerId('Mexico')]).toMatchObject({ position: 1, expectedStartMs: atMs })
    expect(schedule.etas[m.speakerId('Norway')]).toMatchObject({ position: 2, expectedStartMs: atMs + 5 * MINUTE })
    expect(schedule).toMatchObject({ projectedEndMs: atMs + 10 * MINUTE, fits: true })
  })

  it('a meeting suspended over the lunch break counts its times from the afternoon sitting', () => {
    const m = debate('suspended')
    const atMs = utc('2021-11-16T18:30') // 13:30 in New York
    const schedule = speakingSchedule(m.state, scheduleSessions(m.state.meeting, atMs), atMs)
    expect(schedule.etas[m.speakerId('Mexico')]).toMatchObject({ position: 1, expectedStartMs: utc('2021-11-16T20:00') })
    expect(schedule.etas[m.speakerId('Norway')]).toMatchObject({ expectedStartMs: utc('2021-11-16T20:05') })
  })

  it('a meeting suspended inside a sitting counts from now: the President resumes it when ready', () => {
    const m = debate('suspended')
    const atMs = T0 + 30 * MINUTE
    const schedule = speakingSchedule(m.state, scheduleSessions(m.state.meeting, atMs), atMs)
    expect(schedule.etas[m.speakerId('Mexico')]?.expectedStartMs).toBe(atMs)
  })
})
