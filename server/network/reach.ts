// Who can open the links the server hands out. A server listening on loopback only is reachable from
// its own machine and nowhere else, so a phone in the room cannot open a single link or QR code: the
// chair must be told so, and told what to run instead.
import type { NetworkInterfaceInfo } from 'node:os'
import type { Reach } from '../../shared/protocol/reach.ts'

export type { Reach }

export type NetworkInterfaces = NodeJS.Dict<readonly NetworkInterfaceInfo[]>

/** What the start banner prints to a chair who cannot serve the room yet. */
export const SERVE_THE_ROOM_COMMAND = 'HOST=0.0.0.0 npm start'

/** 127.0.0.0/8, ::1 and "localhost": only this machine can connect. */
export function isLoopback (host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare) || bare === '::ffff:127.0.0.1'
}

/** 0.0.0.0 and :: (and an empty host) listen on every interface. */
export function listensOnAllInterfaces (host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::' || host === '[::]'
}

/**
 * The machine's address on the room's network: its first non-internal IPv4 address, in the order the
 * system lists its interfaces. IPv4 because phones on a venue's Wi-Fi reach it most reliably; null
 * when the machine has none (no network, or IPv6 only).
 */
export function roomAddress (interfaces: NetworkInterfaces): string | null {
  for (const addresses of Object.values(interfaces)) {
    for (const address of addresses ?? []) {
      // Node 18.0–18.3 gave `family` as a number.
      const ipv4 = address.family === 'IPv4' || (address.family as unknown) === 4
      if (ipv4 && !address.internal && !address.address.startsWith('169.254.')) return address.address
    }
  }
  return null
}

export interface ReachInput {
  /** The host the server was told to listen on (HOST). */
  readonly host: string
  /** The port it listens on. */
  readonly port: number
  /** ROSTRUM_PUBLIC_URL, without a trailing slash. */
  readonly publicUrl: string | null
  readonly interfaces: NetworkInterfaces
  /** How the asker reached the server: "http" and its Host header ("127.0.0.1:3000"); null when unknown. */
  readonly asked: { readonly protocol: string; readonly host: string } | null
}

/**
 * The base of the links: ROSTRUM_PUBLIC_URL when set; else, when the server listens on every interface
 * and was asked on a loopback name (or not asked at all: the start banner), the machine's address on
 * the room's network, since a link to 127.0.0.1 opens nothing on a phone; else the address the asker
 * used, which already reaches the server.
 */
export function reachOf (input: ReachInput): Reach {
  const askedUrl = input.asked === null ? null : safeUrl(`${input.asked.protocol}://${input.asked.host}`)
  const askedOnLoopback = askedUrl === null || isLoopback(askedUrl.hostname)
  // Asked on another name while listening on loopback only, the request came through a proxy or a
  // tunnel on this machine: whoever reaches that name can open the links.
  const loopbackOnly = isLoopback(input.host) && input.publicUrl === null && askedOnLoopback
  const serveTheRoom = loopbackOnly ? SERVE_THE_ROOM_COMMAND : null
  if (input.publicUrl !== null) return { loopbackOnly, linkBase: input.publicUrl, linkBaseFrom: 'public-url', serveTheRoom }
  if (!askedOnLoopback && askedUrl !== null) return { loopbackOnly, linkBase: askedUrl.origin, linkBaseFrom: 'request', serveTheRoom }
  const room = listensOnAllInterfaces(input.host) ? roomAddress(input.interfaces) : null
  if (room !== null) return { loopbackOnly, linkBase: `http://${room}:${input.port}`, linkBaseFrom: 'room-address', serveTheRoom }
  const listening = listensOnAllInterfaces(input.host) ? '127.0.0.1' : hostForUrl(input.host)
  return { loopbackOnly, linkBase: askedUrl?.origin ?? `http://${listening}:${input.port}`, linkBaseFrom: 'listening-address', serveTheRoom }
}

function safeUrl (text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

function hostForUrl (host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/** The start banner's word on who can open the links, under the line that gives the address. */
export function reachNotice (reach: Reach, host: string): string[] {
  if (reach.loopbackOnly) {
    return [
      `Only this computer can open these links: the server listens on ${host} (loopback), so no phone or screen in the room can.`,
      `To serve the room, stop it (Ctrl-C) and run:  ${reach.serveTheRoom ?? SERVE_THE_ROOM_COMMAND}`
    ]
  }
  switch (reach.linkBaseFrom) {
    case 'public-url': return [`Links use ROSTRUM_PUBLIC_URL (${reach.linkBase}).`]
    case 'room-address': return [`Phones and screens on this machine's network open the links at ${reach.linkBase}.`]
    case 'request': return []
    case 'listening-address': return listensOnAllInterfaces(host)
      ? ['No network address was found on this machine: set ROSTRUM_PUBLIC_URL to the address the room reaches it at.']
      : []
  }
}
