import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MeetingDescription } from '../shared/domain/meeting-description.ts'
import { meetingDescriptionSchema } from '../shared/protocol/schemas.ts'
import { generateToken, hashToken } from './auth/tokens.ts'
import type { Clock } from './clock.ts'
import type { Config } from './config.ts'
import { createMeeting, type CreatedMeeting } from './meetings/create-meeting.ts'
import type { Store } from './store/store.ts'

const ADMIN_HASH_KEY = 'admin_token_hash'

/**
 * What first start hands out, kept beside the database (mode 0600) for whoever hands the links out:
 * it is printed once, and the database itself only ever holds hashes.
 */
interface IssuedSecrets {
  adminToken?: string
  demo?: CreatedMeeting
}

function secretsFile (config: Config): string {
  return join(config.dataDir, 'links.json')
}

function readSecrets (config: Config): IssuedSecrets {
  const file = secretsFile(config)
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as IssuedSecrets : {}
}

function writeSecrets (config: Config, secrets: IssuedSecrets): void {
  // A node of a cluster keeps its data in PostgreSQL: the data dir may not exist yet.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  writeFileSync(secretsFile(config), JSON.stringify(secrets, null, 2), { mode: 0o600 })
  // `mode` applies only when the file is created; one left by an older version is tightened too.
  chmodSync(secretsFile(config), 0o600)
}

/**
 * The admin token's hash; generated and stored on first start unless ROSTRUM_ADMIN_TOKEN is set.
 * `token` is the raw token only on the start that generated it: it is printed that once.
 */
export async function ensureAdminToken (config: Config, store: Store): Promise<{ hash: string; token: string | null }> {
  if (config.adminToken !== null) return { hash: hashToken(config.adminToken), token: null }
  const stored = await store.getSetting(ADMIN_HASH_KEY)
  if (stored !== null) return { hash: stored, token: null }
  const token = generateToken()
  await store.setSetting(ADMIN_HASH_KEY, hashToken(token))
  writeSecrets(config, { ...readSecrets(config), adminToken: token })
  return { hash: hashToken(token), token }
}

/** Where the first start's tokens are kept, if it wrote them: later starts point there instead of printing them again. */
export function issuedSecretsFile (config: Config): string | null {
  const file = secretsFile(config)
  return existsSync(file) ? file : null
}

export function loadDemoDescription (file: string): MeetingDescription {
  return meetingDescriptionSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
}

/** Creates the demo meeting when the data dir has no meeting yet; returns it (and its tokens) only then. */
export async function ensureDemoMeeting (config: Config, deps: { store: Store; clock: Clock }, descriptionFile: string): Promise<CreatedMeeting | null> {
  if ((await deps.store.listMeetings()).length > 0) return null
  const demo = await createMeeting(loadDemoDescription(descriptionFile), deps)
  writeSecrets(config, { ...readSecrets(config), demo })
  return demo
}
