import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vitest/config'

/** The files that serve the built client (and most drive Chromium): the browser project's. */
const BROWSER_FILES = [
  'tests/e2e/**/*.test.ts',
  'tests/integration/hostile-writer.test.ts',
  'tests/integration/static-client.test.ts'
]

export default defineConfig({
  // Session classes (*.svelte.ts) are tested without a browser. Vitest transforms for the server,
  // where Svelte would compile runes to render once; the client build keeps them reactive.
  plugins: [svelte({ configFile: false, dynamicCompileOptions: () => ({ generate: 'client' }) })],
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // expect.poll waits for what it polls for; its 1 s default was a wall-clock threshold that a busy
    // machine could miss. A test that means a deadline says so.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // Two projects so that the client is built, and Chromium started, once per run and only by a run
    // that has a browser file in it: a project's global setup runs only when one of its files is queued.
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: BROWSER_FILES } },
      { extends: true, test: { name: 'browser', include: BROWSER_FILES, globalSetup: ['tests/support/global-setup.ts'] } }
    ]
  }
})
