/**
 * Server-side SIP digest authentication (RFC 3261 §22.4 on RFC 2617, algorithms per RFC 8760:
 * MD5 and SHA-256, qop=auth). The server keeps only HA1 = H(username:realm:password) per
 * algorithm, never the password, and checks responses in constant time.
 *
 * A REGISTER without credentials gets 401 with `buildChallenge`; one with credentials is
 * parsed by `parseDigestCredentials` and judged by `verifyDigest`: 'stale' → 401 with a fresh
 * challenge and stale=true; any other failure → 401/403.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { checkNonce, createNonce, type NonceContext } from './digest-nonce.ts';
import { isToken, quote, splitOutside, unquote } from './sip-lexer.ts';
import { fail } from './sip-parse-error.ts';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  /** Lower-case hex. */
  readonly response: string;
  /** As sent ('MD5' when absent); verifyDigest refuses what it does not support. */
  readonly algorithm: string;
  /** null for an RFC 2069 client that sent no qop. */
  readonly qop: string | null;
  readonly nc: string | null;
  readonly cnonce: string | null;
  readonly opaque: string | null;
}

export type DigestVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason:
        | 'wrong-realm'
        | 'unsupported-algorithm'
        | 'unsupported-qop'
        | 'wrong-uri'
        | 'bad-nonce'
        | 'wrong-response'
        | 'stale';
    };

/** Five minutes: long enough for a REGISTER retry, short enough to bound replays. */
export const DEFAULT_NONCE_LIFETIME_MS = 5 * 60_000;

const HASHES: Readonly<Record<DigestAlgorithm, string>> = { MD5: 'md5', 'SHA-256': 'sha256' };

function supportedAlgorithm(name: string): DigestAlgorithm | null {
  const upper = name.toUpperCase();
  return upper === 'MD5' || upper === 'SHA-256' ? upper : null;
}

function hash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(HASHES[algorithm]).update(text, 'utf8').digest('hex');
}

/**
 * HA1, the value to store for a SIP account instead of its password.
 *
 * @example
 * ha1('1001', 'hotline', 'secret', 'SHA-256'); // 64 hex digits
 */
export function ha1(
  username: string,
  realm: string,
  password: string,
  algorithm: DigestAlgorithm = 'MD5',
): string {
  return hash(algorithm, `${username}:${realm}:${password}`);
}

