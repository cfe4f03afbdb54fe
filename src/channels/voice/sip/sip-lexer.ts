/**
 * The small lexical pieces the SIP grammars share (RFC 3261 §25.1): tokens, quoted strings,
 * splitting on a separator that may also sit inside quotes or angle brackets, and `;name=value`
 * parameter lists. Everything here throws SipParseError, never a TypeError.
 */
import { fail } from './sip-parse-error.ts';

/** Ordered, lower-cased parameter names to their raw value (`null` for a bare `;lr`). */
export type SipParams = Map<string, string | null>;

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
// A generic-param value is a token, a host (IPv6 carries ':' and '[]') or a quoted-string.
const PARAM_VALUE = /^(?:[A-Za-z0-9\-.!%*_+`'~:[\]]+|"(?:[^"\\\r\n]|\\[^\r\n])*")$/;

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/**
 * Splits `text` at every `separator` that is outside a quoted-string and outside `<…>`, so a
 * display name `"Doe, John" <sip:j@x>` or a URI with `;` inside brackets stays whole.
 *
 * @example
 * splitOutside('"a, b" <sip:x>, <sip:y>', ','); // ['"a, b" <sip:x>', ' <sip:y>']
 */
export function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '<') angle = true;
    else if (ch === '>') angle = false;
    else if (ch === separator && !angle) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) fail('unterminated quoted string');
  parts.push(text.slice(start));
  return parts;
}

/**
 * Parses `;a=1;b;c="x y"` (the leading `;` optional) into a SipParams map. Names must be tokens
 * and appear once; values are kept raw (quotes included) so formatting gives the same text.
 */
export function parseParams(text: string): SipParams {
  const params: SipParams = new Map();
  const body = text.trim();
  if (body === '') return params;
  const pieces = splitOutside(body.startsWith(';') ? body.slice(1) : body, ';');
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    const name = (eq < 0 ? piece : piece.slice(0, eq)).trim().toLowerCase();
    if (!isToken(name)) fail('bad parameter name');
    if (params.has(name)) fail(`duplicate parameter ${name.slice(0, 20)}`);
    if (eq < 0) {
      params.set(name, null);
      continue;
    }
    const value = piece.slice(eq + 1).trim();
    if (!PARAM_VALUE.test(value)) fail(`bad value for parameter ${name.slice(0, 20)}`);
    params.set(name, value);
  }
  return params;
}

export function formatParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** The text of a quoted-string without its quotes and backslash escapes; other text as is. */
export function unquote(text: string): string {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return text;
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

export function quote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/** A non-negative decimal integer no larger than `max`, or a SipParseError naming `what`. */
export function parseBoundedInteger(text: string, max: number, what: string): number {
  const digits = text.trim();
  if (!/^[0-9]{1,20}$/.test(digits)) fail(`bad ${what}`);
  const value = Number(digits);
  if (value > max) fail(`${what} too large`);
  return value;
}
