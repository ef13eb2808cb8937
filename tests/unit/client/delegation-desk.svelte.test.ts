import { afterEach, describe, expect, it } from 'vitest'
import { DelegationDesk, dueAlerts, type AlertNotifier, type DeskAlert, type NotificationState } from '../../../client/lib/delegation-desk.svelte.ts'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { tagStatement } from '../../../shared/doc/notes.ts'
import { resolveRoomSessions, type ControlState, type DelegationCode, type RequestId } from '../../../shared/domain/index.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { useMemoryPairs, type MemoryPair } from '../../support/memory-pair.ts'
import { callNext } from './call-next.ts'

/** A Notification API stand-in: the test decides the permission and reads what was shown. */
function fakeNotifier (initial: NotificationState, grant: NotificationState = 'granted') {
  let permission = initial
  const shown: { title: string; body: string; tag: string }[] = []
  const notifier: AlertNotifier = {
    permission: () => permission,
    requestPermission: async () => { permission = grant; return permission },
    show: (title, body, tag) => { shown.push({ title, body, tag }) }
  }
  return { notifier, shown }
}

const describeAlert = (alert: DeskAlert) => ({ title: alert.kind, body: alert.name })

/** Five speakers before Norway, so it passes "three ahead" and then "next" as the chair calls them. */
const longList = () => smallMeeting({
  delegations: ['KEN', 'MEX', 'NOR', 'GHA', 'BRA', 'IND'].map((code) => ({ code, name: code })),
  segments: [
    { name: 'Members', defaultLimitMs: 300_000, speakers: ['KEN', 'MEX', 'GHA', 'BRA', 'IND', 'NOR'].map((code) => ({ name: code, delegation: code })) },
    { name: 'Rights of reply', purpose: 'right-of-reply', defaultLimitMs: 180_000 }
  ]
})

