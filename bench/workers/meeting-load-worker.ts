// A client process of the fifty-meetings check: chairs (RostrumClient) that open their meeting and then
// call the next speaker on a schedule, timing each ack, and note-takers that type into the statement on
// the floor in bursts of words.
import { RostrumClient } from '../../shared/client/rostrum-client.ts'
import { statementNotes } from '../../shared/doc/notes.ts'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import type { StatementId } from '../../shared/domain/types.ts'
import { monoMs, sleep, withTimeout } from '../lib/clock.ts'
import type { LoadClient, LoadPlan, MeetingLoadReply, MeetingLoadRequest } from '../lib/meeting-load-messages.ts'
import { reply, serveRequests } from '../lib/worker-side.ts'

interface Connected {
  readonly spec: LoadClient
  readonly client: RostrumClient
}

const connected: Connected[] = []
const WORDS = ['the', 'delegation', 'proposes', 'a', 'standing', 'mechanism', 'for', 'consultation', 'between', 'organs', 'on', 'early', 'warning']

async function connect (clients: readonly LoadClient[], syncTimeoutMs: number): Promise<number> {
  let failed = 0
  await Promise.all(clients.map(async (spec) => {
    const client = new RostrumClient({ url: spec.url, token: spec.token })
    connected.push({ spec, client })
    try {
      await withTimeout(client.whenSynced, syncTimeoutMs, 'client sync')
      if (spec.role === 'chair') {
        const opened = await client.command('meeting:open', {})
        if (!opened.ok) throw new Error(`meeting:open refused: ${opened.error.code}`)
        const next = nextWaitingSpeaker(client.state!)
        if (next !== null) await client.command('floor:next', { expectedSpeakerId: next.id })
      }
    } catch {
      failed++
    }
  }))
  return failed
}

async function run (plan: LoadPlan): Promise<Extract<MeetingLoadReply, { type: 'ran' }>> {
  const acks: number[] = []
  const onOwner: number[] = []
  const errors: string[] = []
  let refused = 0
  let lost = 0
  let noteBursts = 0
  const end = monoMs() + plan.durationMs
  const chairLoop = async ({ spec, client }: Connected): Promise<void> => {
    let slot = monoMs() + Math.random() * plan.chairIntervalMs
    while (slot < end) {
      await sleep(slot - monoMs())
      const next = client.state === null ? null : nextWaitingSpeaker(client.state)
      if (next === null) return
      const sent = monoMs()
      try {
        const ack = await client.command('floor:next', { expectedSpeakerId: next.id }, { deadlineMs: 10_000 })
        acks.push(monoMs() - sent)
        onOwner.push(spec.onOwner ? 1 : 0)
        if (!ack.ok) {
          refused++
          if (errors.length < 10) errors.push(`meeting ${spec.meeting}: ${ack.error.code} ${ack.error.message}`)
        }
      } catch (error) {
        lost++
        if (errors.length < 10) errors.push(`meeting ${spec.meeting}: ${String(error)}`)
      }
      // A late ack skips the slots it overran rather than firing them all at once.
      slot += plan.chairIntervalMs * Math.max(1, Math.ceil((monoMs() - slot) / plan.chairIntervalMs))
    }
  }
  const noteLoop = async ({ client }: Connected): Promise<void> => {
    let slot = monoMs() + Math.random() * plan.noteIntervalMs
    while (slot < end) {
      await sleep(slot - monoMs())
      const statementId = client.state?.floor.statementId as StatementId | null | undefined
      if (statementId !== null && statementId !== undefined) {
        const text = statementNotes(client.notes, statementId)
        const words = Array.from({ length: plan.wordsPerBurst }, () => WORDS[Math.floor(Math.random() * WORDS.length)]!)
        text.insert(text.length, ` ${words.join(' ')}`)
        noteBursts++
      }
      slot += plan.noteIntervalMs
    }
  }
  await Promise.all(connected.map((c) => c.spec.role === 'chair' ? chairLoop(c) : noteLoop(c)))
  return { type: 'ran', ackMs: Float64Array.from(acks), ackOnOwner: Uint8Array.from(onOwner), refused, lost, errors, noteBursts }
}

serveRequests<MeetingLoadRequest>(async (request) => {
  switch (request.type) {
    case 'connect':
      reply<MeetingLoadReply>({ type: 'connected', failed: await connect(request.clients, request.syncTimeoutMs) })
      return
    case 'run':
      reply<MeetingLoadReply>(await run(request.plan))
      return
    case 'close':
      for (const { client } of connected) client.close()
      await sleep(200)
      reply<MeetingLoadReply>({ type: 'closed' })
      setTimeout(() => process.exit(0), 50)
  }
})
