import { describe, expect, it } from 'vitest'
import { LINK_RATES, LinkBudgets, PUBLIC_PING_RATE, WRITER_SYNC_RATE } from '../../../server/core/link-budgets.ts'

const takeAll = (take: () => boolean): number => {
  let taken = 0
  while (take()) taken++
  return taken
}

describe('link budgets', () => {
  it('are one budget for every socket of a link, and a socket closed and reopened gets no fresh one', () => {
    let nowMs = 0
    const budgets = new LinkBudgets(() => nowMs)
    const link = { actorId: 'chair-link', role: 'chair' as const }
    const first = budgets.open(link)
    const second = budgets.open(link)
    expect(takeAll(() => first.take('command')) + takeAll(() => second.take('command'))).toBe(LINK_RATES.command.capacity)
    first.release()
    second.release()
    expect(budgets.open(link).take('command')).toBe(false)
    nowMs += 1000
    expect(takeAll(() => budgets.open(link).take('command'))).toBe(LINK_RATES.command.perSecond)
  })

  it('keeps links apart, and sizes step 1s, writes and pings by role', () => {
    const budgets = new LinkBudgets(() => 0)
    const writer = budgets.open({ actorId: 'notes-link', role: 'notetaker' })
    const reader = budgets.open({ actorId: 'desk-link', role: 'delegation' })
    const gallery = budgets.open({ actorId: 'public-link', role: 'public' })
    expect(takeAll(() => writer.take('sync'))).toBe(WRITER_SYNC_RATE.capacity)
    expect(takeAll(() => reader.take('sync'))).toBe(LINK_RATES.sync.capacity)
    expect(takeAll(() => writer.take('stepOne'))).toBe(LINK_RATES.stepOne.capacity)
    expect(takeAll(() => gallery.take('ping'))).toBe(PUBLIC_PING_RATE.capacity)
    expect(takeAll(() => reader.take('ping'))).toBe(LINK_RATES.ping.capacity)
  })

  it('counts awareness bytes as well as messages', () => {
    const budgets = new LinkBudgets(() => 0)
    const page = budgets.open({ actorId: 'notes-link', role: 'notetaker' })
    expect(page.take('awarenessBytes', LINK_RATES.awarenessBytes.capacity)).toBe(true)
    expect(page.take('awarenessBytes', 1)).toBe(false)
  })
})
