// The failure rows of SCALE.md §3's table, for `npm run cluster-check`: each check on a cluster of its own.
import type { ClusterCheck } from './check.ts'
import { ownerKill } from './owner-kill.ts'
import { ownerPause } from './owner-pause.ts'
import { postgresCut } from './postgres-cut.ts'
import { redisOutage } from './redis-outage.ts'
import { sameId } from './same-id.ts'

export const failureChecks: ClusterCheck[] = [ownerKill, ownerPause, sameId, redisOutage, postgresCut]
