/**
 * Typed readers for the header fields the edge acts on: Via, From, To, Call-ID, CSeq,
 * Max-Forwards, Expires, Contact, Content-Length. Each reads a parsed message's header list
 * and throws SipParseError when the field is missing (where required) or malformed, which
 * is what RFC 4475 asks: the message is refused, not half-understood.
 */
import type { SipHeader } from './sip-headers.ts';
import { headerValues, singleHeaderValue } from './sip-headers.ts';
import { isToken, parseBoundedInteger } from './sip-lexer.ts';
import { type NameAddr, parseNameAddr } from './sip-name-addr.ts';
import { fail } from './sip-parse-error.ts';
import { parseVia, type Via } from './sip-via.ts';

interface HasHeaders {
  readonly headers: readonly SipHeader[];
}

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/** RFC 3261 §8.1.1.5: the sequence number fits in 32 bits, and UACs stay below 2**31. */
const MAX_CSEQ = 2 ** 31 - 1;
/** delta-seconds (§25.1) are 32-bit. */
const MAX_DELTA_SECONDS = 2 ** 32 - 1;
const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+(?:@[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+)?$/;

export function parseCSeq(text: string): CSeq {
  const match = /^([0-9]{1,20})\s+(\S+)$/.exec(text.trim());
  if (!match || !isToken(match[2]!)) fail('bad CSeq');
  return { seq: parseBoundedInteger(match[1]!, MAX_CSEQ, 'CSeq'), method: match[2]! };
}

/** delta-seconds as in Expires, Min-Expires and the Contact `expires` param. */
export function parseDeltaSeconds(text: string, what = 'delta-seconds'): number {
  return parseBoundedInteger(text, MAX_DELTA_SECONDS, what);
}

export function readVias(message: HasHeaders): Via[] {
  const values = headerValues(message.headers, 'Via');
  if (values.length === 0) fail('missing Via');
  return values.map(parseVia);
}

function readAddress(message: HasHeaders, name: 'From' | 'To'): NameAddr {
  const value = singleHeaderValue(message.headers, name);
  if (value === undefined) fail(`missing ${name}`);
  return parseNameAddr(value);
}

export function readFrom(message: HasHeaders): NameAddr {
  return readAddress(message, 'From');
}

export function readTo(message: HasHeaders): NameAddr {
  return readAddress(message, 'To');
}

export function readCallId(message: HasHeaders): string {
  const value = singleHeaderValue(message.headers, 'Call-ID');
  if (value === undefined) fail('missing Call-ID');
  if (!CALL_ID.test(value)) fail('bad Call-ID');
  return value;
}

export function readCSeq(message: HasHeaders): CSeq {
  const value = singleHeaderValue(message.headers, 'CSeq');
  if (value === undefined) fail('missing CSeq');
  return parseCSeq(value);
}

/** Max-Forwards (§20.22), 0–255; null when absent. */
export function readMaxForwards(message: HasHeaders): number | null {
  const value = singleHeaderValue(message.headers, 'Max-Forwards');
  return value === undefined ? null : parseBoundedInteger(value, 255, 'Max-Forwards');
}

/** The Expires header in seconds; null when absent. */
export function readExpires(message: HasHeaders): number | null {
  const value = singleHeaderValue(message.headers, 'Expires');
  return value === undefined ? null : parseDeltaSeconds(value, 'Expires');
}

export function readContentLength(message: HasHeaders): number | null {
  const value = singleHeaderValue(message.headers, 'Content-Length');
  return value === undefined ? null : parseBoundedInteger(value, Number.MAX_SAFE_INTEGER, 'Content-Length');
}

/**
 * The Contact header: `'*'` (a REGISTER removing every binding), the list of addresses, or
 * an empty list when absent. A `*` mixed with addresses is invalid (§10.3 step 6).
 */
export function readContacts(message: HasHeaders): '*' | NameAddr[] {
  const values = headerValues(message.headers, 'Contact');
  if (values.includes('*')) {
    if (values.length > 1) fail('Contact * with other contacts');
    return '*';
  }
  return values.map(parseNameAddr);
}

/** A Contact's `expires` param in seconds, or null when it has none. */
export function contactExpires(contact: NameAddr): number | null {
  const value = contact.params.get('expires');
  if (value === undefined) return null;
  if (value === null) fail('expires param without a value');
  return parseDeltaSeconds(value, 'Contact expires');
}
