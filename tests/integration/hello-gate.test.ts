import { describe, expect, it } from 'vitest'
import { nextWaitingSpeaker } from '../../shared/domain/order.ts'
import { MAX_UNAUTHENTICATED } from '../../server/core/hello-gate.ts'
import { smallMeeting } from '../support/meetings.ts'
import { keepTokenlessOpen } from '../support/floods.ts'
import { RawSocketIo } from '../support/raw-clients.ts'
import { eventually, useTestServer } from '../support/server.ts'

/** Far fewer than a hall's NAT would need: so that a flood counted against the address would fill it. */
const PER_ADDRESS = 40

/** `promise`, or a failure naming what did not happen within 20 s. */
async function within<T> (promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 20_000) })
  try {
    return await Promise.race([promise, deadline])
  } finally {
    clearTimeout(timer)
  }
}

describe('connections without a token', () => {
  const { server, seed, connect, watch } = useTestServer({ config: { maxConnectionsPerAddress: PER_ADDRESS } })

  it('neither count against the address nor keep a chair and a screen on it out, however many are reopened', async () => {
    const meeting = await seed(smallMeeting())
    const flood = keepTokenlessOpen(server().url, MAX_UNAUTHENTICATED + 100)
    try {
      await eventually(() => flood.sent() > MAX_UNAUTHENTICATED + 200, { message: 'the flood past the global bound', timeoutMs: 20_000 })
      const chair = await within(connect(meeting.tokens.chair), 'the chair to connect')
      const screen = await within(watch(meeting.tokens.public), 'the screen to connect')
      const ack = await chair.command('meeting:open', {})
      expect(ack.ok).toBe(true)
      const speaker = nextWaitingSpeaker(chair.state!)!
      expect((await chair.command('floor:next', { expectedSpeakerId: speaker.id })).ok).toBe(true)
      await eventually(() => screen.state?.floor?.speakerId === speaker.id, { message: 'the screen to show the speaker' })
      // Engine.IO connections: the flood's share is held to the bound, whatever was opened.
      expect(server().app.io.engine.clientsCount).toBeLessThanOrEqual(MAX_UNAUTHENTICATED + 1)
    } finally {
      flood.stop()
    }
  }, 60_000)

  it('holds at most the bound of token-less Engine.IO handshakes, not every one for 45 s', async () => {
    const url = `${server().url}/socket.io/?EIO=4&transport=polling`
    const handshakes = MAX_UNAUTHENTICATED * 8
    for (let batch = 0; batch < handshakes; batch += 64) {
      const answers = await Promise.all(Array.from({ length: 64 }, async () => (await fetch(url)).status))
      expect(answers.every((status) => status === 200)).toBe(true)
    }
    expect(server().app.io.engine.clientsCount).toBeLessThanOrEqual(MAX_UNAUTHENTICATED)
  }, 60_000)

  it('counts a connection that left the namespace but stayed open as one without a token again', async () => {
    const meeting = await seed(smallMeeting())
    const idle = new RawSocketIo(server().url, meeting.tokens.delegations.KEN!)
    await idle.opened
    await idle.heard('session')
    idle.socket.send('41') // leaves the namespace, keeps the Engine.IO connection
    const flood = keepTokenlessOpen(server().url, MAX_UNAUTHENTICATED + 10)
    try {
      await eventually(() => idle.closeCode !== null, { message: 'the idle connection to be pushed out', timeoutMs: 20_000 })
    } finally {
      flood.stop()
    }
  }, 60_000)
})
