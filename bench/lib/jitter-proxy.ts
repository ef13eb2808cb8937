// A TCP proxy that holds every chunk a random delay in each direction (uniform in mean ± jitter),
// like a congested Wi-Fi route. A stream stays in order: a chunk never overtakes the one before it,
// so a chunk drawn shorter than its predecessor's release waits for it (as TCP would make it).
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

export interface JitterProxy {
  readonly url: string
  close (): Promise<void>
}

export async function startJitterProxy (targetUrl: string, meanMs: number, jitterMs: number, random: () => number = Math.random): Promise<JitterProxy> {
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  const delay = (): number => meanMs - jitterMs + 2 * jitterMs * random()
  const pipe = (from: Socket, to: Socket): void => {
    // One timer per direction drains a queue whose release times never decrease: order is kept.
    const queue: { readonly at: number; readonly action: () => void }[] = []
    let timer: NodeJS.Timeout | null = null
    const drain = (): void => {
      timer = null
      while (queue.length > 0 && queue[0]!.at <= performance.now()) queue.shift()!.action()
      if (queue.length > 0) timer = setTimeout(drain, queue[0]!.at - performance.now())
    }
    const later = (action: () => void): void => {
      queue.push({ at: Math.max(performance.now() + delay(), queue.at(-1)?.at ?? 0), action })
      timer ??= setTimeout(drain, queue[0]!.at - performance.now())
    }
    from.on('data', (chunk) => later(() => { if (!to.destroyed) to.write(chunk) }))
    from.on('end', () => later(() => to.end()))
    from.on('error', () => to.destroy())
    from.on('close', () => later(() => to.destroy()))
  }
  const proxy = createServer((client) => {
    client.setNoDelay(true)
    const upstream = connect(Number(target.port), target.hostname)
    upstream.setNoDelay(true)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    }
    pipe(client, upstream)
    pipe(upstream, client)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const { port } = proxy.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      proxy.close(() => resolve())
    })
  }
}
