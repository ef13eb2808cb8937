import { randomBytes } from 'node:crypto'

/** A short random id with a readable prefix: "spk_3fJx…". 72 bits, so collisions are not a concern. */
export function randomId (prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`
}
