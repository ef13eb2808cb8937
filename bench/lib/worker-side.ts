// The worker's side of the IPC channel: handle each request as it comes, answer failures as
// `{ type: 'error' }`, and exit when the orchestrator goes away so no worker outlives a run.

export function reply<Reply extends { type: string }> (message: Reply): void {
  process.send?.(message)
}

export function serveRequests<Request extends { type: string }> (handle: (request: Request) => Promise<void>): void {
  if (process.send === undefined) throw new Error('this file runs as a forked worker of bench/fanout.ts')
  process.on('message', (request: Request) => {
    handle(request).catch((error: unknown) => {
      reply({ type: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    })
  })
  process.on('disconnect', () => process.exit(0))
}
