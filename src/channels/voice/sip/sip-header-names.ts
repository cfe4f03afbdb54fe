/**
 * Header names: SIP header names are case-insensitive and many have a one-letter compact form
 * (RFC 3261 §7.3.3, plus later RFCs). Everything that looks a header up goes through
 * `canonicalHeaderName` so 'v', 'VIA' and 'Via' are the same header.
 */

const COMPACT: Readonly<Record<string, string>> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const KNOWN = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Error-Info',
  'Expires',
  'From',
  'In-Reply-To',
  'Max-Forwards',
  'Min-Expires',
  'MIME-Version',
  'Organization',
  'Priority',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'Record-Route',
  'Reply-To',
  'Require',
  'Retry-After',
  'Route',
  'Server',
  'Subject',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
  ...Object.values(COMPACT),
];

const CANONICAL = new Map<string, string>(KNOWN.map((name) => [name.toLowerCase(), name]));

/**
 * Headers whose value is a comma-separated list (RFC 3261 §7.3.1), so `Via: a, b` is two Vias.
 * Authorization and WWW-Authenticate hold commas inside one value and are deliberately absent.
 */
const LIST_HEADERS = new Set([
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Call-Info',
  'Contact',
  'Content-Encoding',
  'Content-Language',
  'Error-Info',
  'In-Reply-To',
  'Proxy-Require',
  'Record-Route',
  'Require',
  'Route',
  'Supported',
  'Unsupported',
  'Via',
  'Warning',
]);

/** Headers that may appear once only; a second one makes the message invalid (RFC 4475 §3.1.2.19). */
const SINGLE_HEADERS = new Set([
  'Call-ID',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Expires',
  'From',
  'Max-Forwards',
  'Min-Expires',
  'To',
]);

/**
 * The canonical spelling of a header name, expanding compact forms.
 *
 * @example
 * canonicalHeaderName('v'); // 'Via'
 * canonicalHeaderName('call-id'); // 'Call-ID'
 * canonicalHeaderName('X-Custom'); // 'x-custom' (unknown names are compared lower-cased)
 */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length === 1) return COMPACT[lower] ?? lower;
  return CANONICAL.get(lower) ?? lower;
}

export function isListHeader(canonicalName: string): boolean {
  return LIST_HEADERS.has(canonicalName);
}

export function isSingleHeader(canonicalName: string): boolean {
  return SINGLE_HEADERS.has(canonicalName);
}
