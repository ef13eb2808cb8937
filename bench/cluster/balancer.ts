// A TCP round-robin balancer in front of a cluster's nodes, as a load balancer without stickiness would
// be: each new connection goes to the next node, and a node that refuses the connection (it died) is
// skipped for the one after it. It forwards bytes only, so a WebSocket upgrade passes as plain TCP.
import net from 'node:net'

export interface BalancerTarget {
  readonly host: string
  readonly port: number
}

export interface Balancer {
  readonly url: string
  /** Connections each target was handed, by index: how the clients were spread. */
  readonly handed: readonly number[]
  close (): Promise<void>
}

/** Where a node's base URL points. */
export function targetOf (baseUrl: string): BalancerTarget {
  const url = new URL(baseUrl)
  return { host: url.hostname, port: Number(url.port) }
}

/** Listens on a free loopback port; `targets()` is read at each connection, so nodes may come and go. */
export async function startBalancer (targets: () => readonly BalancerTarget[]): Promise<Balancer> {
  const handed: number[] = []
  const open = new Set<net.Socket>()
  let next = 0

  const connectFrom = (client: net.Socket, first: number, tried: number): void => {
    const all = targets()
    if (tried >= all.length) {
      client.destroy()
      return
    }
    const index = (first + tried) % all.length
    const upstream = net.connect(all[index]!)
    open.add(upstream)
    upstream.once('close', () => open.delete(upstream))
    const refused = (): void => {
      upstream.destroy()
      if (!client.destroyed) connectFrom(client, first, tried + 1)
    }
    upstream.once('error', refused)
    upstream.once('connect', () => {
      upstream.off('error', refused)
      handed[index] = (handed[index] ?? 0) + 1
      // Either side going away takes the other along: a client whose node died sees its link close.
      upstream.on('error', () => client.destroy())
      upstream.once('close', () => client.destroy())
      client.once('close', () => upstream.destroy())
      client.pipe(upstream)
      upstream.pipe(client)
      client.resume()
    })
  }

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    open.add(client)
    client.once('close', () => open.delete(client))
    client.on('error', () => client.destroy())
    const count = targets().length
    if (count === 0) {
      client.destroy()
      return
    }
    const first = next++ % count
    connectFrom(client, first, 0)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    handed,
    close: () => new Promise((resolve) => {
      for (const socket of open) socket.destroy()
      server.close(() => resolve())
    })
  }
}
