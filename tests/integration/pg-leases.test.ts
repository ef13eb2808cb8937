import { afterEach, describe, expect, it } from 'vitest'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { AuditEntry } from '../../server/store/store.ts'
import { NotOwnerError } from '../../server/store/cluster-store.ts'
import type { PgStore } from '../../server/store/pg-store.ts'
import { openPgStore } from '../support/pg-store.ts'
import { freshDatabase, pgTestUrl, type FreshDatabase } from '../support/services.ts'

const adminUrl = pgTestUrl()
const meetingId = 'mtg_lease' as MeetingId
const LONG_LEASE_MS = 60_000
const bytes = (...values: number[]) => new Uint8Array(values)
const audit = (commandId: string): AuditEntry => ({
  meetingId, commandId, actorId: 'chair-1', actorRole: 'chair', actorDelegation: null, type: 'list:close', payload: {}, result: { ok: true, data: {} }, atMs: 1
})

describe.skipIf(adminUrl === null)('meeting leases in PostgreSQL: one writer per meeting, fenced', () => {
  let database: FreshDatabase
  const stores: PgStore[] = []

  async function nodes (...names: string[]): Promise<PgStore[]> {
    database = await freshDatabase(adminUrl!)
    for (const name of names) stores.push(await openPgStore(database, name))
    await stores[0]!.createMeeting({ id: meetingId, title: 'Lease', createdAtMs: 1 }, [], { control: bytes(1), notes: bytes(2) })
    return [...stores]
  }

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close()
    await database.drop()
  })

  it('gives the lease to one node; the others are told who holds it, and their writes change nothing', async () => {
    const [a, b] = await nodes('a', 'b')
    expect(await a!.claimLease(meetingId, LONG_LEASE_MS)).toEqual({ owned: true, epoch: 1, headSeq: 2 })
    expect(await b!.claimLease(meetingId, LONG_LEASE_MS)).toEqual({ owned: false, owner: { nodeId: a!.node.id, url: a!.node.url, epoch: 1, alive: true } })
    expect(await a!.appendUpdate(meetingId, 'notes', bytes(3))).toBe(3)
    await expect(b!.appendUpdate(meetingId, 'notes', bytes(9))).rejects.toBeInstanceOf(NotOwnerError)
    await expect(b!.commitCommand(meetingId, { update: bytes(9), audit: audit('cmd-b') })).rejects.toBeInstanceOf(NotOwnerError)
    await expect(b!.commitCommand(meetingId, { audit: audit('cmd-b') })).rejects.toBeInstanceOf(NotOwnerError)
    await expect(b!.appendAudit(audit('cmd-b'))).rejects.toBeInstanceOf(NotOwnerError)
    await expect(b!.compact(meetingId, 'notes', bytes(0), 3)).rejects.toBeInstanceOf(NotOwnerError)
    expect(await a!.readLog(meetingId, 0)).toEqual([
      { seq: 1, doc: 'control', update: bytes(1) }, { seq: 2, doc: 'notes', update: bytes(2) }, { seq: 3, doc: 'notes', update: bytes(3) }
    ])
    expect(await b!.listAudit(meetingId)).toEqual([])
    expect(await b!.readHeads([meetingId, 'mtg_none' as MeetingId])).toEqual(new Map([[meetingId, 3]]))
  })

  it('lets another node take an expired lease over; the old owner\'s late writes change 0 rows and it cannot renew', async () => {
    const [a, b] = await nodes('a', 'b')
    // A lease of 0 ms has expired by the time anyone looks: a stopped owner whose renewals stopped.
    expect(await a!.claimLease(meetingId, 0)).toMatchObject({ owned: true, epoch: 1 })
    await a!.commitCommand(meetingId, { update: bytes(3), audit: audit('cmd-1') })
    expect(await b!.claimLease(meetingId, LONG_LEASE_MS)).toEqual({ owned: true, epoch: 2, headSeq: 3 })
    await expect(a!.commitCommand(meetingId, { update: bytes(4), audit: audit('cmd-2') })).rejects.toBeInstanceOf(NotOwnerError)
    await expect(a!.appendUpdate(meetingId, 'notes', bytes(4))).rejects.toBeInstanceOf(NotOwnerError)
    expect(await a!.renewLeases(LONG_LEASE_MS)).toEqual(new Set())
    expect((await b!.readHeads([meetingId])).get(meetingId)).toBe(3)
    expect((await b!.listAudit(meetingId)).map((entry) => entry.commandId)).toEqual(['cmd-1'])
    expect(await b!.appendUpdate(meetingId, 'control', bytes(5))).toBe(4)
    // The old owner, back, claims again: the lease is live and someone else's.
    expect(await a!.claimLease(meetingId, LONG_LEASE_MS)).toMatchObject({ owned: false, owner: { nodeId: b!.node.id, epoch: 2, alive: true } })
  })

  it('takes a live lease over at once when its holder\'s process is gone (its node-alive lock with it)', async () => {
    const [a, b] = await nodes('a', 'b')
    await a!.claimLease(meetingId, LONG_LEASE_MS)
    expect(await b!.claimLease(meetingId, LONG_LEASE_MS)).toMatchObject({ owned: false })
    // Closing drops the node-alive connection as a killed process's would; the lease row is untouched.
    await a!.close()
    expect(await b!.readOwner(meetingId)).toEqual({ nodeId: a!.node.id, url: a!.node.url, epoch: 1, alive: false })
    expect(await b!.claimLease(meetingId, LONG_LEASE_MS)).toEqual({ owned: true, epoch: 2, headSeq: 2 })
  })

  it('hands a released lease on without waiting for it to expire, and renews a held one', async () => {
    const [a, b] = await nodes('a', 'b')
    await a!.claimLease(meetingId, LONG_LEASE_MS)
    expect(await a!.renewLeases(LONG_LEASE_MS)).toEqual(new Set([meetingId]))
    expect(await a!.claimLease(meetingId, LONG_LEASE_MS)).toEqual({ owned: true, epoch: 1, headSeq: 2 })
    await a!.releaseLease(meetingId)
    expect(await b!.readOwner(meetingId)).toBeNull()
    expect(await b!.claimLease(meetingId, LONG_LEASE_MS)).toMatchObject({ owned: true, epoch: 2 })
  })

  it('renews every lease a node holds in one go, and forgets the ones another node has taken over', async () => {
    const [a, b] = await nodes('a', 'b')
    const other = 'mtg_lease_2' as MeetingId
    await a!.createMeeting({ id: other, title: 'Other', createdAtMs: 1 }, [], { control: bytes(1), notes: bytes(2) })
    await a!.claimLease(meetingId, LONG_LEASE_MS)
    // The other meeting's lease has expired (0 ms), and B takes it.
    await a!.claimLease(other, 0)
    expect(await b!.claimLease(other, LONG_LEASE_MS)).toMatchObject({ owned: true, epoch: 2 })
    expect(await a!.renewLeases(LONG_LEASE_MS)).toEqual(new Set([meetingId]))
    expect(await a!.readOwner(meetingId)).toMatchObject({ nodeId: a!.node.id, alive: true })
    // The lost one is forgotten: A writes it at no epoch it holds, and is fenced out.
    await expect(a!.appendUpdate(other, 'notes', bytes(9))).rejects.toBeInstanceOf(NotOwnerError)
    expect(await a!.renewLeases(LONG_LEASE_MS)).toEqual(new Set([meetingId]))
    expect(await b!.renewLeases(LONG_LEASE_MS)).toEqual(new Set([other]))
  })

  it('gives a lease claimed by three nodes at once to exactly one of them', async () => {
    const [a, b, c] = await nodes('a', 'b', 'c')
    const claims = await Promise.all([a!, b!, c!].map((store) => store.claimLease(meetingId, LONG_LEASE_MS)))
    expect(claims.filter((claim) => claim.owned)).toEqual([{ owned: true, epoch: 1, headSeq: 2 }])
  })

  it('numbers a meeting\'s updates densely across both documents and commits them in that order', async () => {
    const [a] = await nodes('a')
    await a!.claimLease(meetingId, LONG_LEASE_MS)
    const seqs = await Promise.all(Array.from({ length: 20 }, (_, i) => a!.appendUpdate(meetingId, i % 2 === 0 ? 'notes' : 'control', bytes(i))))
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3))
    const log = await a!.readLog(meetingId, 2)
    expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3))
    // A compaction's snapshot stands for the updates it replaced, at the number of the last of them.
    const lastNotes = Math.max(...log.filter((entry) => entry.doc === 'notes').map((entry) => entry.seq))
    await a!.compact(meetingId, 'notes', bytes(7, 7), lastNotes)
    const after = await a!.readLog(meetingId, 2)
    expect(after.filter((entry) => entry.doc === 'notes')).toEqual([{ seq: lastNotes, doc: 'notes', update: bytes(7, 7) }])
    expect(after.filter((entry) => entry.doc === 'control').length).toBe(10)
  })
})
