// The import worker when the server runs from its TypeScript (tsx, tests): a worker thread does not
// inherit tsx's loader, so it registers its own before loading the worker. `npm start` runs the bundle.
import { register } from 'tsx/esm/api'

register()
await import('./import-worker.ts')
