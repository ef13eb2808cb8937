// Which address the links point at: the room must be able to open them, and a chair must be told when it cannot.
import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { isLoopback, reachNotice, reachOf, roomAddress, type NetworkInterfaces } from '../../../server/network/reach.ts'

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo

const laptop: NetworkInterfaces = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  docker0: [],
  wlp2s0: [nic('fe80::1c2d', 'IPv6'), nic('192.168.1.23', 'IPv4'), nic('192.168.1.99', 'IPv4')],
  eth1: [nic('10.0.0.5', 'IPv4')]
}

describe('the address the room reaches', () => {
  it('is the first non-internal IPv4 address, in the order the system lists them', () => {
    expect(roomAddress(laptop)).toBe('192.168.1.23')
  })

  it('skips loopback, IPv6 and link-local addresses; none left is null', () => {
    expect(roomAddress({ lo: [nic('127.0.0.1', 'IPv4', true)], en0: [nic('fe80::1', 'IPv6'), nic('169.254.3.4', 'IPv4')] })).toBeNull()
    expect(roomAddress({})).toBeNull()
  })

  it.each([['127.0.0.1', true], ['127.1.2.3', true], ['localhost', true], ['::1', true], ['[::1]', true],
    ['0.0.0.0', false], ['::', false], ['192.168.1.23', false]])('%s is loopback: %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected)
  })
})

describe('the base of the links', () => {
  const base = { port: 3000, publicUrl: null, interfaces: laptop }

  it('on loopback only: the loopback address, flagged, with the command that serves the room', () => {
    const reach = reachOf({ ...base, host: '127.0.0.1', asked: { protocol: 'http', host: '127.0.0.1:3000' } })
    expect(reach).toEqual({ loopbackOnly: true, linkBase: 'http://127.0.0.1:3000', linkBaseFrom: 'listening-address', serveTheRoom: 'HOST=0.0.0.0 npm start' })
    expect(reachNotice(reach, '127.0.0.1').join('\n')).toMatch(/Only this computer can open these links[\s\S]*HOST=0\.0\.0\.0 npm start/)
  })

  it('on every interface, asked on this machine (or by the start banner): the room address', () => {
    for (const asked of [{ protocol: 'http', host: 'localhost:3000' }, { protocol: 'http', host: '127.0.0.1:3000' }, null]) {
      const reach = reachOf({ ...base, host: '0.0.0.0', asked })
      expect(reach).toMatchObject({ loopbackOnly: false, linkBase: 'http://192.168.1.23:3000', linkBaseFrom: 'room-address', serveTheRoom: null })
    }
    expect(reachNotice(reachOf({ ...base, host: '::', asked: null }), '::')).toEqual(['Phones and screens on this machine\'s network open the links at http://192.168.1.23:3000.'])
  })

  it('on every interface, asked at an address that reaches it: that address', () => {
    expect(reachOf({ ...base, host: '0.0.0.0', asked: { protocol: 'http', host: 'rostrum.local:8080' } }))
      .toMatchObject({ linkBase: 'http://rostrum.local:8080', linkBaseFrom: 'request' })
  })

  it('on every interface with no network: loopback, and the banner says to set ROSTRUM_PUBLIC_URL', () => {
    const reach = reachOf({ ...base, interfaces: { lo: [nic('127.0.0.1', 'IPv4', true)] }, host: '0.0.0.0', asked: null })
    expect(reach).toMatchObject({ loopbackOnly: false, linkBase: 'http://127.0.0.1:3000', linkBaseFrom: 'listening-address' })
    expect(reachNotice(reach, '0.0.0.0').join(' ')).toContain('ROSTRUM_PUBLIC_URL')
  })

  it('ROSTRUM_PUBLIC_URL wins, whatever the interfaces (on loopback, a proxy on this machine serves the room)', () => {
    expect(reachOf({ ...base, publicUrl: 'https://floor.example.org', host: '0.0.0.0', asked: { protocol: 'http', host: '127.0.0.1:3000' } }))
      .toMatchObject({ linkBase: 'https://floor.example.org', linkBaseFrom: 'public-url', loopbackOnly: false })
    expect(reachOf({ ...base, publicUrl: 'https://floor.example.org', host: '127.0.0.1', asked: null }))
      .toMatchObject({ linkBase: 'https://floor.example.org', loopbackOnly: false })
  })

  it('on loopback only but asked through a proxy on another name: that name, and no warning', () => {
    expect(reachOf({ ...base, host: '127.0.0.1', asked: { protocol: 'https', host: 'floor.example.org' } }))
      .toEqual({ loopbackOnly: false, linkBase: 'https://floor.example.org', linkBaseFrom: 'request', serveTheRoom: null })
  })

  it('on one given address: that address', () => {
    expect(reachOf({ ...base, host: '10.0.0.5', asked: null })).toMatchObject({ linkBase: 'http://10.0.0.5:3000', loopbackOnly: false })
  })
})
