import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import type { ClusterConfig } from '../config.ts'
import { PgStore } from '../store/pg-store.ts'
import type { MeetingId } from '../../shared/domain/types.ts'
import type { PresenceSummary } from '../../shared/protocol/events.ts'
import { ClusterClock } from './cluster-clock.ts'
import { ClusterAwareness } from './cluster-awareness.ts'
import { ClusterPresence } from './cluster-presence.ts'
import { MeetingCluster } from './meeting-cluster.ts'
import { MeetingStreams } from './meeting-streams.ts'
import { NodeCaller, clusterSecret } from './node-calls.ts'
import { ReplicaFeed } from './replica-feed.ts'

/** This node in the cluster: what main.ts hands the app, and closes on the way out. */
export interface ClusterRuntime {
  readonly store: PgStore
  readonly clock: ClusterClock
  readonly meetings: MeetingCluster
  /** Shown by the other nodes on their calls to this one. */
  readonly secret: string
  readonly nodeId: string
  /** Shares this node's presence counts through Redis; `publish` tells this node's connections the total. */
  sharePresence (publish: (meetingId: MeetingId, summary: PresenceSummary) => void): ClusterPresence
  /** Relays awareness between this node's writers and the other nodes'; `deliver` hands this node's writers an update. */
  shareAwareness (deliver: (meetingId: MeetingId, update: Uint8Array) => void): ClusterAwareness
  /** The server listens: where the other nodes reach this one is known now. */
  listening (url: string): void
  close (): Promise<void>
}

/**
 * Joins the cluster: PostgreSQL (the store, the leases, the reference clock), Redis (each meeting's updates
 * from its owner to the other nodes), and the calls that carry writes to a meeting's owner. Loaded only
 * when ROSTRUM_DATABASE_URL and ROSTRUM_REDIS_URL are set, so the embedded default never loads `pg` or `ioredis`.
 */
export async function startCluster (cluster: ClusterConfig, adminToken: string, logger: Logger): Promise<ClusterRuntime> {
  let url = 'http://unknown.invalid'
  const node = { id: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`, get url () { return url } }
  const store = await PgStore.open(cluster.databaseUrl, { node, logger })
  const clock = new ClusterClock({ reference: () => store.databaseNow() })
  // Nothing is stamped before the first estimate: the offset applies at once then, and is slewed after.
  await clock.calibrate()
  clock.start((error) => logger.warn({ err: error }, 'the clock could not be set by PostgreSQL\'s; it keeps its last estimate'))
  const streams = new MeetingStreams({ url: cluster.redisUrl, prefix: cluster.redisPrefix, logger })
  const feed = new ReplicaFeed({
    streams,
    readLog: (meetingId, afterSeq) => store.readLog(meetingId, afterSeq),
    readHeads: (meetingIds) => store.readHeads(meetingIds),
    logger,
    onBroken: (meetingId, error) => {
      logger.error({ err: error, meetingId }, 'a stored update could not be applied to this node\'s copy of the meeting; it is loaded afresh')
      meetings.roomBroken(meetingId)
    }
  })
  feed.start()
  const secret = clusterSecret(adminToken)
  const caller = new NodeCaller(secret)
  const meetings = new MeetingCluster({ store, streams, feed, caller, logger })
  meetings.start()
  logger.info({ nodeId: node.id, offsetMs: clock.offsetMs, rttMs: clock.rttMs }, 'joined the cluster')
  return {
    store,
    clock,
    meetings,
    secret,
    nodeId: node.id,
    sharePresence: (publish) => new ClusterPresence({ url: cluster.redisUrl, prefix: cluster.redisPrefix, nodeId: node.id, logger, publish }),
    shareAwareness: (deliver) => new ClusterAwareness({ url: cluster.redisUrl, prefix: cluster.redisPrefix, nodeId: node.id, logger, deliver }),
    listening: (listeningUrl) => { url = listeningUrl },
    close: async () => {
      await meetings.stop()
      caller.close()
      await feed.close()
      await streams.close()
      clock.stop()
      await store.close()
    }
  }
}
