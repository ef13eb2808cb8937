import { describe, expect, it } from 'vitest'
import { plannedResumption, scheduleStartMs, type Resumption } from '../../../shared/domain/resumption.ts'
import { resolveRoomSessions } from '../../../shared/domain/room-hours.ts'

const utc = (text: string) => Date.parse(`${text}Z`)
const ZONE = 'America/New_York'
const sittings = [{ start: '10:00', end: '13:00' }, { start: '15:00', end: '18:00' }]
/** Today's sittings and tomorrow's, as the screen resolves them. */
const sessionsAround = (nowMs: number) => resolveRoomSessions(sittings, ZONE, nowMs, 2)

const at = (text: string): Resumption => ({ kind: 'at', atMs: utc(text) })
const onCall: Resumption = { kind: 'on-call' }

describe('plannedResumption', () => {
  // 16 November 2021: New York is UTC−5, so 10:00 there is 15:00Z.
  it.each([
    ['before the morning sitting: its start', '2021-11-16T13:30', null, at('2021-11-16T15:00')],
    ['during a sitting: on the President\'s call', '2021-11-16T16:00', null, onCall],
    ['at the lunch break: the afternoon sitting', '2021-11-16T18:30', null, at('2021-11-16T20:00')],
    ['the instant a sitting ends: the next one', '2021-11-16T18:00', null, at('2021-11-16T20:00')],
    ['in the evening: tomorrow morning, not this morning', '2021-11-17T01:00', null, at('2021-11-17T15:00')],
    ['a time the chair announced wins, even inside a sitting', '2021-11-16T16:00', utc('2021-11-16T16:30'), at('2021-11-16T16:30')],
    ['an announced time already past is forgotten', '2021-11-16T18:30', utc('2021-11-16T18:10'), at('2021-11-16T20:00')]
  ])('%s', (_case, now, announcedMs, expected) => {
    expect(plannedResumption(sessionsAround(utc(now)), utc(now), announcedMs)).toEqual(expected)
  })

  it('a room without hours resumes on the President\'s call', () => {
    expect(plannedResumption([], utc('2021-11-16T13:30'))).toEqual(onCall)
  })
})

describe('scheduleStartMs', () => {
  it.each([
    ['an open meeting counts from now', 'open', '2021-11-17T01:00', '2021-11-17T01:00'],
    ['a suspended one from its next sitting', 'suspended', '2021-11-17T01:00', '2021-11-17T15:00'],
    ['a suspended one inside a sitting from now: it may resume any minute', 'suspended', '2021-11-16T16:00', '2021-11-16T16:00']
  ] as const)('%s', (_case, status, now, expected) => {
    expect(scheduleStartMs(status, sessionsAround(utc(now)), utc(now))).toBe(utc(expected))
  })
})
