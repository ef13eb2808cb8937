import { flushSync } from 'svelte'
import { describe, expect, it } from 'vitest'
import { MeetingSession } from '../../../client/lib/meeting-session.svelte.ts'
import { RostrumClient } from '../../../shared/client/rostrum-client.ts'
import type { QuestionId } from '../../../shared/domain/types.ts'
import { smallMeeting } from '../../support/meetings.ts'
import { eventually, useTestServer } from '../../support/server.ts'
import { callNext } from './call-next.ts'

describe('the meeting session (runes over the headless client)', () => {
  const { server, seed } = useTestServer()
  const open = (token: string) => new MeetingSession(new RostrumClient({ url: server().url, token }))

  it('follows the floor as the chair calls speakers, and reports refusals', async () => {
    const meeting = await seed(smallMeeting())
    const chair = open(meeting.tokens.chair)
    const screen = open(meeting.tokens.public)
    try {
      await eventually(() => chair.connection === 'live' && screen.connection === 'live')
      expect(screen.nextSpeaker?.name).toBe('Kenya')
      expect(screen.floor).toBeNull()

      expect(await chair.run('meeting:open', {})).toBe(true)
      expect(await callNext(chair)).toBe(true)
      await eventually(() => screen.floor?.speaker?.name === 'Kenya')
      expect(screen.nextSpeaker?.name).toBe('Mexico')
      expect(screen.segments.map((group) => group.speakers.length)).toEqual([2, 0])

      expect(await callNext(screen)).toBe(false)
      expect(screen.lastError).toBe('FORBIDDEN')
      expect(await chair.run('floor:end', {})).toBe(true)
      await eventually(() => screen.delivered.length === 1)
      expect(screen.delivered[0]?.name).toBe('Kenya')
    } finally {
      chair.destroy()
      screen.destroy()
    }
  })

  it('reads the notes apart from the state: tag counts follow a note-taker as runes, and a keystroke leaves the state alone', async () => {
    const meeting = await seed(smallMeeting())
    const chair = open(meeting.tokens.chair)
    const notetaker = open(meeting.tokens.notetaker)
    let question = '' as QuestionId
    const counts: number[] = []
    const stop = $effect.root(() => {
      $effect(() => { counts.push(chair.notes.statementsTaggedWith(question)) })
    })
    try {
      await eventually(() => chair.connection === 'live' && notetaker.connection === 'live')
      question = chair.state!.questions[0]!.id
      expect(await chair.run('meeting:open', {})).toBe(true)
      expect(await callNext(chair)).toBe(true)
      await eventually(() => notetaker.floor !== null)
      const statementId = notetaker.floor!.statement.id
      flushSync()

      notetaker.notes.tag(statementId, question, { id: 'nt-1', name: 'One' }, notetaker.serverNowMs())
      // The chair's count is a rune: an effect over it runs again when the tag arrives (it went stale when read from the raw document).
      await eventually(() => { flushSync(); return counts.at(-1) === 1 }, { message: 'the tag count to follow' })

      // A note-taker types through the editor's binding; the chair reads the text, and its state is the one it had.
      const stateBefore = chair.state
      const field = fakeTextarea()
      const unbind = notetaker.notes.binding(statementId)(field as unknown as HTMLTextAreaElement)
      field.type('Opening remarks')
      unbind()
      await eventually(() => chair.notes.snapshot([statementId]).notes[statementId] === 'Opening remarks')
      expect(chair.state).toBe(stateBefore)

      // The server's summary of who has the meeting open reaches the chair.
      await eventually(() => chair.presence?.notetaker === 1 && chair.presence.chair === 1, { message: 'the presence summary' })
    } finally {
      stop()
      chair.destroy()
      notetaker.destroy()
    }
  })

  it('says so when the link is refused', async () => {
    await seed(smallMeeting())
    const stranger = open('not-a-valid-token-at-all')
    try {
      await eventually(() => stranger.connection === 'refused')
    } finally {
      stranger.destroy()
    }
  })

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
