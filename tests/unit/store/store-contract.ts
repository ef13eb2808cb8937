import { describe, expect, it } from 'vitest'
import type { DelegationCode, MeetingId, RequestId } from '../../../shared/domain/types.ts'
import type { AuditEntry, Store, TokenRecord } from '../../../server/store/store.ts'

/** What every Store must do. A new store (PostgreSQL, …) runs this same suite. */
export function storeContract (name: string, open: () => { store: Store; reopen: () => Store; cleanup: () => void }): void {
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
    result: ok ? { ok: true, data: { statementId: 'stm_1' } } : { ok: false, error: { code: 'FLOOR_EMPTY', message: 'Nobody has the floor.' } },
    atMs: 5
  })
  const bytes = (...values: number[]) => new Uint8Array(values)

  describe(`${name} store contract`, () => {
    it('creates a meeting with its tokens and first documents', () => {
      const { store, cleanup } = open()
      store.createMeeting({ id: meetingId, title: 'السلام', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      expect(store.listMeetings()).toEqual([{ id: meetingId, title: 'السلام', createdAtMs: 1 }])
      expect(store.findToken(token.hash)).toEqual(token)
      expect(store.findToken('cd'.repeat(32))).toBeNull()
      expect(store.loadDocument(meetingId, 'control')).toEqual({ updates: [bytes(1)], updatesSinceSnapshot: 0 })
      expect(store.loadDocument('mtg_none' as MeetingId, 'control')).toBeNull()
      cleanup()
    })

    it('keeps updates in order, with their audit entries, across a reopen', () => {
      const { store, reopen, cleanup } = open()
      store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      store.appendUpdate(meetingId, 'control', bytes(3), audit('cmd-1'))
      store.appendUpdate(meetingId, 'notes', bytes(4))
      store.appendAudit(audit('cmd-2', false))
      store.close()
      const again = reopen()
      expect(again.loadDocument(meetingId, 'control')).toEqual({ updates: [bytes(1), bytes(3)], updatesSinceSnapshot: 1 })
      expect(again.loadDocument(meetingId, 'notes')?.updates).toEqual([bytes(2), bytes(4)])
      expect(again.findAudit(meetingId, 'actor-1', 'cmd-1')).toEqual(audit('cmd-1'))
      expect(again.findAudit(meetingId, 'actor-2', 'cmd-1')).toBeNull()
      expect(again.listAudit(meetingId).map((a) => a.commandId)).toEqual(['cmd-1', 'cmd-2'])
      again.close()
      cleanup()
    })

    it('keeps a refusal whose payload was not kept: its size and digest instead', () => {
      const { store, cleanup } = open()
      store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      const refused: AuditEntry = { ...audit('cmd-3', false), payload: null, payloadOmitted: { bytes: 32_000, sha256: 'ef'.repeat(32) } }
      store.appendAudit(refused)
      expect(store.findAudit(meetingId, 'actor-1', 'cmd-3')).toEqual(refused)
      expect(store.listAudit(meetingId)).toEqual([refused])
      cleanup()
    })

    it('reads the audit log in pages by size, up to where it ended when the reading began', () => {
      const { store, cleanup } = open()
      store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      const other = 'mtg_other' as MeetingId
      store.createMeeting({ id: other, title: 'o', createdAtMs: 1 }, [{ ...token, hash: 'cd'.repeat(32), meetingId: other }], { control: bytes(1), notes: bytes(2) })
      expect(store.auditHead(meetingId)).toBe(0)
      for (let i = 1; i <= 5; i++) {
        store.appendAudit(audit(`cmd-${i}`))
        store.appendAudit({ ...audit(`cmd-${i}`), meetingId: other })
      }
      const head = store.auditHead(meetingId)
      store.appendAudit(audit('cmd-late'))
      const ids: string[][] = []
      let after = 0
      for (;;) {
        // A byte budget smaller than one entry still reads one entry a page.
        const page = store.readAudit(meetingId, after, head, 1)
        if (page.entries.length === 0) break
        expect(page.entries.every((entry) => entry.meetingId === meetingId)).toBe(true)
        ids.push(page.entries.map((entry) => entry.commandId))
        after = page.last
      }
      expect(ids).toEqual([['cmd-1'], ['cmd-2'], ['cmd-3'], ['cmd-4'], ['cmd-5']])
      expect(store.readAudit(meetingId, 0, head, 1_000_000).entries.map((entry) => entry.commandId)).toEqual(['cmd-1', 'cmd-2', 'cmd-3', 'cmd-4', 'cmd-5'])
      expect(store.readAudit(meetingId, head, head, 1_000_000)).toEqual({ entries: [], last: head })
      cleanup()
    })

    it('writes an update and its audit entry together or not at all', () => {
      const { store, cleanup } = open()
      store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      store.appendUpdate(meetingId, 'control', bytes(3), audit('cmd-1'))
      // Same actor and command id again: the audit insert fails, so the update must not land either.
      expect(() => store.appendUpdate(meetingId, 'control', bytes(9), audit('cmd-1'))).toThrow()
      expect(store.loadDocument(meetingId, 'control')?.updates).toEqual([bytes(1), bytes(3)])
      cleanup()
    })

    it('compacts a document into one snapshot', () => {
      const { store, cleanup } = open()
      store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      store.appendUpdate(meetingId, 'control', bytes(3))
      store.compact(meetingId, 'control', bytes(1, 3))
      store.appendUpdate(meetingId, 'control', bytes(5))
      expect(store.loadDocument(meetingId, 'control')).toEqual({ updates: [bytes(1, 3), bytes(5)], updatesSinceSnapshot: 1 })
      expect(store.loadDocument(meetingId, 'notes')?.updates).toEqual([bytes(2)])
      cleanup()
    })

    it('reissues a role\'s token: the live ones are revoked, the new one stored', () => {
      const { store, cleanup } = open()
      const kenya = (hash: string): TokenRecord => ({ hash, meetingId, role: 'delegation', delegation: 'KEN' as TokenRecord['delegation'], createdAtMs: 1, revokedAtMs: null })
      store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, [token, kenya('11'.repeat(32))], { control: bytes(1), notes: bytes(2) })
      expect(store.reissueToken({ ...kenya('22'.repeat(32)), createdAtMs: 9 })).toEqual(['11'.repeat(32)])
      expect(store.findToken('11'.repeat(32))?.revokedAtMs).toBe(9)
      expect(store.findToken('22'.repeat(32))?.revokedAtMs).toBeNull()
      expect(store.findToken(token.hash)?.revokedAtMs).toBeNull()
      expect(store.reissueToken({ ...kenya('33'.repeat(32)), createdAtMs: 10 })).toEqual(['22'.repeat(32)])
      cleanup()
    })

    it('revokes a delegation\'s tokens, and writes all of an atomic block or none of it', () => {
      const { store, cleanup } = open()
      const italy = (hash: string): TokenRecord => ({ hash, meetingId, role: 'delegation', delegation: 'ITA' as TokenRecord['delegation'], createdAtMs: 1, revokedAtMs: null })
      store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      expect(() => store.atomically(() => {
        store.appendUpdate(meetingId, 'control', bytes(3))
        store.reissueToken(italy('44'.repeat(32)))
        throw new Error('the disk is full')
      })).toThrow('the disk is full')
      expect(store.findToken('44'.repeat(32))).toBeNull()
      expect(store.loadDocument(meetingId, 'control')?.updates).toEqual([bytes(1)])
      expect(store.atomically(() => store.reissueToken(italy('55'.repeat(32))))).toEqual([])
      expect(store.revokeTokens(meetingId, 'delegation', 'ITA' as TokenRecord['delegation'], 7)).toEqual(['55'.repeat(32)])
      expect(store.findToken('55'.repeat(32))?.revokedAtMs).toBe(7)
      expect(store.findToken(token.hash)?.revokedAtMs).toBeNull()
      cleanup()
    })

    it('keeps settings', () => {
      const { store, cleanup } = open()
      expect(store.getSetting('admin_token_hash')).toBeNull()
      store.setSetting('admin_token_hash', 'x')
      store.setSetting('admin_token_hash', 'y')
      expect(store.getSetting('admin_token_hash')).toBe('y')
      cleanup()
    })

    it('keeps requests\' free text per meeting across a reopen, and forgets a text emptied of both', () => {
      const { store, reopen, cleanup } = open()
      store.createMeeting({ id: meetingId, title: 't', createdAtMs: 1 }, [token], { control: bytes(1), notes: bytes(2) })
      const mexico = { requestId: 'req_1' as RequestId, delegation: 'MEX' as DelegationCode, note: 'الوزير يحضر', reason: null }
      const kenya = { requestId: 'req_2' as RequestId, delegation: 'KEN' as DelegationCode, note: 'Minister', reason: null }
      store.putRequestTexts(meetingId, [mexico, kenya])
      store.putRequestTexts(meetingId, [{ ...kenya, note: '', reason: 'The list is full.' }])
      store.close()
      const reopened = reopen()
      expect(reopened.listRequestTexts(meetingId)).toEqual([mexico, { ...kenya, note: '', reason: 'The list is full.' }])
      reopened.putRequestTexts(meetingId, [{ ...mexico, note: '' }])
      expect(reopened.listRequestTexts(meetingId)).toEqual([{ ...kenya, note: '', reason: 'The list is full.' }])
      expect(reopened.listRequestTexts('mtg_none' as MeetingId)).toEqual([])
      reopened.close()
      cleanup()
    })
  })
}
