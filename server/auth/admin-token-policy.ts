// What a ROSTRUM_ADMIN_TOKEN set by hand must be. A generated token (tokens.ts) is 32 characters of
// base64url, 192 bits; one chosen by a person is held to a floor it can be checked against at start.

/** The characters a token can travel with: a link's `#token=` and `Authorization: Bearer` (tokens.ts). */
const TOKEN_CHARACTERS = /^[A-Za-z0-9_-]*$/
const MAX_TOKEN_CHARS = 128
/** 24 characters of this alphabet hold ~140 bits when random; shorter is guessable offline from a leaked hash. */
export const MIN_ADMIN_TOKEN_CHARS = 24
/** "aaaa…", "abab…", "1234…" repeated are long but not random. */
const MIN_DISTINCT_CHARS = 12
/** Words every password list starts with; a token built on one is guessed first. */
const COMMON_WORDS = ['password', 'passw0rd', 'qwerty', 'azerty', 'letmein', 'changeme', 'iloveyou', 'welcome', 'abcdefgh']

/** Why the token cannot be the admin token, or null when it can. */
export function adminTokenProblem (token: string): string | null {
  if (!TOKEN_CHARACTERS.test(token) || token.length > MAX_TOKEN_CHARS) {
    return `ROSTRUM_ADMIN_TOKEN may hold only A–Z, a–z, 0–9, "-" and "_", at most ${MAX_TOKEN_CHARS} of them: ` +
      'a token with ".", "+", "/", "=" or a space cannot be sent in a link or a Bearer header, and would lock the admin out.'
  }
  const advice = 'Leave it unset and one is generated, or use `openssl rand -base64 32 | tr "+/" "-_" | tr -d "="`.'
  if (token.length < MIN_ADMIN_TOKEN_CHARS) return `ROSTRUM_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_CHARS} characters long. ${advice}`
  const lower = token.toLowerCase()
  if (new Set(lower).size < MIN_DISTINCT_CHARS || COMMON_WORDS.some((word) => lower.includes(word))) {
    return `ROSTRUM_ADMIN_TOKEN is too easy to guess (a common password, or too few different characters). ${advice}`
  }
  return null
}
