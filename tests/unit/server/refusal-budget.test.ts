import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { REFUSAL_BUDGET, RefusalBudget } from '../../../server/rooms/refusal-budget.ts'
import { recordedEntry, samePayload, MAX_KEPT_REFUSED_PAYLOAD_BYTES } from '../../../server/rooms/refusal-record.ts'
import type { AuditEntry } from '../../../server/store/store.ts'
import type { MeetingId } from '../../../shared/domain/types.ts'

describe('the refusal budget of a link', () => {
  it('admits a link until it has been refused its capacity, then turns it away until it refills', () => {
    let nowMs = 0
    const budget = new RefusalBudget('mtg_x' as MeetingId, { now: () => nowMs }, pino({ level: 'silent' }))
    for (let i = 0; i < REFUSAL_BUDGET.capacity; i++) {
      expect(budget.admits('a')).toBe(true)
      budget.settle('a', true)
    }
    expect([budget.admits('a'), budget.admits('a')]).toEqual([false, false])
    expect(budget.turnedAway('a')).toBe(2)
    // Another link of the same meeting has its own budget.
    expect(budget.admits('b')).toBe(true)
    nowMs += 1000 / REFUSAL_BUDGET.perSecond
    expect(budget.admits('a')).toBe(true)
    expect(budget.turnedAway('a')).toBe(0)
    budget.settle('a', true)
    expect(budget.admits('a')).toBe(false)
    // Never more than its capacity, however long it waits.
    nowMs += 10 * 3_600_000
    let admitted = 0
    while (budget.admits('a')) { budget.settle('a', true); admitted += 1 }
    expect(admitted).toBe(REFUSAL_BUDGET.capacity)
  })

  it('holds the budget for commands admitted and not yet answered, so a burst in flight cannot outrun it', () => {
    const budget = new RefusalBudget('mtg_x' as MeetingId, { now: () => 0 }, pino({ level: 'silent' }))
    let inFlight = 0
    while (budget.admits('a')) inFlight += 1
    expect(inFlight).toBe(REFUSAL_BUDGET.capacity)
    // One is answered and accepted: its hold comes back. One is refused: it spends what it held.
    budget.settle('a', false)
    expect(budget.admits('a')).toBe(true)
    budget.settle('a', true)
    expect(budget.admits('a')).toBe(false)
    for (let i = 0; i < REFUSAL_BUDGET.capacity - 1; i++) budget.settle('a', false)
    let again = 0
    while (budget.admits('a')) again += 1
    expect(again).toBe(REFUSAL_BUDGET.capacity - 1)
  })
})

describe('a refusal as the audit log keeps it', () => {
  const entry = (code: string, payload: unknown, ok = false): AuditEntry => ({
    meetingId: 'mtg_x' as MeetingId, commandId: 'c-1', actorId: 'a', actorRole: 'delegation', actorDelegation: null, type: 'request:create', payload,
    result: ok ? { ok: true, data: {} } : { ok: false, error: { code: code as 'FORBIDDEN', message: 'No.' } }, atMs: 1
  })
  const big = { note: 'x'.repeat(MAX_KEPT_REFUSED_PAYLOAD_BYTES) }

  it.each([
    ['an accepted command keeps its payload, however big', entry('', big, true), true],
    ['a small refusal by the rules keeps it', entry('DUPLICATE_REQUEST', { note: 'again' }), true],
    ['a refusal by the rules over 1 KiB does not', entry('DUPLICATE_REQUEST', big), false],
    ['a permission refusal never does', entry('FORBIDDEN', {}), false],
    ['nor another delegation\'s', entry('NOT_YOUR_DELEGATION', { requestId: 'r' }), false]
  ])('%s', (_label, sent, kept) => {
    const recorded = recordedEntry(sent)
    expect(recorded.payload).toEqual(kept ? sent.payload : null)
    expect(recorded.payloadOmitted === undefined).toBe(kept)
    if (!kept) expect(recorded.payloadOmitted!.bytes).toBe(Buffer.byteLength(JSON.stringify(sent.payload)))
    // A retry of the same payload is recognised either way; another is not.
    expect(samePayload(recorded, sent.payload)).toBe(true)
    expect(samePayload(recorded, { note: 'other' })).toBe(false)
  })
})

describe('the log of links turned away', () => {
  it('says so at most once a minute per link, with how many were turned away since', () => {
    let nowMs = 0
    const lines: { actorId: string; turnedAway: number }[] = []
    const logger = pino({ level: 'warn' }, { write: (line: string) => { lines.push(JSON.parse(line) as { actorId: string; turnedAway: number }) } })
    const budget = new RefusalBudget('mtg_x' as MeetingId, { now: () => nowMs }, logger)
    for (let i = 0; i < REFUSAL_BUDGET.capacity; i++) budget.spend('a')
    for (let i = 0; i < 50; i++) budget.admits('a')
    nowMs += 59_000
    for (let i = 0; i < REFUSAL_BUDGET.capacity; i++) budget.spend('a')
    for (let i = 0; i < 50; i++) budget.admits('a')
    nowMs += 1_000
    for (let i = 0; i < REFUSAL_BUDGET.capacity; i++) budget.spend('a')
    budget.admits('a')
    expect(lines.map((line) => [line.actorId, line.turnedAway])).toEqual([['a', 1], ['a', 49 + 50 + 1]])
  })
})
