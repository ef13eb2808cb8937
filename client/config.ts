/** What the build and the page's location decide. The only reader of `import.meta.env`. */
export interface ClientConfig {
  /** Where the socket connects: the page's own origin unless the build points elsewhere. */
  readonly serverUrl: string
  readonly dev: boolean
}

export function loadClientConfig (origin: string): ClientConfig {
  const configured: unknown = import.meta.env.VITE_ROSTRUM_SERVER_URL
  return {
    serverUrl: typeof configured === 'string' && configured.trim() !== '' ? configured.trim().replace(/\/+$/, '') : origin,
    dev: import.meta.env.DEV
  }
}
