/**
 * Stateless digest nonces: `<issued-at>.<mac>`, where the MAC is an HMAC-SHA-256 of the issue
 * time, the realm and an optional binding (say the client's address) under a server secret.
 * Any server instance holding the secret can check a nonce without shared storage, and an
 * old nonce is recognised as genuine-but-expired so the phone gets `stale=true` and retries
 * silently instead of asking its user for the password again.
 *
 * What a stateless nonce cannot do is notice a replayed nonce-count within its lifetime; the
 * lifetime bounds that window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface NonceContext {
  readonly secret: string | Buffer;
  readonly realm: string;
  /** Mixed into the MAC so a nonce works only for the same binding, e.g. the source address. */
  readonly binding?: string;
}

export type NonceCheck = 'valid' | 'stale' | 'invalid';

/** A nonce from another server's clock may be a little in the future; more than this is forged. */
const CLOCK_SKEW_MS = 5_000;

function mac(context: NonceContext, issuedAt: string): Buffer {
  return createHmac('sha256', context.secret)
    .update(`${issuedAt}\u0000${context.realm}\u0000${context.binding ?? ''}`)
    .digest()
    .subarray(0, 16);
}

/**
 * @example
 * const nonce = createNonce({ secret, realm: 'hotline' }, Date.now());
 * // 'lxk3v0ab.5Qm8…' (base36 milliseconds, then 128 bits of MAC in base64url)
 */
export function createNonce(context: NonceContext, now: number): string {
  const issuedAt = Math.floor(now).toString(36);
  return `${issuedAt}.${mac(context, issuedAt).toString('base64url')}`;
}

/** 'valid' while younger than `lifetimeMs`, 'stale' after, 'invalid' if this server never issued it. */
export function checkNonce(
  context: NonceContext,
  nonce: string,
  now: number,
  lifetimeMs: number,
): NonceCheck {
  const match = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/.exec(nonce);
  if (!match) return 'invalid';
  const issuedAt = match[1]!;
  // Compared as text: base64 decoding ignores the spare bits of the last character, so
  // comparing bytes would accept several spellings of one nonce.
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(mac(context, issuedAt).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  const age = now - Number.parseInt(issuedAt, 36);
  if (age < -CLOCK_SKEW_MS) return 'invalid';
  return age > lifetimeMs ? 'stale' : 'valid';
}
