// The benchmark's meeting: created over the public HTTP API, exactly as an organiser would.
import type { MeetingDescription, SegmentDescription } from '../../shared/domain/meeting-description.ts'

/** The API accepts at most this many speakers per segment (shared/protocol/schemas.ts). */
const MAX_SPEAKERS_PER_SEGMENT = 500
const MAX_SEGMENTS = 20

export interface BenchMeeting {
  readonly id: string
  readonly chairToken: string
  readonly publicToken: string
}

/** `speakers` in calling order, split over as many segments as the API's per-segment cap needs. */
export function benchMeetingDescription (speakers: number): MeetingDescription {
  const segmentCount = Math.ceil(speakers / MAX_SPEAKERS_PER_SEGMENT)
  if (segmentCount > MAX_SEGMENTS) {
    throw new Error(`at most ${MAX_SEGMENTS * MAX_SPEAKERS_PER_SEGMENT} speakers fit in one meeting, asked for ${speakers}`)
  }
  const width = String(speakers).length
  const segments: SegmentDescription[] = Array.from({ length: segmentCount }, (_unused, segment) => {
    const first = segment * MAX_SPEAKERS_PER_SEGMENT
    const count = Math.min(MAX_SPEAKERS_PER_SEGMENT, speakers - first)
    return {
      name: `Benchmark list ${segment + 1}`,
      // 'fixed': the list is called in the order given, so every process can predict the queue.
      orderingRule: 'fixed',
      speakers: Array.from({ length: count }, (_unusedSpeaker, i) => ({ name: `Speaker ${String(first + i + 1).padStart(width, '0')}` }))
    }
  })
  return { title: 'Fan-out benchmark', scheduledStart: '2026-01-01T10:00', timeZone: 'UTC', segments }
}

/** POST /api/meetings with the admin token; returns the meeting id and the raw link tokens. */
export async function createBenchMeeting (baseUrl: string, adminToken: string, speakers: number): Promise<BenchMeeting> {
  const response = await fetch(`${baseUrl}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(benchMeetingDescription(speakers)),
    signal: AbortSignal.timeout(15_000)
  })
  const body: unknown = await response.json()
  if (response.status !== 201) throw new Error(`POST /api/meetings answered ${response.status}: ${JSON.stringify(body)}`)
  const created = body as { id: string; links: { chair: string; public: string } }
  return { id: created.id, chairToken: linkToken(created.links.chair), publicToken: linkToken(created.links.public) }
}

/** Links carry the token in the fragment: `…/m/<id>/public#token=<token>`. */
function linkToken (link: string): string {
  const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token')
  if (token === null || token === '') throw new Error(`no token in link ${link}`)
  return token
}
