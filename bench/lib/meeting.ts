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

/** Every raw link token of a meeting, as `POST /api/meetings` returns them. */
export interface MeetingTokens extends BenchMeeting {
  readonly notetakerToken: string
  /** Delegation code → that delegation's token. */
  readonly delegationTokens: Readonly<Record<string, string>>
}

/** POST /api/meetings with the admin token; returns the meeting id and the raw link tokens. */
export async function createMeeting (baseUrl: string, adminToken: string, description: MeetingDescription): Promise<MeetingTokens> {
  const response = await fetch(`${baseUrl}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(description),
    signal: AbortSignal.timeout(15_000)
  })
  const body: unknown = await response.json()
  if (response.status !== 201) throw new Error(`POST /api/meetings answered ${response.status}: ${JSON.stringify(body)}`)
  const created = body as { id: string; links: { chair: string; notetaker: string; public: string; delegations: Record<string, string> } }
  return {
    id: created.id,
    chairToken: linkToken(created.links.chair),
    publicToken: linkToken(created.links.public),
    notetakerToken: linkToken(created.links.notetaker),
    delegationTokens: Object.fromEntries(Object.entries(created.links.delegations).map(([code, link]) => [code, linkToken(link)]))
  }
}

/** The fan-out meeting (`benchMeetingDescription`): the chair and public tokens. */
export async function createBenchMeeting (baseUrl: string, adminToken: string, speakers: number): Promise<BenchMeeting> {
  const { id, chairToken, publicToken } = await createMeeting(baseUrl, adminToken, benchMeetingDescription(speakers))
  return { id, chairToken, publicToken }
}

/** Links carry the token in the fragment: `…/m/<id>/public#token=<token>`. */
function linkToken (link: string): string {
  const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token')
  if (token === null || token === '') throw new Error(`no token in link ${link}`)
  return token
}
