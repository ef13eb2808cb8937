import { describe, expect, it } from 'vitest'
import type { DelegationCode, MeetingId, RequestId, StatementId } from '../../../shared/domain/types.ts'
import { CommandIdTaken, type AuditEntry, type Store, type TokenRecord } from '../../../server/store/store.ts'

/** A store opened for one test: `reopen` opens the same data again (after `store.close()`), `cleanup` removes it. */
export interface OpenedStore {
  readonly store: Store
  readonly reopen: () => Promise<Store>
  readonly cleanup: () => Promise<void>
}

/** What every Store must do. A new store (PostgreSQL, …) runs this same suite with its own `open`. */
export function storeContract (name: string, open: () => Promise<OpenedStore>): void {
  const meetingId = 'mtg_contract' as MeetingId
  const token: TokenRecord = { hash: 'ab'.repeat(32), meetingId, role: 'chair', delegation: null, createdAtMs: 1, revokedAtMs: null }
  const audit = (commandId: string, ok = true): AuditEntry => ({
    meetingId,
    commandId,
    actorId: 'actor-1',
    actorRole: 'chair',
    actorDelegation: null,
    type: 'floor:end',
    payload: { note: 'ا' },
    result: ok ? { ok: true, data: { statementId: 'stm_1' as StatementId } } : { ok: false, error: { code: 'FLOOR_EMPTY', message: 'Nobody has the floor.' } },
    atMs: 5
  })
  const bytes = (...values: number[]) => new Uint8Array(values)
  const delegationToken = (code: string, hash: string): TokenRecord =>
    ({ hash, meetingId, role: 'delegation', delegation: code as DelegationCode, createdAtMs: 1, revokedAtMs: null })
  const mexico = { requestId: 'req_1' as RequestId, delegation: 'MEX' as DelegationCode, note: 'الوزير يحضر', reason: null }
  const kenya = { requestId: 'req_2' as RequestId, delegation: 'KEN' as DelegationCode, note: 'Minister', reason: null }

  /** A store with the contract's meeting in it, for a test that needs nothing else first. */
  async function withMeeting (tokens: readonly TokenRecord[] = [token]): Promise<OpenedStore> {
    const opened = await open()
    await opened.store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, tokens, { control: bytes(1), notes: bytes(2) })
    return opened
  }

  describe(`${name} store contract`, () => {
    it('creates a meeting with its tokens and first documents', async () => {
      const { store, cleanup } = await open()
      await store.createMeeting({ id: meetingId, title: 'السلام', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      expect(await store.listMeetings()).toEqual([{ id: meetingId, title: 'السلام', createdAtMs: 1 }])
      expect(await store.findToken(token.hash)).toEqual(token)
      expect(await store.findToken('cd'.repeat(32))).toBeNull()
      expect(await store.loadDocument(meetingId, 'control')).toEqual({ updates: [bytes(1)], updatesSinceSnapshot: 0, lastSeq: expect.any(Number) })
      expect(await store.loadDocument('mtg_none' as MeetingId, 'control')).toBeNull()
      await cleanup()
    })

    it('keeps updates in order, with their audit entries, across a reopen', async () => {
      const { store, reopen, cleanup } = await withMeeting()
      await store.commitCommand(meetingId, { update: bytes(3), audit: audit('cmd-1') })
      await store.appendUpdate(meetingId, 'notes', bytes(4))
      await store.appendAudit(audit('cmd-2', false))
      await store.close()
      const again = await reopen()
      expect(await again.loadDocument(meetingId, 'control')).toMatchObject({ updates: [bytes(1), bytes(3)], updatesSinceSnapshot: 1 })
      expect((await again.loadDocument(meetingId, 'notes'))?.updates).toEqual([bytes(2), bytes(4)])
      expect(await again.findAudit(meetingId, 'actor-1', 'cmd-1')).toEqual(audit('cmd-1'))
      expect(await again.findAudit(meetingId, 'actor-2', 'cmd-1')).toBeNull()
      expect((await again.listAudit(meetingId)).map((a) => a.commandId)).toEqual(['cmd-1', 'cmd-2'])
      await again.close()
      await cleanup()
    })

    it('numbers updates in the order they land, and a document read says where it ends', async () => {
      const { store, cleanup } = await withMeeting()
      const first = await store.appendUpdate(meetingId, 'notes', bytes(3))
      const { seq } = await store.commitCommand(meetingId, { update: bytes(4), audit: audit('cmd-1') })
      const last = await store.appendUpdate(meetingId, 'notes', bytes(5))
      expect(seq).toBeGreaterThan(first)
      expect(last).toBeGreaterThan(seq!)
      expect((await store.loadDocument(meetingId, 'notes'))?.lastSeq).toBe(last)
      expect((await store.loadDocument(meetingId, 'control'))?.lastSeq).toBe(seq)
      // A command that changed no document writes its audit entry alone.
      expect(await store.commitCommand(meetingId, { audit: audit('cmd-2') })).toEqual({ seq: null, revokedTokens: [] })
      expect((await store.loadDocument(meetingId, 'control'))?.lastSeq).toBe(seq)
      await cleanup()
    })

    it('refuses a command id its audit log has, whichever way it comes, and writes nothing of it', async () => {
      const { store, cleanup } = await withMeeting([token, delegationToken('KEN', '11'.repeat(32))])
      const { seq } = await store.commitCommand(meetingId, { update: bytes(3), audit: audit('cmd-1') })
      await store.appendAudit(audit('cmd-2', false))
      const retries = [
        () => store.commitCommand(meetingId, { update: bytes(9), audit: audit('cmd-1') }),
        () => store.commitCommand(meetingId, { update: bytes(9), audit: audit('cmd-2') }),
        () => store.commitCommand(meetingId, { audit: audit('cmd-1') }),
        () => store.commitCommand(meetingId, {
          update: bytes(9),
          audit: audit('cmd-2'),
          requestTexts: [mexico],
          tokens: { kind: 'revoke', meetingId, role: 'delegation', delegation: 'KEN' as DelegationCode, atMs: 12 }
        }),
        () => store.appendAudit(audit('cmd-1', false))
      ]
      for (const retry of retries) await expect(retry()).rejects.toBeInstanceOf(CommandIdTaken)
      // Another actor's id of the same name is another command.
      await store.appendAudit({ ...audit('cmd-1'), actorId: 'actor-2' })
      expect((await store.loadDocument(meetingId, 'control'))).toMatchObject({ updates: [bytes(1), bytes(3)], lastSeq: seq })
      expect((await store.listAudit(meetingId)).map((a) => [a.actorId, a.commandId])).toEqual([['actor-1', 'cmd-1'], ['actor-1', 'cmd-2'], ['actor-2', 'cmd-1']])
      expect(await store.listRequestTexts(meetingId)).toEqual([])
      expect((await store.findToken('11'.repeat(32)))?.revokedAtMs).toBeNull()
      // The numbering goes on where it was: a refused write took no number.
      expect(await store.appendUpdate(meetingId, 'notes', bytes(4))).toBeGreaterThan(seq!)
      await cleanup()
    })

    it('keeps a refusal whose payload was not kept: its size and digest instead', async () => {
      const { store, cleanup } = await withMeeting()
      const refused: AuditEntry = { ...audit('cmd-3', false), payload: null, payloadOmitted: { bytes: 32_000, sha256: 'ef'.repeat(32) } }
      await store.appendAudit(refused)
      expect(await store.findAudit(meetingId, 'actor-1', 'cmd-3')).toEqual(refused)
      expect(await store.listAudit(meetingId)).toEqual([refused])
      await cleanup()
    })

    it('reads the audit log in pages by size, up to where it ended when the reading began', async () => {
      const { store, cleanup } = await withMeeting()
      const other = 'mtg_other' as MeetingId
      await store.createMeeting({ id: other, title: 'o', createdAtMs: 1 }, [{ ...token, hash: 'cd'.repeat(32), meetingId: other }], { control: bytes(1), notes: bytes(2) })
      expect(await store.auditHead(meetingId)).toBe(0)
      for (let i = 1; i <= 5; i++) {
        await store.appendAudit(audit(`cmd-${i}`))
        await store.appendAudit({ ...audit(`cmd-${i}`), meetingId: other })
      }
      const head = await store.auditHead(meetingId)
      await store.appendAudit(audit('cmd-late'))
      const ids: string[][] = []
      let after = 0
      for (;;) {
        // A byte budget smaller than one entry still reads one entry a page.
        const page = await store.readAudit(meetingId, after, head, 1)
        if (page.entries.length === 0) break
        expect(page.entries.every((entry) => entry.meetingId === meetingId)).toBe(true)
        ids.push(page.entries.map((entry) => entry.commandId))
        after = page.last
      }
      expect(ids).toEqual([['cmd-1'], ['cmd-2'], ['cmd-3'], ['cmd-4'], ['cmd-5']])
      expect((await store.readAudit(meetingId, 0, head, 1_000_000)).entries.map((entry) => entry.commandId)).toEqual(['cmd-1', 'cmd-2', 'cmd-3', 'cmd-4', 'cmd-5'])
      expect(await store.readAudit(meetingId, head, head, 1_000_000)).toEqual({ entries: [], last: head })
      await cleanup()
    })

    it('commits a command whole: update, audit entry, request texts and its new link together', async () => {
      const { store, cleanup } = await withMeeting([token, delegationToken('KEN', '11'.repeat(32))])
      const committed = await store.commitCommand(meetingId, {
        update: bytes(3),
        audit: audit('cmd-1'),
        requestTexts: [mexico],
        tokens: { kind: 'reissue', replacement: { ...delegationToken('KEN', '22'.repeat(32)), createdAtMs: 9 } }
      })
      expect(committed.revokedTokens).toEqual(['11'.repeat(32)])
      expect((await store.loadDocument(meetingId, 'control'))?.updates).toEqual([bytes(1), bytes(3)])
      expect(await store.findAudit(meetingId, 'actor-1', 'cmd-1')).toEqual(audit('cmd-1'))
      expect(await store.listRequestTexts(meetingId)).toEqual([mexico])
      expect((await store.findToken('11'.repeat(32)))?.revokedAtMs).toBe(9)
      expect((await store.findToken('22'.repeat(32)))?.revokedAtMs).toBeNull()

      const removed = await store.commitCommand(meetingId, {
        audit: audit('cmd-2'),
        tokens: { kind: 'revoke', meetingId, role: 'delegation', delegation: 'KEN' as DelegationCode, atMs: 12 }
      })
      expect(removed).toEqual({ seq: null, revokedTokens: ['22'.repeat(32)] })
      expect((await store.findToken('22'.repeat(32)))?.revokedAtMs).toBe(12)
      await cleanup()
    })

    it('commits nothing of a command when any part of it fails', async () => {
      const { store, cleanup } = await withMeeting([token, delegationToken('KEN', '11'.repeat(32))])
      await store.commitCommand(meetingId, { update: bytes(3), audit: audit('cmd-1') })
      // Same actor and command id again: the audit insert fails, so nothing else of it may land.
      await expect(store.commitCommand(meetingId, {
        update: bytes(9), audit: audit('cmd-1'), requestTexts: [kenya],
        tokens: { kind: 'revoke', meetingId, role: 'delegation', delegation: 'KEN' as DelegationCode, atMs: 7 }
      })).rejects.toThrow()
      // A new link whose hash is taken fails last, after the update and the audit entry were written.
      await expect(store.commitCommand(meetingId, {
        update: bytes(8), audit: audit('cmd-2'), requestTexts: [mexico],
        tokens: { kind: 'reissue', replacement: delegationToken('KEN', token.hash) }
      })).rejects.toThrow()
      expect((await store.loadDocument(meetingId, 'control'))?.updates).toEqual([bytes(1), bytes(3)])
      expect((await store.listAudit(meetingId)).map((entry) => entry.commandId)).toEqual(['cmd-1'])
      expect(await store.listRequestTexts(meetingId)).toEqual([])
      expect((await store.findToken('11'.repeat(32)))?.revokedAtMs).toBeNull()
      expect(await store.findToken(token.hash)).toEqual(token)
      await cleanup()
    })

    it('compacts a document into one snapshot', async () => {
      const { store, cleanup } = await withMeeting()
      const seq = await store.appendUpdate(meetingId, 'control', bytes(3))
      await store.compact(meetingId, 'control', bytes(1, 3), seq)
      await store.appendUpdate(meetingId, 'control', bytes(5))
      expect(await store.loadDocument(meetingId, 'control')).toMatchObject({ updates: [bytes(1, 3), bytes(5)], updatesSinceSnapshot: 1 })
      expect((await store.loadDocument(meetingId, 'notes'))?.updates).toEqual([bytes(2)])
      await cleanup()
    })

    it('compacts only up to the sequence number it is given: an update appended meanwhile is kept, after the snapshot', async () => {
      const { store, reopen, cleanup } = await withMeeting()
      await store.appendUpdate(meetingId, 'notes', bytes(3))
      // The room reads what it holds (the snapshot is made from it) …
      const read = (await store.loadDocument(meetingId, 'notes'))!
      // … a writer's change lands before the snapshot is written …
      const late = await store.appendUpdate(meetingId, 'notes', bytes(4))
      await store.appendUpdate(meetingId, 'control', bytes(9))
      // … and the snapshot replaces only what it was made from.
      await store.compact(meetingId, 'notes', bytes(2, 3), read.lastSeq)
      const after = (await store.loadDocument(meetingId, 'notes'))!
      expect(after).toEqual({ updates: [bytes(2, 3), bytes(4)], updatesSinceSnapshot: 1, lastSeq: late })
      expect((await store.loadDocument(meetingId, 'control'))?.updates).toEqual([bytes(1), bytes(9)])
      // Compacting again up to the same point changes nothing but the snapshot; the later update stays after it.
      await store.compact(meetingId, 'notes', bytes(2, 3, 3), read.lastSeq)
      await store.close()
      const again = await reopen()
      expect((await again.loadDocument(meetingId, 'notes'))?.updates).toEqual([bytes(2, 3, 3), bytes(4)])
      await again.close()
      await cleanup()
    })

    it('moves request texts in with a compaction, keeping the ones already stored', async () => {
      const { store, cleanup } = await withMeeting()
      await store.putRequestTexts(meetingId, [{ ...mexico, note: 'kept' }])
      const { lastSeq } = (await store.loadDocument(meetingId, 'control'))!
      await store.compact(meetingId, 'control', bytes(7), lastSeq, [mexico, kenya])
      expect(await store.listRequestTexts(meetingId)).toEqual([{ ...mexico, note: 'kept' }, kenya])
      expect((await store.loadDocument(meetingId, 'control'))?.updates).toEqual([bytes(7)])
      await cleanup()
    })

    it('reissues a role\'s token: the live ones are revoked, the new one stored', async () => {
      const { store, cleanup } = await withMeeting([token, delegationToken('KEN', '11'.repeat(32))])
      expect(await store.reissueToken({ ...delegationToken('KEN', '22'.repeat(32)), createdAtMs: 9 })).toEqual(['11'.repeat(32)])
      expect((await store.findToken('11'.repeat(32)))?.revokedAtMs).toBe(9)
      expect((await store.findToken('22'.repeat(32)))?.revokedAtMs).toBeNull()
      expect((await store.findToken(token.hash))?.revokedAtMs).toBeNull()
      expect(await store.reissueToken({ ...delegationToken('KEN', '33'.repeat(32)), createdAtMs: 10 })).toEqual(['22'.repeat(32)])
      await cleanup()
    })

    it('revokes a delegation\'s tokens, and a failed reissue leaves the old ones live', async () => {
      const { store, cleanup } = await withMeeting([token, delegationToken('ITA', '44'.repeat(32))])
      // The replacement's hash is taken: the revocation that came before it in the transaction is undone.
      await expect(store.reissueToken(delegationToken('ITA', token.hash))).rejects.toThrow()
      expect((await store.findToken('44'.repeat(32)))?.revokedAtMs).toBeNull()
      expect(await store.revokeTokens(meetingId, 'delegation', 'ITA' as DelegationCode, 7)).toEqual(['44'.repeat(32)])
      expect((await store.findToken('44'.repeat(32)))?.revokedAtMs).toBe(7)
      expect((await store.findToken(token.hash))?.revokedAtMs).toBeNull()
      await cleanup()
    })

    it('keeps settings', async () => {
      const { store, cleanup } = await open()
      expect(await store.getSetting('admin_token_hash')).toBeNull()
      await store.setSetting('admin_token_hash', 'x')
      await store.setSetting('admin_token_hash', 'y')
      expect(await store.getSetting('admin_token_hash')).toBe('y')
      await cleanup()
    })

    it('keeps requests\' free text per meeting across a reopen, and forgets a text emptied of both', async () => {
      const { store, reopen, cleanup } = await withMeeting()
      await store.putRequestTexts(meetingId, [mexico, kenya])
      await store.putRequestTexts(meetingId, [{ ...kenya, note: '', reason: 'The list is full.' }])
      await store.close()
      const reopened = await reopen()
      expect(await reopened.listRequestTexts(meetingId)).toEqual([mexico, { ...kenya, note: '', reason: 'The list is full.' }])
      await reopened.putRequestTexts(meetingId, [{ ...mexico, note: '' }])
      expect(await reopened.listRequestTexts(meetingId)).toEqual([{ ...kenya, note: '', reason: 'The list is full.' }])
      expect(await reopened.listRequestTexts('mtg_none' as MeetingId)).toEqual([])
      await reopened.close()
      await cleanup()
    })
  })
}
