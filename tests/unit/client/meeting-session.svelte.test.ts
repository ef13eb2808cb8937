import { flushSync } from 'svelte'
import { describe, expect, it } from 'vitest'
import { PRESENCE_INTERVAL_MS } from '../../../server/core/presence.ts'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import type { QuestionId } from '../../../shared/domain/types.ts'
import { useMemoryPairs } from '../../support/memory-pair.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { eventually, useTestServer } from '../../support/server.ts'
import { callNext } from './call-next.ts'
import { usePairSessions } from './pair-sessions.ts'

describe('the meeting session (runes over a replica; the test delivers every message)', () => {
  const startPair = useMemoryPairs()
  const open = usePairSessions()

  it('follows the floor as the chair calls speakers, and reports refusals', async () => {
    const pair = await startPair(smallMeeting())
    const chair = open(pair, pair.meeting.tokens.chair)
    const screen = open(pair, pair.meeting.tokens.public)
    expect([chair.connection, screen.connection]).toEqual(['connecting', 'connecting'])
    await pair.flush()
    expect([chair.connection, screen.connection]).toEqual(['live', 'live'])
    expect(screen.nextSpeaker?.name).toBe('Kenya')
    expect(screen.floor).toBeNull()

    expect(await pair.settle(chair.run('meeting:open', {}))).toBe(true)
    const calling = callNext(chair)
    // Nothing moves until the test delivers it.
    expect(chair.busy).toBe(true)
    expect(screen.floor).toBeNull()
    expect(await pair.settle(calling)).toBe(true)
    expect(chair.busy).toBe(false)
    expect(screen.floor?.speaker?.name).toBe('Kenya')
    expect(screen.nextSpeaker?.name).toBe('Mexico')
    expect(screen.segments.map((group) => group.speakers.length)).toEqual([2, 0])

    expect(await pair.settle(callNext(screen))).toBe(false)
    expect(screen.lastError).toBe('FORBIDDEN')
    expect(await pair.settle(chair.run('floor:end', {}))).toBe(true)
    expect(screen.delivered.map((statement) => statement.name)).toEqual(['Kenya'])
  })

  it('reads the notes apart from the state: tag counts follow a note-taker as runes, and a keystroke leaves the state alone', async () => {
    const pair = await startPair(smallMeeting())
    const chair = open(pair, pair.meeting.tokens.chair)
    const notetaker = open(pair, pair.meeting.tokens.notetaker)
    let question = '' as QuestionId
    const counts: number[] = []
    const stop = $effect.root(() => {
      $effect(() => { counts.push(chair.notes.statementsTaggedWith(question)) })
    })
    try {
      await pair.flush()
      question = chair.state!.questions[0]!.id
      expect(await pair.settle(chair.run('meeting:open', {}))).toBe(true)
      expect(await pair.settle(callNext(chair))).toBe(true)
      const statementId = notetaker.floor!.statement.id
      flushSync()

      notetaker.notes.tag(statementId, question, { id: 'nt-1', name: 'One' }, notetaker.serverNowMs())
      // The chair's count is a rune: an effect over it runs again when the tag arrives (it went stale when read from the raw document).
      flushSync()
      expect(counts.at(-1)).toBe(0)
      await pair.flush()
      flushSync()
      expect(counts.at(-1)).toBe(1)

      // A note-taker types through the editor's binding; the chair reads the text, and its state is the one it had.
      const stateBefore = chair.state
      const field = fakeTextarea()
      const unbind = notetaker.notes.binding(statementId)(field as unknown as HTMLTextAreaElement)
      field.type('Opening remarks')
      unbind()
      await pair.flush()
      expect(chair.notes.snapshot([statementId]).notes[statementId]).toBe('Opening remarks')
      expect(chair.state).toBe(stateBefore)

      // The server's summary of who has the meeting open reaches the chair, on the server's interval.
      expect(chair.presence).toBeNull()
      pair.advance(PRESENCE_INTERVAL_MS)
      await pair.flush()
      expect(chair.presence).toMatchObject({ chair: 1, notetaker: 1 })
    } finally {
      stop()
    }
  })

  it('says so when the link is refused', async () => {
    const pair = await startPair(smallMeeting())
    const stranger = open(pair, 'not-a-valid-token-at-all')
    expect(stranger.connection).toBe('connecting')
    await pair.flush()
    expect(stranger.connection).toBe('refused')
  })
})

// Over the real server: revoking a link goes through the HTTP API, and the Socket.IO client must read
// the server's hang-up as a refusal (not a network loss it retries). Only the real transport shows that.
describe('the meeting session over the real server', () => {
  const { server, seed } = useTestServer()
  const open = (token: string) => new MeetingSession(new RostrumClient({ url: server().url, token }))

  it('says so when the link is revoked while in use', async () => {
    const meeting = await seed(smallMeeting())
    const kenya = open(meeting.tokens.delegations.KEN!)
    try {
      await eventually(() => kenya.connection === 'live')
      const response = await fetch(`${server().url}/api/meetings/${meeting.id}/links/reissue`, {
        method: 'POST',
        headers: { authorization: `Bearer ${meeting.tokens.chair}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'delegation', delegation: 'KEN' })
      })
      expect(response.status).toBe(201)
      await eventually(() => kenya.connection === 'refused')
    } finally {
      kenya.destroy()
    }
  })
})

/** What the notes binding uses of a textarea: its value, caret and input event. */
function fakeTextarea () {
  let onInput: (() => void) | null = null
  return {
    value: '',
    selectionStart: 0,
    selectionEnd: 0,
    setSelectionRange (start: number, end: number): void {
      this.selectionStart = start
      this.selectionEnd = end
    },
    addEventListener (_type: 'input', listener: () => void): void { onInput = listener },
    removeEventListener (): void { onInput = null },
    /** The note-taker types `text` at the end, as one input event. */
    type (text: string): void {
      this.value += text
      onInput?.()
    }
  }
}
