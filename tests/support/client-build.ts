import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Builds the client as production would, into a fresh temporary directory; returns it. The browser
 * project builds once per run (tests/support/global-setup.ts); a test reads that build with
 * `builtClientDir` and calls this only to test the build itself.
 */
export async function buildClient (): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'rostrum-client-'))
  await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  return outDir
}
