/**
 * The phone's side of SIP digest authentication (RFC 2617 / RFC 8760 as RFC 3261 §22 uses
 * it): read the registrar's WWW-Authenticate challenge and answer it with an Authorization
 * header. Pure; the hashing is the project's own digestResponse.
 */
import { randomBytes } from 'node:crypto';
import { type DigestAlgorithm, digestResponse, ha1 } from '../../channels/voice/sip/digest-auth.ts';
import { quote, splitOutside, unquote } from '../../channels/voice/sip/sip-lexer.ts';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  /** 'auth' when the server offers it (then nc and cnonce are sent), else null. */
  qop: 'auth' | null;
  opaque: string | null;
}

/**
 * The challenge to answer among the WWW-Authenticate values: MD5 if offered (every phone
 * knows it), else SHA-256; null when none is a Digest challenge we can answer.
 */
export function pickChallenge(values: readonly string[]): DigestChallenge | null {
  const parsed = values.map(parseChallenge).filter((c): c is DigestChallenge => c !== null);
  return parsed.find((c) => c.algorithm === 'MD5') ?? parsed[0] ?? null;
}

export function parseChallenge(value: string): DigestChallenge | null {
  const match = /^\s*digest\s+([\s\S]*)$/i.exec(value);
  if (!match) return null;
  const params = new Map<string, string>();
  for (const piece of splitOutside(match[1]!, ',')) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    params.set(piece.slice(0, eq).trim().toLowerCase(), unquote(piece.slice(eq + 1).trim()));
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (realm === undefined || nonce === undefined) return null;
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256') return null;
  const qops = (params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
  return {
    realm,
    nonce,
    algorithm,
    qop: qops.includes('auth') ? 'auth' : null,
    opaque: params.get('opaque') ?? null,
  };
}

/**
 * The Authorization value for one request.
 *
 * @example
 * authorization(challenge, { username: 'demo.agent20', password: 'hotline-phone', method: 'REGISTER', uri: 'sip:127.0.0.1:5060', nc: 1 });
 */
export function authorization(
  challenge: DigestChallenge,
  request: { username: string; password: string; method: string; uri: string; nc: number; cnonce?: string },
): string {
  const nc = request.nc.toString(16).padStart(8, '0');
  const cnonce = request.cnonce ?? randomBytes(8).toString('hex');
  const response = digestResponse({
    ha1: ha1(request.username, challenge.realm, request.password, challenge.algorithm),
    algorithm: challenge.algorithm,
    method: request.method,
    uri: request.uri,
    nonce: challenge.nonce,
    qop: challenge.qop,
    nc,
    cnonce,
  });
  const parts = [
    `Digest username=${quote(request.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(request.uri)}`,
    `response="${response}"`,
    `algorithm=${challenge.algorithm}`,
  ];
  if (challenge.qop) parts.push(`qop=auth`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (challenge.opaque !== null) parts.push(`opaque=${quote(challenge.opaque)}`);
  return parts.join(', ');
}
