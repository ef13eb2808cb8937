import type { Role } from '../../shared/domain/types.ts'
import { TokenBucket } from './rate-limit.ts'

export interface Rate {
  readonly capacity: number
  readonly perSecond: number
}

export type BudgetKind = 'command' | 'ping' | 'awareness' | 'awarenessBytes' | 'stepOne' | 'sync'

/**
 * Every rate budget a link has, shared by all the sockets opened with its token on either transport:
 * a budget per socket multiplies by the sockets one opens (20 note-taker sockets once pushed 88 MB
 * of presence into a chair's page in 8 s).
 */
export const LINK_RATES: Readonly<Record<BudgetKind, Rate>> = {
  // A chair at its fastest sends a few commands a second; the benchmark sends 40/s.
  command: { capacity: 120, perSecond: 60 },
  // A clock estimate is 8 pings per page, repeated on reconnect and when a tab comes back; a link's
  // devices reconnect together after a restart, and a pong is 60 bytes.
  ping: { capacity: 100, perSecond: 20 },
  // A presence message is under 200 bytes and changes when someone picks another statement.
  awareness: { capacity: 60, perSecond: 30 },
  awarenessBytes: { capacity: 64 * 1024, perSecond: 16 * 1024 },
  // Every step 1 asks the server to encode part of a document; a client sends two per connection.
  stepOne: { capacity: 20, perSecond: 1 },
  // Other sync messages: a reader has none to send (each is refused); writers see WRITER_SYNC_RATE.
  sync: { capacity: 20, perSecond: 1 }
}

/** Chairs and note-takers send an update per burst of keystrokes, from a few tabs at once. */
export const WRITER_SYNC_RATE: Rate = { capacity: 600, perSecond: 100 }

/**
 * The public link is one token for the whole public gallery: a room of screens reconnecting
 * together after a restart pings at once. A pong is 60 bytes, so its ping budget is a room's.
 */
export const PUBLIC_PING_RATE: Rate = { capacity: 2000, perSecond: 200 }

/** Forget a link with no socket open once there are this many links to remember. */
const PRUNE_ABOVE_LINKS = 1024

export interface BudgetLink {
  readonly actorId: string
  readonly role: Role
}

/** One link's budgets, held by each of its open sockets. */
export interface LinkBudget {
  take (kind: BudgetKind, cost?: number): boolean
  /** The socket that held it closed. */
  release (): void
}

function rateOf (kind: BudgetKind, role: Role): Rate {
  if (kind === 'sync' && (role === 'chair' || role === 'notetaker')) return WRITER_SYNC_RATE
  if (kind === 'ping' && role === 'public') return PUBLIC_PING_RATE
  return LINK_RATES[kind]
}

interface Entry {
  readonly role: Role
  readonly buckets: Map<BudgetKind, TokenBucket>
  sockets: number
}

/**
 * The rate budgets of every link, keyed by its token id. A link's entry outlives its sockets until
 * its buckets have refilled, so closing and reopening a socket does not hand out a fresh budget.
 */
export class LinkBudgets {
  readonly #links = new Map<string, Entry>()

  constructor (private readonly nowMs: () => number = () => performance.now()) {}

  open (link: BudgetLink): LinkBudget {
    let entry = this.#links.get(link.actorId)
    if (entry === undefined) {
      if (this.#links.size >= PRUNE_ABOVE_LINKS) this.#prune()
      entry = { role: link.role, buckets: new Map(), sockets: 0 }
      this.#links.set(link.actorId, entry)
    }
    entry.sockets += 1
    const held = entry
    let released = false
    return {
      take: (kind, cost = 1) => this.#bucket(held, kind).take(this.nowMs(), cost),
      release: () => {
        if (released) return
        released = true
        held.sockets -= 1
      }
    }
  }

  /** Links remembered (for the admin's metrics and tests). */
  get size (): number {
    return this.#links.size
  }

  #bucket (entry: Entry, kind: BudgetKind): TokenBucket {
    let bucket = entry.buckets.get(kind)
    if (bucket === undefined) {
      const rate = rateOf(kind, entry.role)
      entry.buckets.set(kind, bucket = new TokenBucket(rate.capacity, rate.perSecond, this.nowMs()))
    }
    return bucket
  }

  #prune (): void {
    const now = this.nowMs()
    for (const [id, entry] of this.#links) {
      if (entry.sockets === 0 && [...entry.buckets.values()].every((bucket) => bucket.isFull(now))) this.#links.delete(id)
    }
  }
}
