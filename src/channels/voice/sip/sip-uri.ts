/**
 * SIP, SIPS (RFC 3261 §19.1) and tel (RFC 3966) URIs. Text is kept as written (escapes such
 * as `%40` are not decoded) so a URI formats back to the same characters; scheme, host and
 * parameter names are lower-cased because they compare case-insensitively.
 */
import { isIPv6 } from 'node:net';
import type { SipParams } from './sip-lexer.ts';
import { fail } from './sip-parse-error.ts';

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user: string | null;
  readonly password: string | null;
  /** A hostname, an IPv4 address, or an IPv6 reference in brackets (`[2001:db8::1]`). */
  readonly host: string;
  readonly port: number | null;
  readonly params: SipParams;
  /** `?subject=x&priority=urgent`, names as written, values raw. */
  readonly headers: ReadonlyMap<string, string>;
}

export interface TelUri {
  readonly scheme: 'tel';
  /** `+86-10-1234-5678` or a local number that needs a phone-context param. */
  readonly number: string;
  readonly params: SipParams;
}

export type Uri = SipUri | TelUri;

const ESCAPES_OK = /^(?:[^%]|%[0-9A-Fa-f]{2})*$/;
const USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;
const PASSWORD = /^[A-Za-z0-9\-_.!~*'()&=+$,%]*$/;
const PARAM_CHARS = /^[A-Za-z0-9\-_.!~*'()[\]/:&+$%]+$/;
const HEADER_CHARS = /^[A-Za-z0-9\-_.!~*'()[\]/?:+$%]*$/;
const HOSTNAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;
// Character classes and a separate "has a digit" test rather than one regex: a single pattern
// with a required digit between two starred classes backtracks quadratically on long input.
const TEL_GLOBAL = /^\+[0-9\-.()]+$/;
const TEL_LOCAL = /^[0-9A-Fa-f*#\-.()]+$/;
const MAX_HOST_LENGTH = 255;

function escaped(text: string, pattern: RegExp, what: string): string {
  if (!pattern.test(text) || !ESCAPES_OK.test(text)) fail(`bad ${what} in URI`);
  return text;
}

/** `;a=b;lr` of a URI (stricter characters than header params; no quoted strings). */
function parseUriParams(text: string): SipParams {
  const params: SipParams = new Map();
  if (text === '') return params;
  for (const piece of text.split(';')) {
    const eq = piece.indexOf('=');
    const name = escaped(eq < 0 ? piece : piece.slice(0, eq), PARAM_CHARS, 'parameter').toLowerCase();
    if (params.has(name)) fail('duplicate URI parameter');
    params.set(name, eq < 0 ? null : escaped(piece.slice(eq + 1), PARAM_CHARS, 'parameter'));
  }
  return params;
}

function parseUriHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const piece of text.split('&')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) fail('bad header in URI');
    const name = escaped(piece.slice(0, eq), HEADER_CHARS, 'header');
    if (headers.has(name)) fail('duplicate header in URI');
    headers.set(name, escaped(piece.slice(eq + 1), HEADER_CHARS, 'header'));
  }
  return headers;
}

function parseHostPort(text: string): { host: string; port: number | null } {
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || !isIPv6(text.slice(1, close))) fail('bad IPv6 host in URI');
    host = text.slice(0, close + 1).toLowerCase();
    rest = text.slice(close + 1);
  } else {
    const colon = text.indexOf(':');
    host = (colon < 0 ? text : text.slice(0, colon)).toLowerCase();
    rest = colon < 0 ? '' : text.slice(colon);
    if (host.length > MAX_HOST_LENGTH || !HOSTNAME.test(host)) fail('bad host in URI');
  }
  if (rest === '') return { host, port: null };
  if (!/^:[0-9]{1,5}$/.test(rest)) fail('bad port in URI');
  const port = Number(rest.slice(1));
  if (port > 65535) fail('bad port in URI');
  return { host, port };
}

function parseSipUri(scheme: 'sip' | 'sips', rest: string): SipUri {
  const at = rest.indexOf('@');
  let user: string | null = null;
  let password: string | null = null;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    user = escaped(colon < 0 ? userinfo : userinfo.slice(0, colon), USER, 'user');
    if (colon >= 0) password = escaped(userinfo.slice(colon + 1), PASSWORD, 'password');
  }
  const afterUser = rest.slice(at + 1);
  const question = afterUser.indexOf('?');
  const beforeHeaders = question < 0 ? afterUser : afterUser.slice(0, question);
  // An IPv6 reference holds no ';', so the first ';' ends the host and port.
  const semicolon = beforeHeaders.indexOf(';');
  const { host, port } = parseHostPort(semicolon < 0 ? beforeHeaders : beforeHeaders.slice(0, semicolon));
  return {
    scheme,
    user,
    password,
    host,
    port,
    params: parseUriParams(semicolon < 0 ? '' : beforeHeaders.slice(semicolon + 1)),
    headers: question < 0 ? new Map() : parseUriHeaders(afterUser.slice(question + 1)),
  };
}

function parseTelUri(rest: string): TelUri {
  const semicolon = rest.indexOf(';');
  const number = semicolon < 0 ? rest : rest.slice(0, semicolon);
  const shape = number.startsWith('+') ? TEL_GLOBAL : TEL_LOCAL;
  if (!shape.test(number) || !/[0-9A-Fa-f*#]/.test(number)) fail('bad tel number');
  return { scheme: 'tel', number, params: parseUriParams(semicolon < 0 ? '' : rest.slice(semicolon + 1)) };
}

/**
 * Parses a sip:, sips: or tel: URI; any other scheme is a SipParseError (the edge answers 416).
 *
 * @example
 * parseUri('sip:alice:secret@[2001:db8::1]:5060;transport=tcp?subject=hi');
 * // { scheme: 'sip', user: 'alice', password: 'secret', host: '[2001:db8::1]', port: 5060, … }
 */
export function parseUri(text: string): Uri {
  if (text.length === 0 || /[\s<>"]/.test(text)) fail('bad URI');
  const colon = text.indexOf(':');
  const scheme = text.slice(0, Math.max(colon, 0)).toLowerCase();
  const rest = text.slice(colon + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest);
  if (scheme === 'tel') return parseTelUri(rest);
  return fail('unsupported URI scheme');
}

/** Whether `text` looks like an absoluteURI of any scheme (a Request-URI the edge may refuse with 416). */
export function isAbsoluteUri(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+\-.]*:[^\s<>"]+$/.test(text);
}

export function formatUri(uri: Uri): string {
  let out = `${uri.scheme}:`;
  if (uri.scheme === 'tel') out += uri.number;
  else {
    if (uri.user !== null) out += uri.password === null ? `${uri.user}@` : `${uri.user}:${uri.password}@`;
    out += uri.host;
    if (uri.port !== null) out += `:${uri.port}`;
  }
  for (const [name, value] of uri.params) out += value === null ? `;${name}` : `;${name}=${value}`;
  if (uri.scheme !== 'tel' && uri.headers.size > 0) {
    out += `?${[...uri.headers].map(([name, value]) => `${name}=${value}`).join('&')}`;
  }
  return out;
}