/** The request-digest a client should send (RFC 2617 §3.2.2.1; without qop, RFC 2069's form). */
export function digestResponse(input: {
  readonly ha1: string;
  readonly algorithm: DigestAlgorithm;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  readonly qop?: string | null;
  readonly nc?: string | null;
  readonly cnonce?: string | null;
}): string {
  const ha2 = hash(input.algorithm, `${input.method}:${input.uri}`);
  if (!input.qop) return hash(input.algorithm, `${input.ha1}:${input.nonce}:${ha2}`);
  return hash(input.algorithm, `${input.ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

export interface ChallengeOptions extends NonceContext {
  readonly now: number;
  readonly algorithm?: DigestAlgorithm;
  /** Set when the credentials were right but the nonce had expired. */
  readonly stale?: boolean;
  readonly opaque?: string;
}

/**
 * The value of a WWW-Authenticate (or Proxy-Authenticate) header. To offer both algorithms,
 * send two headers, SHA-256 first (RFC 8760 §2.4).
 *
 * @example
 * buildChallenge({ realm: 'hotline', secret, now: Date.now(), algorithm: 'SHA-256' });
 * // 'Digest realm="hotline", nonce="…", algorithm=SHA-256, qop="auth"'
 */
export function buildChallenge(options: ChallengeOptions): string {
  const parts = [
    `Digest realm=${quote(options.realm)}`,
    `nonce="${createNonce(options, options.now)}"`,
    `algorithm=${options.algorithm ?? 'MD5'}`,
    'qop="auth"',
  ];
  if (options.opaque !== undefined) parts.push(`opaque=${quote(options.opaque)}`);
  if (options.stale) parts.push('stale=true');
  return parts.join(', ');
}

const AUTH_PARAM = /^([^=\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)$/;

/**
 * Parses an Authorization / Proxy-Authorization value with the Digest scheme.
 *
 * @throws SipParseError when it is not a well-formed Digest credential.
 */
export function parseDigestCredentials(value: string): DigestCredentials {
  const match = /^\s*(\S+)\s+([\s\S]*)$/.exec(value);
  if (!match || match[1]!.toLowerCase() !== 'digest') fail('not Digest credentials');
  const params = new Map<string, string>();
  for (const piece of splitOutside(match[2]!, ',')) {
    if (piece.trim() === '') continue;
    const param = AUTH_PARAM.exec(piece.trim());
    if (!param || !isToken(param[1]!)) fail('bad auth-param');
    const name = param[1]!.toLowerCase();
    if (params.has(name)) fail(`duplicate auth-param ${name.slice(0, 20)}`);
    params.set(name, unquote(param[2]!));
  }
  const required = (name: string): string => params.get(name) ?? fail(`missing ${name}`);
  const qop = params.get('qop') ?? null;
  const nc = params.get('nc') ?? null;
  const cnonce = params.get('cnonce') ?? null;
  if (qop !== null && (nc === null || cnonce === null)) fail('qop without nc and cnonce');
  if (nc !== null && !/^[0-9a-fA-F]{8}$/.test(nc)) fail('bad nc');
  const response = required('response');
  if (!/^[0-9a-fA-F]+$/.test(response)) fail('bad response');
  return {
    username: required('username'),
    realm: required('realm'),
    nonce: required('nonce'),
    uri: required('uri'),
    response: response.toLowerCase(),
    algorithm: params.get('algorithm') ?? 'MD5',
    qop,
    nc,
    cnonce,
    opaque: params.get('opaque') ?? null,
  };
}

export interface VerifyInput extends NonceContext {
  readonly credentials: DigestCredentials;
  readonly method: string;
  /** The stored HA1 for credentials.username in this realm, for credentials.algorithm. */
  readonly ha1: string;
  readonly now: number;
  readonly nonceLifetimeMs?: number;
  /** When given, the digest's `uri` must equal it (RFC 2617 §3.2.2.5). */
  readonly requestUri?: string;
}

function equalConstantTime(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Digest lengths are public (they follow from the algorithm), so the early return leaks nothing.
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * @example
 * const verdict = verifyDigest({ credentials, method: 'REGISTER', ha1: stored, realm, secret, now: Date.now() });
 * if (!verdict.ok && verdict.reason === 'stale') reply401(buildChallenge({ …, stale: true }));
 */
export function verifyDigest(input: VerifyInput): DigestVerdict {
  const { credentials } = input;
  if (credentials.realm !== input.realm) return { ok: false, reason: 'wrong-realm' };
  const algorithm = supportedAlgorithm(credentials.algorithm);
  if (!algorithm) return { ok: false, reason: 'unsupported-algorithm' };
  if (credentials.qop !== null && credentials.qop.toLowerCase() !== 'auth') {
    return { ok: false, reason: 'unsupported-qop' };
  }
  if (input.requestUri !== undefined && credentials.uri !== input.requestUri)
    return { ok: false, reason: 'wrong-uri' };
  const nonce = checkNonce(
    input,
    credentials.nonce,
    input.now,
    input.nonceLifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS,
  );
  if (nonce === 'invalid') return { ok: false, reason: 'bad-nonce' };
  const expected = digestResponse({
    ...credentials,
    algorithm,
    ha1: input.ha1.toLowerCase(),
    method: input.method,
  });
  if (!equalConstantTime(expected, credentials.response)) return { ok: false, reason: 'wrong-response' };
  // Only a right answer to an expired nonce earns stale=true (RFC 2617 §3.2.1).
  if (nonce === 'stale') return { ok: false, reason: 'stale' };
  return { ok: true };
}
