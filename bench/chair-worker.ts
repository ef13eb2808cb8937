// The chair's process: opens the meeting, then calls speakers with `floor:next` on an absolute
// schedule, recording when each command left (CLOCK_MONOTONIC) and how long its ack took.
import { RostrumClient } from '../shared/client/rostrum-client.ts'
import { waitingQueue } from '../shared/domain/order.ts'
import type { SpeakerId } from '../shared/domain/types.ts'
import { monoMs, sleep, withTimeout } from './lib/clock.ts'
import type { CallFailure, ChairReply, ChairRequest } from './lib/messages.ts'
import { reply, serveRequests } from './lib/worker-side.ts'

let chair: RostrumClient | null = null
/** Whom call k gives the floor to: the waiting list, in order, right after the meeting opened. */
let queue: SpeakerId[] = []

async function connect (url: string, token: string, syncTimeoutMs: number): Promise<void> {
  chair = new RostrumClient({ url, token })
  await withTimeout(chair.whenSynced, syncTimeoutMs, 'chair sync')
  const opened = await chair.command('meeting:open', {})
  if (!opened.ok) throw new Error(`meeting:open refused: ${opened.error.code} ${opened.error.message}`)
  const state = chair.state
  if (state === null) throw new Error('the chair has no state after sync')
  queue = waitingQueue(state).map((speaker) => speaker.id)
}

async function call (first: number, count: number, intervalMs: number, ackTimeoutMs: number): Promise<Extract<ChairReply, { type: 'called' }>> {
  if (chair === null) throw new Error('call before connect')
  if (first + count > queue.length) throw new Error(`only ${queue.length} speakers wait, call ${first + count} asked for`)
  const sentMono = new Float64Array(count)
  const ackMs = new Float64Array(count).fill(Number.NaN)
  const failures: CallFailure[] = []
  const acks: Promise<void>[] = []
  const start = monoMs() + 2
  let maxLateMs = 0
  for (let i = 0; i < count; i++) {
    const slot = start + i * intervalMs
    await sleep(slot - monoMs())
    const expectedSpeakerId = queue[first + i]!
    const sent = monoMs()
    sentMono[i] = sent
    maxLateMs = Math.max(maxLateMs, sent - slot)
    // Not awaited: the schedule must not wait for acks. The server handles one socket's commands in
    // order, so the next call's expected speaker is right even while this one is in flight.
    acks.push(chair.command('floor:next', { expectedSpeakerId }, { attemptTimeoutMs: ackTimeoutMs, deadlineMs: ackTimeoutMs })
      .then((ack) => {
        ackMs[i] = monoMs() - sent
        if (!ack.ok) failures.push({ call: first + i, error: `${ack.error.code}: ${ack.error.message}` })
      }, (error: unknown) => {
        failures.push({ call: first + i, error: String(error) })
      }))
  }
  await Promise.all(acks)
  return { type: 'called', sentMono, ackMs, failures, maxLateMs }
}

serveRequests<ChairRequest>(async (request) => {
  switch (request.type) {
    case 'connect':
      await connect(request.url, request.token, request.syncTimeoutMs)
      reply<ChairReply>({ type: 'ready', queue })
      return
    case 'call':
      reply<ChairReply>(await call(request.first, request.count, request.intervalMs, request.ackTimeoutMs))
      return
    case 'close':
      chair?.close()
      await sleep(100)
      reply<ChairReply>({ type: 'closed' })
      setTimeout(() => process.exit(0), 50)
  }
})
