// Once per run of the browser project (vitest.config.ts): the client built as production would, and one
// Chromium that every test file connects to. A build per file was about ten seconds of a busy 2-core
// machine each, a launch per file a few more; the files only read the build and open their own contexts.
import { rmSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { browserAvailable, launchBrowserServer } from './chromium.ts'
import { buildClient } from './client-build.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built client, read-only: the servers of every test file serve it. */
    clientDir: string
    /** Where the run's Chromium listens for Playwright; null where the browser tests are skipped. */
    chromiumEndpoint: string | null
  }
}

export default async function setup (project: TestProject): Promise<() => Promise<void>> {
  const clientDir = await buildClient()
  const chromium = browserAvailable() ? await launchBrowserServer() : null
  project.provide('clientDir', clientDir)
  project.provide('chromiumEndpoint', chromium?.wsEndpoint() ?? null)
  return async () => {
    await chromium?.close()
    rmSync(clientDir, { recursive: true, force: true })
  }
}
