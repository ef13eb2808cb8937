// The wire schemas take their lists from the domain: what a command may carry is exactly what the
// domain knows, and a value outside the lists is refused before anything is applied.
import { describe, expect, it } from 'vitest'
import { REQUEST_TYPES, SEGMENT_PURPOSES, SPEAKER_KINDS } from '../../../shared/domain/types.ts'
import { commandPayloadSchemas } from '../../../shared/protocol/schemas.ts'

const speakerWithKind = (kind: string) =>
  commandPayloadSchemas['speaker:update'].safeParse({ speakerId: 'spk-1', changes: { kind } })
const segmentWithPurpose = (purpose: string) =>
  commandPayloadSchemas['segment:update'].safeParse({ segmentId: 'seg-1', changes: { purpose } })
const requestOfType = (type: string) =>
  commandPayloadSchemas['request:create'].safeParse({ delegation: 'NO', type })

describe('the wire lists are the domain\'s', () => {
  it('pins the domain\'s lists', () => {
    expect(SPEAKER_KINDS).toEqual(['briefer', 'member', 'non-member', 'observer'])
    expect(SEGMENT_PURPOSES).toEqual(['statement', 'right-of-reply'])
    expect(REQUEST_TYPES).toEqual(['inscription', 'right-of-reply'])
  })

  it.each(SPEAKER_KINDS)('a speaker may be a %s', (kind) => {
    expect(speakerWithKind(kind)).toMatchObject({ success: true, data: { changes: { kind } } })
  })

  it('the old "group" standing is read as a non-member\'s, and an unknown one is refused', () => {
    expect(speakerWithKind('group')).toMatchObject({ success: true, data: { changes: { kind: 'non-member' } } })
    expect(speakerWithKind('guest').success).toBe(false)
  })

  it.each(SEGMENT_PURPOSES)('a segment may be for a %s', (purpose) => {
    expect(segmentWithPurpose(purpose).success).toBe(true)
  })

  it.each(REQUEST_TYPES)('a delegation may request an %s', (type) => {
    expect(requestOfType(type).success).toBe(true)
  })

  it('an unknown purpose or request type is refused', () => {
    expect(segmentWithPurpose('debate').success).toBe(false)
    expect(requestOfType('point-of-order').success).toBe(false)
  })
})
