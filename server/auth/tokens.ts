import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 192 bits: unguessable, and short enough for a QR code. */
export function generateToken (): string {
  return randomBytes(24).toString('base64url')
}

export function hashToken (token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** A name for a token in logs and the audit log that reveals nothing usable. */
export function tokenId (hash: string): string {
  return hash.slice(0, 12)
}

export function sameHash (a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}

/** "Bearer <token>" → the token, or null. */
export function bearerToken (header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header ?? '')
  return match?.[1] ?? null
}
