// GET /api/reach and the links the API hands out: the setup page learns from it whether a phone in the
// room can open them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, type NetworkInterfaceInfo } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { smallMeeting } from '../support/meetings.ts'
import { spawnServer } from '../support/server-process.ts'
import { eventually, startTestServer, type TestServer } from '../support/server.ts'

const wifi = (): NodeJS.Dict<NetworkInterfaceInfo[]> => ({
  lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', cidr: '127.0.0.1/8' }],
  wlan0: [{ address: '192.168.1.23', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: '192.168.1.23/24' }]
})

describe('who can open the links', () => {
  let server: TestServer | null = null
  afterEach(async () => { await server?.destroy() })

  const port = () => new URL(server!.url).port
  const createMeeting = async () => {
    const response = await fetch(`${server!.url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server!.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(smallMeeting())
    })
    expect(response.status).toBe(201)
    return (await response.json() as { links: { chair: string } }).links
  }

  it('on loopback only, says so, with the command that serves the room', async () => {
    server = await startTestServer({ config: { host: '127.0.0.1' }, networkInterfaces: wifi })
    const response = await fetch(`${server.url}/api/reach`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      loopbackOnly: true,
      linkBase: server.url,
      linkBaseFrom: 'listening-address',
      serveTheRoom: 'HOST=0.0.0.0 npm start'
    })
    expect((await createMeeting()).chair.startsWith(`${server.url}/m/`)).toBe(true)
  })

  it('on every interface, asked from this machine, gives links at the machine\'s address on the room\'s network', async () => {
    server = await startTestServer({ config: { host: '0.0.0.0' }, networkInterfaces: wifi })
    expect(await (await fetch(`${server.url}/api/reach`)).json()).toEqual({
      loopbackOnly: false,
      linkBase: `http://192.168.1.23:${port()}`,
      linkBaseFrom: 'room-address',
      serveTheRoom: null
    })
    expect((await createMeeting()).chair.startsWith(`http://192.168.1.23:${port()}/m/`)).toBe(true)
  })

  it('with ROSTRUM_PUBLIC_URL, gives links there', async () => {
    server = await startTestServer({ config: { host: '0.0.0.0', publicUrl: 'https://floor.example.org' }, networkInterfaces: wifi })
    expect(await (await fetch(`${server.url}/api/reach`)).json()).toMatchObject({ loopbackOnly: false, linkBase: 'https://floor.example.org', linkBaseFrom: 'public-url' })
    expect((await createMeeting()).chair.startsWith('https://floor.example.org/m/')).toBe(true)
  })
})

describe('the start banner', () => {
  it('on loopback only, says plainly that no phone in the room can open the links, and what to run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-banner-'))
    const server = await spawnServer({ ROSTRUM_DATA_DIR: dataDir, ROSTRUM_DEMO: '0' })
    try {
      await eventually(() => server.output().includes('npm start'), { timeoutMs: 20_000, message: 'the banner\'s advice' })
      expect(server.output()).toMatch(/Only this computer can open these links: the server listens on 127\.0\.0\.1 \(loopback\)/)
      expect(server.output()).toContain('To serve the room, stop it (Ctrl-C) and run:  HOST=0.0.0.0 npm start')
    } finally {
      await server.kill()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
