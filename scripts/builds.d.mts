export declare const ROOT: string
export { SERVER_NODE_FLAGS } from '../server/node-flags.mjs'
export type BuildName = 'client' | 'server' | 'bench-clients' | 'bench-workers'
export declare function ensureBuilt<N extends BuildName> (
  names: readonly N[],
  options?: { readonly force?: boolean; readonly log?: (line: string) => void }
): Promise<Record<N, string>>
