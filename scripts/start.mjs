// `npm start`: builds the browser client and the server when missing or older than their sources, then runs
// the server in the same process group, passing signals on and exiting with its exit code.
import { spawn } from 'node:child_process'
import { ensureBuilt, ROOT, SERVER_NODE_FLAGS } from './builds.mjs'

const { server: serverModule } = await ensureBuilt(['client', 'server'])

const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, serverModule], {
  cwd: ROOT,
  stdio: 'inherit'
})

const forward = (signal) => {
  // A terminal's Ctrl-C reaches the whole group already; forwarding again is harmless (the
  // server shuts down once) and covers signals sent to this process alone (kill, systemd).
  if (server.exitCode === null && server.signalCode === null) server.kill(signal)
}
process.on('SIGINT', forward)
process.on('SIGTERM', forward)

server.on('error', (error) => {
  process.stderr.write(`Could not start the server: ${error.message}\n`)
  process.exit(1)
})

server.on('exit', (code, signal) => {
  process.off('SIGINT', forward)
  process.off('SIGTERM', forward)
  if (signal !== null) {
    // Die the same way the server did, so a supervisor sees the same cause.
    process.kill(process.pid, signal)
    return
  }
  process.exit(code ?? 1)
})
