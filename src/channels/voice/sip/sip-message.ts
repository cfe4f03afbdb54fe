/**
 * SIP messages (RFC 3261 §7): the request and response types, the parser from wire bytes and
 * the serializer back to them. The parser is strict about framing and about the headers every
 * transaction depends on (Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length) and
 * lenient about the rest, which stay as raw text for the typed readers in sip-fields.ts.
 * Any bad input, however odd, ends in a SipParseError.
 */
import {
  readCallId,
  readContentLength,
  readCSeq,
  readFrom,
  readMaxForwards,
  readTo,
  readVias,
} from './sip-fields.ts';
import { canonicalHeaderName, isSingleHeader } from './sip-header-names.ts';
import { type SipHeader, singleHeaderValue, withHeader } from './sip-headers.ts';
import { isToken } from './sip-lexer.ts';
import { fail } from './sip-parse-error.ts';
import { isAbsoluteUri, parseUri } from './sip-uri.ts';

export type { SipHeader } from './sip-headers.ts';

interface SipMessageBase {
  /** 'SIP/2.0' for every peer we talk to; another version parses so the edge can answer 505. */
  readonly version: string;
  readonly headers: readonly SipHeader[];
  readonly body: Buffer;
}

export interface SipRequest extends SipMessageBase {
  readonly kind: 'request';
  /** Case-sensitive (§7.1): 'INVITE', 'REGISTER' … */
  readonly method: string;
  /** The Request-URI as written; parse it with parseUri (any absoluteURI passes here, for a 416). */
  readonly uri: string;
}

export interface SipResponse extends SipMessageBase {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
}

export type SipMessage = SipRequest | SipResponse;

export interface SipLimits {
  /** Whole message, start line to the end of the body. */
  readonly maxMessageBytes: number;
  /** Header fields after unfolding. */
  readonly maxHeaders: number;
  /** One physical line, folded continuation lines counted separately. */
  readonly maxLineLength: number;
}

/** Large enough for any INVITE with SDP from real phones, small enough to bound the work per packet. */
export const DEFAULT_SIP_LIMITS: SipLimits = {
  maxMessageBytes: 64 * 1024,
  maxHeaders: 100,
  maxLineLength: 4096,
};

