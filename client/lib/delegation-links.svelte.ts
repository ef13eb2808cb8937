// The chair adds a delegation that inscribes late, or removes one that never took part, through the
// HTTP API (the server issues or revokes its link in the same transaction; see docs/protocol.md §14).
import type { DelegationCode, MeetingId } from '../../shared/domain/types.ts'
import type { AddedDelegationAnswer } from '../../shared/protocol/api.ts'
import { ERROR_CODES } from '../../shared/protocol/errors.ts'
import type { ActionErrorCode } from './meeting-session.svelte.ts'

/** A link handed out from this page, shown with its QR code until the page is left. */
export interface IssuedLink {
  readonly code: DelegationCode
  readonly name: string
  readonly url: string
}

export interface DelegationLinksOptions {
  readonly meetingId: MeetingId
  /** The chair's token: only the chair may add or remove a delegation. */
  readonly token: string
  /** Origin of the API; the page's own by default. */
  readonly serverUrl?: string
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>
}

export class DelegationLinks {
  readonly #options: DelegationLinksOptions
  #issued = $state.raw<readonly IssuedLink[]>([])
  #busy = $state(false)
  /** The error code of the last refusal (shown with the common error messages), or null. */
  #error = $state<ActionErrorCode | null>(null)

  constructor (options: DelegationLinksOptions) {
    this.#options = options
  }

  get issued (): readonly IssuedLink[] { return this.#issued }
  get busy (): boolean { return this.#busy }
  get error (): ActionErrorCode | null { return this.#error }

  clearError (): void {
    this.#error = null
  }

  /** Adds the delegation and keeps its new link; false when refused. Never rejects. */
  async add (code: string, name: string): Promise<boolean> {
    const body = await this.#request('POST', '', { code, name })
    if (body === null) return false
    const { delegation, link } = body as AddedDelegationAnswer
    this.#issued = [{ code: delegation.code, name: delegation.name, url: link }, ...this.#issued.filter((issued) => issued.code !== delegation.code)]
    return true
  }

  /** Removes the delegation (its links stop working); false when refused. Never rejects. */
  async remove (code: DelegationCode): Promise<boolean> {
    const done = await this.#request('DELETE', `/${encodeURIComponent(code)}`) !== null
    if (done) this.#issued = this.#issued.filter((issued) => issued.code !== code)
    return done
  }

  async #request (method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const { meetingId, token, serverUrl = '', fetch: send = (url, init) => fetch(url, init) } = this.#options
    this.#busy = true
    this.#error = null
    try {
      const response = await send(`${serverUrl}/api/meetings/${encodeURIComponent(meetingId)}/delegations${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const answer = await response.json() as { error?: { code: string } }
      if (!response.ok) {
        this.#error = knownCode(answer.error?.code)
        return null
      }
      return answer
    } catch {
      this.#error = 'TIMEOUT'
      return null
    } finally {
      this.#busy = false
    }
  }
}

/** The server's code when it is one the page has words for; any other failure reads as the server's. */
function knownCode (code: string | undefined): ActionErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code ?? '') ? code as ActionErrorCode : 'INTERNAL'
}