describe('the delegation desk (requests, alerts and tags over the session)', () => {
  const startPair = useMemoryPairs()
  const opened: { desk: DelegationDesk; session: MeetingSession }[] = []
  let pair: MemoryPair
  const open = (token: string, notifier: AlertNotifier | null = null) => {
    const client = pair.open(token)
    const session = new MeetingSession(client, { ticker: pair.ticker })
    const desk = new DelegationDesk(session, { notifier, describe: describeAlert })
    opened.push({ desk, session })
    return { desk, session, client }
  }
  const settled = <T>(action: T | Promise<T>) => pair.settle(action)
  const live = async (...sessions: MeetingSession[]) => {
    await pair.flush()
    expect(sessions.map((session) => session.connection)).toEqual(sessions.map(() => 'live'))
  }
  afterEach(() => {
    for (const { desk, session } of opened.splice(0)) {
      desk.destroy()
      session.destroy()
    }
  })

  it('shows a request as received at once, then as the chair decides, and places the entry with an ETA', async () => {
    pair = await startPair(smallMeeting())
    const meeting = pair.meeting
    const chair = open(meeting.tokens.chair)
    const norway = open(meeting.tokens.delegations.NOR ?? '')
    await live(chair.session, norway.session)
    expect(norway.desk.delegation).toBe('NOR')
    expect(norway.desk.ownEntries).toEqual([])
    expect(norway.desk.canRequestInscription).toBe(true)

    // The state travels before the ack: the receipt is there when the request's promise resolves.
    let atAck: string | undefined
    const sent = norway.desk.requestInscription().then((ok) => { atAck = norway.desk.requests[0]?.status; return ok })
    expect(norway.desk.sending).toBe('inscription')
    expect(await settled(sent)).toBe(true)
    expect(atAck).toBe('pending')
    const [receipt] = norway.desk.requests
    expect(receipt?.status).toBe('pending')
    expect(receipt?.type).toBe('inscription')
    expect(norway.desk.sending).toBeNull()
    expect(norway.desk.canRequestInscription).toBe(false)
    expect(norway.desk.canRequestReply).toBe(true)

    expect(await settled(chair.session.run('request:accept', { requestId: receipt?.id as RequestId }))).toBe(true)
    expect(norway.desk.requests[0]?.status).toBe('accepted')
    expect(norway.desk.ownEntries).toHaveLength(1)
    const [entry] = norway.desk.ownEntries
    expect(entry?.speaker.name).toBe('Norway')
    expect(entry?.eta?.position).toBe(3)
    expect(entry?.eta?.aheadCount).toBe(2)
    // Two five-minute statements before it, counted from the clock reading the desk used.
    expect(entry?.eta?.expectedStartMs).toBeGreaterThan(norway.session.nowMs + 9 * 60_000)
    expect(norway.desk.groups[0]?.rows.map((row) => row.own)).toEqual([false, false, true])
    expect(norway.desk.canRequestInscription).toBe(false)

    expect(await settled(norway.desk.withdrawEntry(entry!.speaker.id))).toBe(true)
    expect(norway.desk.ownEntries).toEqual([])
    expect(norway.desk.canRequestInscription).toBe(true)
  })

  it('lets a delegation withdraw its pending request, and refuses nothing silently', async () => {
    pair = await startPair(smallMeeting())
    const kenya = open(pair.meeting.tokens.delegations.KEN ?? '')
    await live(kenya.session)
    expect(await settled(kenya.desk.requestReply())).toBe(true)
    expect(kenya.desk.canRequestReply).toBe(false)
    expect(await settled(kenya.desk.withdrawRequest(kenya.desk.requests[0]!.id))).toBe(true)
    expect(kenya.desk.requests[0]?.status).toBe('withdrawn')
    expect(kenya.desk.canRequestReply).toBe(true)
    // Kenya is already waiting in a statement segment: the server would call this a duplicate.
    expect(kenya.desk.canRequestInscription).toBe(false)
    expect(await settled(kenya.desk.requestInscription())).toBe(false)
    expect(kenya.session.lastError).toBe('DUPLICATE_REQUEST')
  })

  it('alerts once at three ahead and once when next, in the page and through a permitted notifier', async () => {
    pair = await startPair(longList())
    const meeting = pair.meeting
    const chair = open(meeting.tokens.chair)
    const { notifier, shown } = fakeNotifier('default')
    const norway = open(meeting.tokens.delegations.NOR ?? '', notifier)
    await live(chair.session, norway.session)
    expect(norway.desk.notifications).toBe('default')
    await norway.desk.enableNotifications()
    expect(norway.desk.notifications).toBe('granted')
    expect(await settled(chair.session.run('meeting:open', {}))).toBe(true)

    expect(await settled(callNext(chair.session))).toBe(true)
    expect(norway.desk.ownEntries[0]?.eta?.aheadCount).toBe(4)
    expect(norway.desk.alert).toBeNull()

    expect(await settled(callNext(chair.session))).toBe(true)
    expect(norway.desk.alert).toMatchObject({ kind: 'three-ahead', name: 'NOR' })
    norway.desk.dismissAlert()
    expect(await settled(callNext(chair.session))).toBe(true)
    expect(norway.desk.ownEntries[0]?.eta?.aheadCount).toBe(2)
    // Still within three: the same entry is not alerted twice.
    expect(norway.desk.alert).toBeNull()

    expect(await settled(callNext(chair.session))).toBe(true)
    expect(await settled(callNext(chair.session))).toBe(true)
    expect(norway.desk.alert?.kind).toBe('next')
    expect(shown.map((notification) => notification.title)).toEqual(['three-ahead', 'next'])

    // Once its entry has the floor, the "next" alert has done its job.
    expect(await settled(callNext(chair.session))).toBe(true)
    expect(norway.desk.ownEntries[0]?.speaker.status).toBe('speaking')
    expect(norway.desk.alert).toBeNull()
  })

  it('shows no browser notification without permission, but still alerts in the page', async () => {
    pair = await startPair(longList())
    const meeting = pair.meeting
    const { notifier, shown } = fakeNotifier('denied')
    const india = open(meeting.tokens.delegations.IND ?? '', notifier)
    await live(india.session)
    // India is fifth of six: four ahead, so opening the page alerts nothing yet.
    expect(india.desk.alert).toBeNull()
    const chair = open(meeting.tokens.chair)
    await live(chair.session)
    expect(await settled(chair.session.run('meeting:open', {}))).toBe(true)
    expect(await settled(callNext(chair.session))).toBe(true)
    expect(india.desk.alert?.kind).toBe('three-ahead')
    expect(shown).toEqual([])
  })

  it('gives the delivered statements with the guiding questions note-takers tagged', async () => {
    pair = await startPair(smallMeeting())
    const meeting = pair.meeting
    const chair = open(meeting.tokens.chair)
    const audience = open(meeting.tokens.public)
    await live(chair.session, audience.session)
    expect(audience.desk.delegation).toBeNull()
    expect(audience.desk.canRequestInscription).toBe(false)
    expect(audience.desk.canRequestReply).toBe(false)
    expect(await settled(audience.desk.requestInscription())).toBe(false)

    expect(await settled(chair.session.run('meeting:open', {}))).toBe(true)
    expect(await settled(callNext(chair.session))).toBe(true)
    expect(await settled(chair.session.run('floor:end', {}))).toBe(true)
    expect(audience.desk.delivered).toHaveLength(1)
    const statement = audience.desk.delivered[0]!.statement
    expect(statement.name).toBe('Kenya')
    expect(audience.desk.delivered[0]?.questions).toEqual([])

    const questions = chair.session.state!.questions
    const author = { id: 'chair-1', name: 'Secretariat' }
    // Tagged twice for (b), by two authors: the desk shows each question once, in the concept note's order.
    tagStatement(chair.client.notes, statement.id, questions[1]!.id, author, pair.nowMs)
    tagStatement(chair.client.notes, statement.id, questions[1]!.id, { id: 'nt-2', name: 'Rapporteur' }, pair.nowMs)
    tagStatement(chair.client.notes, statement.id, questions[0]!.id, author, pair.nowMs)
    expect(audience.desk.delivered[0]?.questions).toEqual([])
    await pair.flush()
    expect(audience.desk.delivered[0]?.questions.map((question) => question.label)).toEqual(['a', 'b'])
  })

  it('counts waiting time only inside the room hours', async () => {
    const nowMs = Date.UTC(2026, 10, 30, 9, 0)
    // A sitting that starts two hours from now (UTC), so the first speaker waits for it.
    const start = new Date(nowMs + 2 * 3600_000)
    const hhmm = (date: Date) => `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`
    const roomHours = [{ start: hhmm(start), end: hhmm(new Date(start.getTime() + 3600_000)) }]
    pair = await startPair(smallMeeting({ timeZone: 'UTC', roomHours }), { nowMs })
    const kenya = open(pair.meeting.tokens.delegations.KEN ?? '')
    await live(kenya.session)
    expect(kenya.desk.ownEntries).toHaveLength(1)
    const sittingStartMs = resolveRoomSessions(roomHours, 'UTC', kenya.session.nowMs, 2).find((s) => s.startMs > kenya.session.nowMs)?.startMs
    expect(sittingStartMs).toBe(start.getTime())
    expect(kenya.desk.ownEntries[0]?.eta?.expectedStartMs).toBe(sittingStartMs)
  })
})

