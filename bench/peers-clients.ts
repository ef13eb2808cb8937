// The headless clients the peers' harness runs in its client processes, built into
// dist/bench-clients.mjs (scripts/builds.mjs) so that those processes run plain JavaScript, as a
// browser runs the built client, rather than TypeScript compiled on the fly.
export { RostrumClient } from '../shared/client/rostrum-client.ts'
export { LiveViewer } from '../shared/client/live-viewer.ts'
export { observeEntities } from '../shared/doc/control.ts'
export { WebSocket } from 'ws'