export interface SipParseOptions {
  /**
   * 'stream' (TCP, TLS) requires Content-Length, since it alone marks where the next message
   * starts; 'datagram' (UDP) lets it default to the rest of the packet (§18.3). Default 'datagram'.
   */
  readonly transport?: 'datagram' | 'stream';
  readonly limits?: Partial<SipLimits>;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const utf8 = new TextDecoder('utf-8', { fatal: true });
const REQUEST_LINE = /^([^ ]+) ([^ ]+) (SIP\/[0-9]{1,3}\.[0-9]{1,3})$/i;
const STATUS_LINE = /^(SIP\/[0-9]{1,3}\.[0-9]{1,3}) ([1-6][0-9]{2}) (.*)$/i;
const HEADER_LINE = /^([^:\s]+)[ \t]*:[ \t]*(.*)$/;
/** Control characters have no place in a start line or header value; HTAB is linear white space. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

function leadingBlankLines(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
  return i;
}

function decodeHead(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return fail('header section is not UTF-8');
  }
}

/** Splits the header section into unfolded header fields (§7.3.1 line folding). */
function parseHeaderLines(lines: readonly string[], limits: SipLimits): SipHeader[] {
  const headers: { name: string; value: string }[] = [];
  for (const line of lines) {
    if (line.length > limits.maxLineLength) fail('line too long');
    if (line.startsWith(' ') || line.startsWith('\t')) {
      const previous = headers.at(-1);
      if (!previous) fail('continuation line before any header');
      previous.value = `${previous.value} ${line.trim()}`.trim();
      continue;
    }
    const match = HEADER_LINE.exec(line);
    if (!match || !isToken(match[1]!)) fail('bad header line');
    headers.push({ name: match[1]!, value: match[2]!.trim() });
    if (headers.length > limits.maxHeaders) fail('too many headers');
  }
  for (const header of headers) if (hasControl(header.value)) fail('control character in header');
  return headers;
}

function checkCoreHeaders(message: SipMessage): void {
  for (const header of message.headers) {
    const name = canonicalHeaderName(header.name);
    if (isSingleHeader(name)) singleHeaderValue(message.headers, name);
  }
  readVias(message);
  readFrom(message);
  readTo(message);
  readCallId(message);
  const cseq = readCSeq(message);
  readMaxForwards(message);
  if (message.kind === 'request') {
    if (cseq.method !== message.method) fail('CSeq method differs from request method');
    const scheme = message.uri.slice(0, message.uri.indexOf(':')).toLowerCase();
    if (scheme === 'sip' || scheme === 'sips' || scheme === 'tel') parseUri(message.uri);
    else if (!isAbsoluteUri(message.uri)) fail('bad Request-URI');
  }
}

/**
 * Parses one SIP message from a UDP datagram or a frame cut by SipStreamFramer.
 *
 * @example
 * const request = parseSipMessage(datagram);
 * if (request.kind === 'request' && request.method === 'REGISTER') …
 * @throws SipParseError for anything malformed or beyond the limits.
 */
export function parseSipMessage(
  input: Buffer | Uint8Array | string,
  options: SipParseOptions = {},
): SipMessage {
  const limits = { ...DEFAULT_SIP_LIMITS, ...options.limits };
  const all =
    typeof input === 'string'
      ? Buffer.from(input, 'utf8')
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (all.length > limits.maxMessageBytes) fail('message too large');
  // §7.5: CRLFs before the start line are keep-alives or padding, not an error.
  const bytes = all.subarray(leadingBlankLines(all));
  const headEnd = bytes.indexOf(HEADER_END);
  if (headEnd < 0) fail('no blank line after headers');
  const head = decodeHead(bytes.subarray(0, headEnd));
  // Each line must end in CRLF; a bare CR or LF would let headers hide inside other headers.
  const lines = head.split('\r\n');
  if (lines.some((line) => line.includes('\r') || line.includes('\n'))) fail('bare CR or LF');
  const startLine = lines[0]!;
  if (startLine.length > limits.maxLineLength) fail('line too long');
  if (hasControl(startLine)) fail('control character in start line');
  const headers = parseHeaderLines(lines.slice(1), limits);

  const rest = bytes.subarray(headEnd + HEADER_END.length);
  const contentLength = readContentLength({ headers });
  if (contentLength === null && options.transport === 'stream') fail('missing Content-Length');
  if (contentLength !== null && contentLength > rest.length) fail('Content-Length beyond the message');
  // On UDP, bytes after Content-Length are discarded (§18.3).
  const body = Buffer.from(rest.subarray(0, contentLength ?? rest.length));

  const request = REQUEST_LINE.exec(startLine);
  if (request) {
    const [, method, uri, version] = request as unknown as [string, string, string, string];
    if (!isToken(method)) fail('bad method');
    const message: SipRequest = {
      kind: 'request',
      method,
      uri,
      version: version.toUpperCase(),
      headers,
      body,
    };
    checkCoreHeaders(message);
    return message;
  }
  const status = STATUS_LINE.exec(startLine);
  if (status) {
    const message: SipResponse = {
      kind: 'response',
      version: status[1]!.toUpperCase(),
      status: Number(status[2]),
      reason: status[3]!,
      headers,
      body,
    };
    checkCoreHeaders(message);
    return message;
  }
  return fail('bad start line');
}

/**
 * Writes a message in wire form. Content-Length is always set from the body (keeping the
 * header's spelling if present), since a stale one would desynchronise a TCP stream.
 *
 * @example
 * socket.send(serializeSipMessage(buildResponse(request, 200)));
 * @throws RangeError when a header name or value could inject a line (a programming error, not input).
 */
export function serializeSipMessage(message: SipMessage): Buffer {
  const startLine =
    message.kind === 'request'
      ? `${message.method} ${message.uri} ${message.version}`
      : `${message.version} ${message.status} ${message.reason}`;
  const headers = withHeader(message.headers, 'Content-Length', String(message.body.length));
  let head = `${startLine}\r\n`;
  for (const { name, value } of headers) {
    if (!isToken(name) || hasControl(value)) throw new RangeError(`unsafe SIP header ${name.slice(0, 40)}`);
    head += `${name}: ${value}\r\n`;
  }
  if (hasControl(startLine)) throw new RangeError('unsafe SIP start line');
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), message.body]);
}
