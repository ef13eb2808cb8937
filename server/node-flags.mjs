// Node flags the server runs with, wherever it is launched (npm start, the benchmarks, the tests
// that spawn it). Plain JS so scripts can import it without TypeScript.
//
// --max-semi-space-size: V8 grows its young generation up to 16 MB per semi-space when a burst
// of connections allocates quickly, and keeps it. The server's garbage is short-lived and small
// (packets, sync messages), so 2 MB semi-spaces collect it as well and keep the process about
// 30 KB smaller per connected viewer (docs/performance.md).
export const SERVER_NODE_FLAGS = Object.freeze(['--max-semi-space-size=2'])
