import { describe, expect, it } from 'vitest'
import {
  ChairConsole,
  DOUBLE_PRESS_MS,
  findDelegation,
  limitText,
  memberCodeLookup,
  membersText,
  parseLimit,
  parseMembers,
  parseOnBehalfOf,
  placementForStep,
  shortcutFor,
  type KeyLike
} from '../../../client/lib/chair-console.svelte.ts'
import { speakersInOrder, type ControlState, type DelegationCode, type GroupMember, type SpeakerId } from '../../../shared/domain/index.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { useMemoryPairs, type MemoryPair } from '../../support/memory-pair.ts'
import { usePairSessions } from './pair-sessions.ts'

const press = (code: string, key: string, modifiers: Partial<KeyLike> = {}): KeyLike =>
  ({ code, key, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...modifiers })

/** Four members, so that moves have somewhere to go; rights of reply stay empty. */
const fourMembers = () => smallMeeting({
  delegations: ['KEN', 'MEX', 'NOR', 'GHA', 'CHE'].map((code) => ({ code, name: code })),
  segments: [
    { name: 'Members', defaultLimitMs: 300_000, speakers: ['KEN', 'MEX', 'NOR', 'GHA'].map((code) => ({ name: code, delegation: code })) },
    { name: 'Rights of reply', purpose: 'right-of-reply', defaultLimitMs: 180_000 }
  ]
})

const names = (state: ControlState | null) => (state === null ? [] : speakersInOrder(state).map((speaker) => speaker.name))

describe('chair console helpers', () => {
  it('maps physical keys to shortcuts, whatever the keyboard layout, and leaves browser chords alone', () => {
    expect(shortcutFor(press('KeyN', 'n'))).toBe('next')
    // The same key on an Arabic layout types "ى": still Call next.
    expect(shortcutFor(press('KeyN', 'ى'))).toBe('next')
    expect(shortcutFor(press('KeyX', 'x'))).toBe('extend30')
    expect(shortcutFor(press('KeyX', 'X', { shiftKey: true }))).toBe('extend60')
    expect(shortcutFor(press('Slash', '?', { shiftKey: true }))).toBe('help')
    expect(shortcutFor(press('KeyN', 'n', { ctrlKey: true }))).toBeNull()
    expect(shortcutFor(press('KeyN', 'n', { altKey: true }))).toBeNull()
    expect(shortcutFor(press('KeyQ', 'q'))).toBeNull()
  })

  it('reads limits as minutes or m:ss, empty as the segment default', () => {
    expect(parseLimit('4')).toBe(240_000)
    expect(parseLimit(' 4:30 ')).toBe(270_000)
    expect(parseLimit('0:45')).toBe(45_000)
    expect(parseLimit('')).toBeNull()
    expect(parseLimit('4:75')).toBeUndefined()
    expect(parseLimit('four')).toBeUndefined()
    expect(limitText(270_000)).toBe('4:30')
    expect(limitText(null)).toBe('')
  })

  it('finds a delegation by code in any case or by exact name, and parses a group', () => {
    const delegations = [{ code: 'FIN' as DelegationCode, name: 'Finland' }]
    expect(findDelegation(delegations, 'fin')?.name).toBe('Finland')
    expect(findDelegation(delegations, 'Finland')?.code).toBe('FIN')
    expect(findDelegation(delegations, 'Fin')?.code).toBe('FIN')
    expect(findDelegation(delegations, 'Norway')).toBeNull()
    const isCode = memberCodeLookup([...delegations, { code: 'XKX' as DelegationCode, name: 'A delegation typed by hand' }])
    expect(parseOnBehalfOf(' Nordic countries ', 'dnk, FIN،isl  nor', isCode)).toEqual({ group: 'Nordic countries', members: ['DNK', 'FIN', 'ISL', 'NOR'] })
    expect(parseOnBehalfOf('', 'DNK', isCode)).toBeNull()
  })

  it('reads a member the roster does not list as a name, and writes members back as the chair typed them', () => {
    const isCode = memberCodeLookup([{ code: 'XKX' as DelegationCode, name: 'A delegation typed by hand' }])
    const members = parseMembers('FIN; tur, Cook Islands\nxkx، Åland Islands', isCode)
    expect(members).toEqual(['FIN', 'TUR', { name: 'Cook Islands' }, 'XKX', { name: 'Åland Islands' }])
    expect(membersText(members)).toBe('FIN, TUR, Cook Islands, XKX, Åland Islands')
    expect(parseMembers(membersText(members), isCode)).toEqual(members)
    // A name that happens to contain a code's letters is still a name.
    expect(parseMembers('Fin Land', isCode)).toEqual([{ name: 'Fin Land' }])
  })
})

