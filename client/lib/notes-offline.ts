import { IndexeddbPersistence } from 'y-indexeddb'
import type { RostrumClient } from '../../shared/client/rostrum-client.ts'
import type { MeetingId } from '../../shared/domain/types.ts'

/**
 * Keeps a note-taker's work across a reload with the network down: both documents of the meeting in
 * IndexedDB (the notes to keep the work, the control document so the list and questions still show
 * before the server answers), and the app shell in a service worker's cache.
 * Saved updates load into the client's documents as local changes, so they reach the server as soon
 * as it asks for them (its sync step 1 on every connect); Yjs merges them with no loss.
 */
export function keepNotesOffline (client: RostrumClient, meetingId: MeetingId): () => void {
  const stores = [
    new IndexeddbPersistence(`rostrum:${meetingId}:notes`, client.notes),
    new IndexeddbPersistence(`rostrum:${meetingId}:control`, client.control)
  ]
  void registerShellCache()
  return () => {
    for (const store of stores) void store.destroy()
  }
}

/** Registered from the notes view only: the other views have nothing to keep offline. */
async function registerShellCache (): Promise<void> {
  if (!('serviceWorker' in navigator)) return
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' })
    const registration = await navigator.serviceWorker.ready
    // This page's scripts and styles were fetched before the worker existed: hand it their addresses.
    const assets = performance.getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => new URL(url).origin === location.origin && new URL(url).pathname.startsWith('/assets/'))
    registration.active?.postMessage({ type: 'cache-shell', urls: assets })
  } catch {
    // Without a worker (private mode, blocked): the notes are still kept in IndexedDB.
  }
}
