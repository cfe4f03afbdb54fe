import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The visitor's token: it opens one conversation and nothing else. It reads
 * `<conversation id>.<secret>`; the id says which conversation (and so which tenant) to load,
 * and only the secret's sha256 is stored, so a database leak does not hand out live chats.
 *
 * @example
 * const { token, hash } = newVisitorToken(conversationId);
 * parseVisitorToken(token); // { conversationId, secret }
 * secretMatches(parseVisitorToken(token)!.secret, hash); // true
 */
export function newVisitorToken(conversationId: string): { token: string; hash: Buffer } {
  const secret = randomBytes(24).toString('base64url');
  return { token: `${conversationId}.${secret}`, hash: hashSecret(secret) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseVisitorToken(token: string): { conversationId: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const conversationId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!UUID.test(conversationId) || !/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return null;
  return { conversationId: conversationId.toLowerCase(), secret };
}

export function secretMatches(secret: string, hash: Buffer): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