describe('when alerts fall due', () => {
  const NOR = 'NOR' as DelegationCode
  const queue = (codes: string[]) => ({
    // The id follows the delegation, as the same entry moves up the list.
    speakers: Object.fromEntries(codes.map((code, index) => [`spk-${code}`, {
      id: `spk-${code}`, segmentId: 'seg', orderKey: `a${index}`, name: code, delegation: code, kind: 'member',
      onBehalfOf: null, protocolRank: null, limitMs: null, status: 'waiting', addedAtMs: 0
    }])),
    segments: { seg: { id: 'seg', name: 'Members', defaultLimitMs: null, orderingRule: 'fixed', purpose: 'statement', orderKey: 'a0' } }
  }) as unknown as ControlState

  it('gives only "next" to an entry that jumps to the head of the list, and nothing twice', () => {
    const fired = new Set<string>()
    expect(dueAlerts(queue(['KEN', 'MEX', 'GHA', 'BRA', 'NOR']), NOR, fired)).toEqual([])
    expect(dueAlerts(queue(['NOR', 'KEN']), NOR, fired).map((alert) => alert.kind)).toEqual(['next'])
    expect(dueAlerts(queue(['KEN', 'NOR']), NOR, fired)).toEqual([])
  })

  it('alerts at three ahead, then next', () => {
    const fired = new Set<string>()
    expect(dueAlerts(queue(['KEN', 'MEX', 'GHA', 'NOR']), NOR, fired).map((alert) => alert.kind)).toEqual(['three-ahead'])
    expect(dueAlerts(queue(['MEX', 'GHA', 'NOR']), NOR, fired)).toEqual([])
    expect(dueAlerts(queue(['NOR']), NOR, fired).map((alert) => alert.kind)).toEqual(['next'])
  })
})
