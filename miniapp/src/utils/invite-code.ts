import { INVITATION_CODE_ALPHABET, INVITATION_CODE_LENGTH } from '@qjt/shared'

const CODE_RE = new RegExp(`^[${INVITATION_CODE_ALPHABET}]{${INVITATION_CODE_LENGTH}}$`)

/**
 * Finds the invitation code in whatever a scan or a paste produced: the join link
 * (`…/join/index?code=XXXXXXXX`), a mini-program `scene`, or the bare code.
 */
export function extractInviteCode(raw: string | null | undefined): string | null {
  if (!raw) return null
  let text = raw.trim()
  try {
    text = decodeURIComponent(text)
  } catch {
    // Not URI-encoded: use as is.
  }
  const fromQuery = /[?&](?:code|scene)=([^&#]+)/i.exec(text)?.[1]
  const candidate = (fromQuery ?? text).replace(/^code[=:]/i, '').trim().toUpperCase()
  return CODE_RE.test(candidate) ? candidate : null
}