describe('the chair console over a live session', () => {
  const startPair = useMemoryPairs()
  const openSession = usePairSessions()
  let pair: MemoryPair
  const start = async (description = fourMembers()) => {
    pair = await startPair(description)
    return pair.meeting
  }
  const open = (token: string) => {
    const session = openSession(pair, token)
    // The double-press window is measured on the pair's clock too.
    return new ChairConsole(session, { localNowMs: () => pair.localNowMs() })
  }
  /** Delivers everything, then gives what `action` resolved with. */
  const settled = <T>(action: T | Promise<T>) => pair.settle(action)

  it('calls one speaker for a double press of Call next, and refuses to call during the double-press window', async () => {
    const meeting = await start()
    const chair = open(meeting.tokens.chair)
    await pair.flush()
    expect(chair.session.connection).toBe('live')
    expect(chair.allowed).toBe(true)
    expect(await settled(chair.setMeeting('open'))).toBe(true)

    const [first, second] = await settled(Promise.all([chair.callNext(), chair.callNext()]))
    expect([first, second]).toEqual([true, false])
    expect(chair.session.floor?.speaker?.name).toBe('KEN')
    // The screen has caught up and shows MEX as next, but a press this soon is still the same press.
    pair.advance(DOUBLE_PRESS_MS - 1)
    expect(await settled(chair.callNext())).toBe(false)
    expect(Object.keys(chair.state?.statements ?? {})).toHaveLength(1)
    expect(chair.session.lastError).toBeNull()
    // Once the window has passed, a press is a decision again.
    pair.advance(1)
    expect(await settled(chair.callNext())).toBe(true)
    expect(chair.session.floor?.speaker?.name).toBe('MEX')
  })

  it('runs the clock: start, pause, resume by one toggle, and extends the limit', async () => {
    const meeting = await start()
    const chair = open(meeting.tokens.chair)
    await pair.flush()
    expect(await settled(chair.toggleClock())).toBe(false)
    await settled(chair.setMeeting('open'))
    await settled(chair.session.run('floor:next', { expectedSpeakerId: chair.session.nextSpeaker?.id as SpeakerId, startTimer: false }))
    expect(chair.session.floor).not.toBeNull()
    for (const expected of ['running', 'paused', 'running'] as const) {
      expect(await settled(chair.toggleClock())).toBe(true)
      expect(chair.state?.timer.state).toBe(expected)
    }
    expect(await settled(chair.perform('extend30'))).toBe(true)
    expect(chair.state?.timer.limitMs).toBe(330_000)
    expect(await settled(chair.perform('extend60'))).toBe(true)
    expect(chair.state?.timer.limitMs).toBe(390_000)

    // A point of order pauses the speaker's clock; closing it gives the floor back, clock running.
    expect(await settled(chair.raisePointOfOrder('MEX', 'MEX' as DelegationCode))).toBe(true)
    expect(chair.pointOfOrderOpen).toBe(true)
    expect(chair.state?.floor.interrupted?.timer.state).toBe('paused')
    expect(await settled(chair.closePointOfOrder())).toBe(true)
    expect(chair.pointOfOrderOpen).toBe(false)
    expect(chair.state?.timer.state).toBe('running')

    expect(await settled(chair.endStatement())).toBe(true)
    expect(chair.session.floor).toBeNull()
  })

  it('reorders by steps and by drag and drop, always with one speaker:move, seen by another screen', async () => {
    const meeting = await start()
    const chair = open(meeting.tokens.chair)
    const screen = pair.open(meeting.tokens.public)
    await pair.flush()
    const id = (name: string) => Object.values(chair.state?.speakers ?? {}).find((s) => s.name === name)?.id as SpeakerId

    expect(await settled(chair.step(id('KEN'), 1))).toBe(true)
    expect(names(screen.state).join()).toBe('MEX,KEN,NOR,GHA')
    expect(chair.lastMoved).toBe(id('KEN'))
    expect(names(chair.state).join()).toBe('MEX,KEN,NOR,GHA')
    expect(await settled(chair.step(id('MEX'), -1))).toBe(false)
    expect(await settled(chair.step(id('GHA'), -1))).toBe(true)
    expect(names(screen.state).join()).toBe('MEX,KEN,GHA,NOR')

    chair.startDrag(id('NOR'))
    expect(chair.dragging).toBe(id('NOR'))
    chair.dragOver({ segmentId: chair.state?.speakers[id('NOR')]?.segmentId as never, afterId: null })
    expect(await settled(chair.drop())).toBe(true)
    expect(chair.dragging).toBeNull()
    expect(names(screen.state).join()).toBe('NOR,MEX,KEN,GHA')
    // A drop with nowhere to go, or on itself, sends nothing.
    expect(await chair.drop()).toBe(false)
    chair.startDrag(id('KEN'))
    chair.dragOver({ segmentId: chair.state?.speakers[id('KEN')]?.segmentId as never, afterId: id('KEN') })
    expect(await chair.drop()).toBe(false)
    expect(pair.pending()).toEqual([])
  })

  it('offers a reason after a move against the rule until the chair moves on to anything but another move', async () => {
    const meeting = await start(smallMeeting({
      delegations: ['KEN', 'MEX', 'NOR'].map((code) => ({ code, name: code })),
      segments: [{ name: 'Members', orderingRule: 'inscription', speakers: ['KEN', 'MEX', 'NOR'].map((code) => ({ name: code, delegation: code })) }]
    }))
    const chair = open(meeting.tokens.chair)
    await pair.flush()
    const id = (name: string) => Object.values(chair.state?.speakers ?? {}).find((s) => s.name === name)?.id as SpeakerId
    expect(await settled(chair.step(id('KEN'), 1))).toBe(true)
    expect(chair.reasonFor).toBe(id('KEN'))
    // Moving on with the same row keeps the offer; the next action of another kind is the sign it was read.
    expect(await settled(chair.step(id('KEN'), 1))).toBe(true)
    expect(chair.reasonFor).toBe(id('KEN'))
    expect(await settled(chair.setMeeting('open'))).toBe(true)
    expect(chair.reasonFor).toBeNull()
  })

  it('steps over spoken and withdrawn speakers, which keep their places', async () => {
    const meeting = await start()
    const chair = open(meeting.tokens.chair)
    await pair.flush()
    await settled(chair.setMeeting('open'))
    await settled(chair.callNext())
    const state = () => chair.state as ControlState
    const id = (name: string) => Object.values(state().speakers).find((s) => s.name === name)?.id as SpeakerId
    await settled(chair.setStatus(id('NOR'), 'withdraw'))
    expect(state().speakers[id('NOR')]?.status).toBe('withdrawn')
    expect(state().speakers[id('KEN')]?.status).toBe('speaking')
    // MEX is the first waiting speaker: up is nowhere; down passes over the withdrawn NOR to after GHA.
    expect(placementForStep(state(), id('MEX'), -1)).toBeNull()
    expect(placementForStep(state(), id('MEX'), 1)?.afterId).toBe(id('GHA'))
    expect(placementForStep(state(), id('GHA'), -1)?.afterId).toBe(id('KEN'))
    expect(await settled(chair.setStatus(id('NOR'), 'restore'))).toBe(true)
  })

  it('adds and edits speakers, and moves one to another segment', async () => {
    const meeting = await start()
    const chair = open(meeting.tokens.chair)
    await pair.flush()
    const [members, replies] = chair.session.segments.map((group) => group.segment.id)
    if (!members || !replies) throw new Error('two segments expected')
    expect(await settled(chair.addSpeaker({ segmentId: members, name: 'Switzerland', delegation: 'CHE' as DelegationCode, limitMs: 180_000 }))).toBe(true)
    expect(names(chair.state).at(-1)).toBe('Switzerland')
    const swiss = Object.values(chair.state?.speakers ?? {}).find((s) => s.name === 'Switzerland')
    if (!swiss) throw new Error('not added')
    expect(swiss.limitMs).toBe(180_000)

    const group = parseOnBehalfOf('Alpine group', 'CHE, NOR, Liechtenstein Alpine Club', memberCodeLookup(chair.state?.delegations ?? []))
    expect(group?.members).toEqual(['CHE', 'NOR', { name: 'Liechtenstein Alpine Club' }])
    expect(await settled(chair.saveSpeaker(swiss.id, { kind: 'non-member', onBehalfOf: group, limitMs: null }, replies))).toBe(true)
    expect(chair.state?.speakers[swiss.id]?.segmentId).toBe(replies)
    expect(chair.state?.speakers[swiss.id]).toMatchObject({ kind: 'non-member', onBehalfOf: group, limitMs: null })
  })

  it('defines, edits and removes the meeting\'s groups', async () => {
    const chair = open((await start()).tokens.chair)
    await pair.flush()
    expect(await settled(chair.addGroup({ name: 'Nordic countries', members: ['DNK', 'FIN'] as DelegationCode[] }))).toBe(true)
    expect(chair.state?.groups).toHaveLength(1)
    const [group] = chair.state?.groups ?? []
    expect(await settled(chair.updateGroup(group!.id, { members: ['DNK', 'FIN', { name: 'Åland Islands' }] as GroupMember[] }))).toBe(true)
    expect(chair.state?.groups[0]?.members).toHaveLength(3)
    expect(await settled(chair.addGroup({ name: 'Unknown', members: ['ATL'] as DelegationCode[] }))).toBe(false)
    expect(chair.session.lastError).toBe('UNKNOWN_DELEGATION')
    expect(await settled(chair.removeGroup(group!.id))).toBe(true)
    expect(chair.state?.groups).toHaveLength(0)
  })

  it('shows inscription requests in the inbox and accepts or declines them', async () => {
    const meeting = await start()
    const chair = open(meeting.tokens.chair)
    const swiss = pair.open(meeting.tokens.delegations.CHE ?? '')
    await pair.flush()
    expect(chair.pendingRequests).toEqual([])
    expect((await settled(swiss.command('request:create', { delegation: 'CHE' as DelegationCode, type: 'inscription' }))).ok).toBe(true)
    expect(chair.pendingRequests).toHaveLength(1)
    const [request] = chair.pendingRequests
    expect(await settled(chair.acceptRequest(request!.id))).toBe(true)
    expect(chair.pendingRequests).toEqual([])
    expect(names(chair.state)).toContain('CHE')

    expect((await settled(swiss.command('request:create', { delegation: 'CHE' as DelegationCode, type: 'right-of-reply' }))).ok).toBe(true)
    expect(chair.pendingRequests).toHaveLength(1)
    expect(await settled(chair.declineRequest(chair.pendingRequests[0]!.id))).toBe(true)
    expect(chair.pendingRequests).toEqual([])
    expect(Object.values(chair.state?.requests ?? {}).map((r) => r.status).sort()).toEqual(['accepted', 'declined'])
  })

  it('closes and reopens the list, runs the meeting, and projects the end of the list', async () => {
    const meeting = await start()
    const chair = open(meeting.tokens.chair)
    await pair.flush()
    expect(chair.schedule?.projectedEndMs).not.toBeNull()
    expect(Object.keys(chair.schedule?.etas ?? {})).toHaveLength(4)
    expect(await settled(chair.setListClosed(true))).toBe(true)
    expect(chair.state?.meeting.listClosed).toBe(true)
    expect(await settled(chair.setListClosed(false))).toBe(true)
    expect(chair.state?.meeting.listClosed).toBe(false)
    for (const [action, status] of [['open', 'open'], ['suspend', 'suspended'], ['resume', 'open'], ['adjourn', 'adjourned']] as const) {
      expect(await settled(chair.setMeeting(action))).toBe(true)
      expect(chair.state?.meeting.status).toBe(status)
    }
  })

  it('toggles the help overlay by its shortcut, and is not allowed to act on a public link', async () => {
    const meeting = await start()
    const watcher = open(meeting.tokens.public)
    await pair.flush()
    expect(watcher.allowed).toBe(false)
    expect(watcher.perform('list')).toBeNull()
    expect(await watcher.perform('help')).toBe(true)
    expect(watcher.helpOpen).toBe(true)
    watcher.setHelpOpen(false)
    expect(watcher.helpOpen).toBe(false)
    expect(await settled(watcher.setMeeting('open'))).toBe(false)
    expect(watcher.session.lastError).toBe('FORBIDDEN')
  })
})
