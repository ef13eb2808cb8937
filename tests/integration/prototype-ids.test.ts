// Ids a client sends are keys into the meeting's maps. Names every object inherits ("__proto__",
// "constructor", "toString") must read as unknown ids — never as an entity that exists, nor write a
// half-formed one — so the list can still be ordered and read back afterwards.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readControlState } from '../../shared/doc/control.ts'
import type { CommandPayloads, CommandType, ControlState, SegmentId, SpeakerId } from '../../shared/domain/index.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

const INHERITED_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const

/** Every command that takes an id, with `bad` in each id field and real ids elsewhere. */
function commandsWithId (bad: string, segmentId: SegmentId, speakerId: SpeakerId): { [T in CommandType]?: CommandPayloads[T][] } {
  const id = bad as never
  return {
    'speaker:add': [{ name: 'Chile', segmentId: id }, { name: 'Chile', segmentId, afterId: id }],
    'speaker:update': [{ speakerId: id, changes: { name: 'Chile' } }],
    'speaker:remove': [{ speakerId: id }],
    'speaker:move': [{ speakerId: id, segmentId, afterId: null }, { speakerId, segmentId: id, afterId: null }, { speakerId, segmentId, afterId: id }],
    'speaker:withdraw': [{ speakerId: id }],
    'speaker:pass': [{ speakerId: id }],
    'speaker:restore': [{ speakerId: id }],
    'speaker:written': [{ speakerIds: [id] }],
    'segment:order': [{ segmentId: id }],
    'segment:add': [{ name: 'Observers', afterId: id }],
    'segment:update': [{ segmentId: id, changes: { name: 'Observers' } }],
    'segment:remove': [{ segmentId: id }],
    'question:add': [{ label: 'z', text: 'When?', afterId: id }],
    'question:update': [{ questionId: id, changes: { text: 'When?' } }],
    'question:remove': [{ questionId: id }],
    'question:move': [{ questionId: id, afterId: null }],
    'floor:next': [{ expectedSpeakerId: id }],
    'floor:give': [{ speakerId: id }],
    'request:withdraw': [{ requestId: id }],
    'request:accept': [{ requestId: id }],
    'request:decline': [{ requestId: id, reason: 'No.' }]
  }
}

describe('ids that are names every object inherits', () => {
  const { server, seed, connect } = useTestServer()

  it('are refused as unknown by every command that takes an id, and leave the list in order', async () => {
    const meeting = await seed(smallMeeting())
    const chair = await connect(meeting.tokens.chair)
    expect((await chair.command('meeting:open', {})).ok).toBe(true)
    const segment = Object.values(chair.state!.segments).find((s) => s.name === 'Members')!
    const kenya = Object.values(chair.state!.speakers).find((s) => s.name === 'Kenya')!
    const room = () => server().app.registry.loaded(meeting.id)!
    const before = Y.encodeStateAsUpdate(room().control)

    const answers: string[] = []
    for (const bad of INHERITED_NAMES) {
      for (const [type, payloads] of Object.entries(commandsWithId(bad, segment.id, kenya.id))) {
        for (const payload of payloads as object[]) {
          const ack = await chair.command(type as CommandType, payload as never)
          answers.push(`${bad} ${type}: ${ack.ok ? 'accepted' : ack.error.code}`)
        }
      }
    }
    // Each names what it did not find (or a place that is not in the segment); none is accepted or fails inside.
    expect(answers.filter((answer) => !/: (SPEAKER|SEGMENT|QUESTION|REQUEST)_NOT_FOUND$|: INVALID_POSITION$|: STALE_NEXT$/.test(answer))).toEqual([])
    expect(Y.encodeStateAsUpdate(room().control)).toEqual(before)

    expect(await chair.command('segment:order', { segmentId: segment.id })).toMatchObject({ ok: true })
    for (const state of [room().state, readControlState(room().control)!, chair.state!] as ControlState[]) {
      for (const map of [state.segments, state.speakers, state.requests, state.statements]) {
        for (const bad of INHERITED_NAMES) expect(Object.hasOwn(map, bad)).toBe(false)
      }
      expect(Object.values(state.speakers).map((speaker) => speaker.name).sort()).toEqual(['Kenya', 'Mexico'])
    }
  })
})
