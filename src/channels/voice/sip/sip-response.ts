/**
 * Building a response to a request the way a UAS must (RFC 3261 §8.2.6): Via, From, Call-ID
 * and CSeq copied unchanged and in order, To copied and given a tag unless it already has one
 * or the response is 100 Trying, Timestamp echoed on 100 (§8.2.6.1).
 */
import { randomBytes } from 'node:crypto';
import { readTo } from './sip-fields.ts';
import { canonicalHeaderName } from './sip-header-names.ts';
import { headerValue, type SipHeader } from './sip-headers.ts';
import { isToken, splitOutside } from './sip-lexer.ts';
import type { SipRequest, SipResponse } from './sip-message.ts';
import { tagOf } from './sip-name-addr.ts';
import { reasonPhrase } from './sip-reason-phrases.ts';
import { formatVia, parseVia, stampVia } from './sip-via.ts';

export interface ResponseOptions {
  /** Defaults to the standard phrase for the status. */
  readonly reason?: string;
  /**
   * The To tag of this UAS's side of the dialog. Every response to one request must carry the
   * same tag, so a caller answering 180 then 200 passes the same value; default a fresh one.
   */
  readonly toTag?: string;
  /** Extra headers after the copied ones (Contact, WWW-Authenticate, Retry-After, Min-Expires …). */
  readonly headers?: readonly SipHeader[];
  readonly body?: Buffer;
  /**
   * Where the request came from. The top Via then gets `received` and a filled-in `rport`
   * (§18.2.1, RFC 3581), so the response reaches a phone behind NAT.
   */
  readonly source?: { readonly address: string; readonly port: number };
}

const COPIED = new Set(['Via', 'From', 'To', 'Call-ID', 'CSeq']);

/** A random token for a tag; 64 bits is plenty for §19.3's "globally unique" in practice. */
export function randomTag(): string {
  return randomBytes(8).toString('hex');
}

/**
 * @example
 * const ringing = buildResponse(invite, 180, { toTag });
 * const challenge = buildResponse(register, 401, { headers: [{ name: 'WWW-Authenticate', value }] });
 */
export function buildResponse(
  request: SipRequest,
  status: number,
  options: ResponseOptions = {},
): SipResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699)
    throw new RangeError(`bad SIP status ${status}`);
  const needsTag = status > 100 && tagOf(readTo(request)) === null;
  const toTag = options.toTag ?? randomTag();
  if (!isToken(toTag)) throw new RangeError('a To tag must be a token');
  const headers: SipHeader[] = [];
  let stampedVia = false;
  for (const header of request.headers) {
    const name = canonicalHeaderName(header.name);
    if (!COPIED.has(name)) continue;
    if (name === 'Via' && options.source && !stampedVia) {
      stampedVia = true;
      const [top, ...others] = splitOutside(header.value, ',').map((part) => part.trim());
      const stamped = stampVia(parseVia(top ?? ''), options.source.address, options.source.port);
      headers.push({ name, value: [formatVia(stamped), ...others].join(', ') });
      continue;
    }
    // Appending keeps the sender's text (and any spacing a strict peer compares) untouched.
    const value = name === 'To' && needsTag ? `${header.value};tag=${toTag}` : header.value;
    headers.push({ name, value });
  }
  const timestamp = headerValue(request.headers, 'Timestamp');
  if (status === 100 && timestamp !== undefined) headers.push({ name: 'Timestamp', value: timestamp });
  headers.push(...(options.headers ?? []));
  return {
    kind: 'response',
    version: 'SIP/2.0',
    status,
    reason: options.reason ?? reasonPhrase(status),
    headers,
    body: options.body ?? Buffer.alloc(0),
  };
}
