// The load rows of issue 17's table as cluster checks (check.ts), each on a cluster of its own.
import type { ClusterCheck } from './check.ts'
import { clockSkewCheck } from './clock-skew-check.ts'
import { fanoutSplitCheck } from './fanout-split-check.ts'
import { fiftyMeetingsCheck } from './fifty-meetings-check.ts'
import { nodeKillCheck } from './node-kill-check.ts'

export const loadChecks: ClusterCheck[] = [clockSkewCheck, nodeKillCheck, fiftyMeetingsCheck, fanoutSplitCheck]
