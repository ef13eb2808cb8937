import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

/** A TCP proxy to a service that a test can cut and restore, on a port of its own. */
export interface CuttableProxy {
  /** `redis://` (or any scheme) at the proxy's address. */
  readonly url: string
  /** Drops every connection and refuses new ones (accepted, then reset) until `restore`. */
  cut (): void
  restore (): void
  close (): Promise<void>
}

/**
 * While cut the proxy keeps listening and resets what connects, rather than closing its port: a closed
 * port could be taken by another process before `restore`, and a reset is what a lost service looks like.
 */
export async function startCuttableProxy (targetUrl: string): Promise<CuttableProxy> {
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  let isCut = false
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const proxy = createServer((client) => {
    if (isCut) {
      client.resetAndDestroy()
      return
    }
    const upstream = connect(Number(target.port), target.hostname)
    track(client)
    track(upstream)
    client.pipe(upstream)
    upstream.pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const { port } = proxy.address() as AddressInfo
  const cutAll = (): void => {
    for (const socket of sockets) socket.destroy()
  }
  return {
    url: `${target.protocol}//127.0.0.1:${port}`,
    cut: () => {
      isCut = true
      cutAll()
    },
    restore: () => { isCut = false },
    close: () => new Promise<void>((resolve) => {
      cutAll()
      proxy.close(() => resolve())
    })
  }
}
