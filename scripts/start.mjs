// `npm start`: builds the browser client when it is missing or older than its sources, then runs
// the server in the same process group, passing signals on and exiting with its exit code.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SERVER_NODE_FLAGS } from '../server/node-flags.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const builtIndex = join(root, 'dist', 'client', 'index.html')
// The bundle is made of the client and the shared code it imports.
const sources = ['client', 'shared', 'vite.config.ts', 'package-lock.json'].map((path) => join(root, path))

function newestMtimeMs (path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)))
  return newest
}

function clientIsStale () {
  if (!existsSync(builtIndex)) return true
  const builtAtMs = statSync(builtIndex).mtimeMs
  return sources.some((source) => newestMtimeMs(source) > builtAtMs)
}

async function buildClient () {
  process.stdout.write('Building the browser client…\n')
  // Imported only when needed: a deployment that ships dist/client may install without vite.
  const { build } = await import('vite')
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
}

if (clientIsStale()) await buildClient()

const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', join(root, 'server', 'main.ts')], {
  cwd: root,
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
