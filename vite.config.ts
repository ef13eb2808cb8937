import { fileURLToPath } from 'node:url'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('./client', import.meta.url))

export default defineConfig({
  root,
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true
  },
  server: {
    // `npm start` serves the built client; in `vite dev`, sockets and the API go to that server.
    proxy: {
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
      '/api': 'http://127.0.0.1:3000'
    }
  }
})
