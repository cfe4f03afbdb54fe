/**
 * Fuzzing the parser with fast-check (issue 5 §12): whatever bytes arrive, the only thing the
 * SIP layer may throw is SipParseError; whatever it accepts, it writes back so that it reads
 * the same; and well-formed messages built from random parts round-trip exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDigestCredentials } from './digest-auth.ts';
import {
  contactExpires,
  parseCSeq,
  readCallId,
  readContacts,
  readCSeq,
  readExpires,
  readFrom,
  readMaxForwards,
  readTo,
  readVias,
} from './sip-fields.ts';
import { headerValues, type SipHeader } from './sip-headers.ts';
import { parseSipMessage, type SipMessage, serializeSipMessage } from './sip-message.ts';
import { parseNameAddr } from './sip-name-addr.ts';
import { SipParseError } from './sip-parse-error.ts';
import { buildResponse } from './sip-response.ts';
import { SipStreamFramer } from './sip-stream.ts';
import { INVITE, OK_RESPONSE, REGISTER, TORTUOUS } from './sip-test-messages.ts';
import { parseUri } from './sip-uri.ts';
import { parseVia } from './sip-via.ts';

const RUNS = 2_000;

/** Runs `action`; any exception other than SipParseError fails the property. */
function onlySipParseError<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch (error) {
    if (error instanceof SipParseError) return undefined;
    throw error;
  }
}

/** Everything the edge would read from an accepted message, each reader on its own. */
function readEverything(message: SipMessage): void {
  for (const read of [
    readVias,
    readFrom,
    readTo,
    readCallId,
    readCSeq,
    readMaxForwards,
    readExpires,
    readContacts,
  ]) {
    onlySipParseError(() => read(message));
  }
  onlySipParseError(() => {
    const contacts = readContacts(message);
    if (contacts !== '*') contacts.forEach(contactExpires);
  });
  if (message.kind === 'request') {
    onlySipParseError(() => parseUri(message.uri));
    for (const value of headerValues(message.headers, 'Authorization'))
      onlySipParseError(() => parseDigestCredentials(value));
    onlySipParseError(() => buildResponse(message, 200));
  }
}

function withoutContentLength(headers: readonly SipHeader[]): SipHeader[] {
  return headers.filter((header) => !/^(content-length|l)$/i.test(header.name));
}

/** Parse → serialize → parse gives the same message (Content-Length is rewritten from the body). */
function expectRoundTrip(message: SipMessage): void {
  const again = parseSipMessage(serializeSipMessage(message), { transport: 'stream' });
  expect({ ...again, headers: withoutContentLength(again.headers) }).toEqual({
    ...message,
    headers: withoutContentLength(message.headers),
  });
}

function checkAnyInput(bytes: Uint8Array): void {
  const message = onlySipParseError(() => parseSipMessage(bytes));
  if (message) {
    readEverything(message);
    expectRoundTrip(message);
  }
}

const SEEDS = [INVITE, REGISTER, OK_RESPONSE, TORTUOUS].map((text) => Buffer.from(text));

// Characters that matter to the grammar, so random text reaches past the first check.
const SIP_ALPHABET = [...'SIP/2.0 INVITE sip:sips:tel:@;=,<>"\\[]:?&%0123456789abcdefz\r\n\t -.*'];
const sipishText = fc
  .array(fc.constantFrom(...SIP_ALPHABET), { maxLength: 400 })
  .map((chars) => chars.join(''));

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'replace'; at: number; byte: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(
        ...[',', ';', '"', '<', '>', '\r\n', '\r\n ', ':', '@', '%', '\\', '\u0000', '[', '999999999999'].map(
          (s) => Buffer.from(s),
        ),
      ),
    ),
  }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(seed: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = seed;
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : ('at' in m ? m.at : 0) % (bytes.length + 1);
    if (m.kind === 'delete') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    else if (m.kind === 'replace' && at < bytes.length)
      bytes = Buffer.from(bytes.map((b, i) => (i === at ? m.byte : b)));
    else if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
    else if (m.kind === 'duplicate-line' || m.kind === 'swap-lines') {
      const lines = bytes.toString('latin1').split('\r\n');
      if (m.kind === 'duplicate-line') lines.splice(m.line % lines.length, 0, lines[m.line % lines.length]!);
      else {
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      }
      bytes = Buffer.from(lines.join('\r\n'), 'latin1');
    }
  }
  return bytes;
}

describe('fuzzing the SIP parser', () => {
  it('throws nothing but SipParseError on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), checkAnyInput), { numRuns: RUNS });
  });

  it('throws nothing but SipParseError on random SIP-alphabet text', () => {
    fc.assert(
      fc.property(sipishText, (text) => checkAnyInput(Buffer.from(text))),
      { numRuns: RUNS },
    );
  });

  it('throws nothing but SipParseError on mutated valid messages, and round-trips what it accepts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, mutations) => checkAnyInput(mutate(seed, mutations)),
      ),
      { numRuns: RUNS * 3 },
    );
  });

  it('throws nothing but SipParseError from the field grammars on their own', () => {
    fc.assert(
      fc.property(fc.oneof(sipishText, fc.string({ maxLength: 200 })), (text) => {
        for (const parse of [parseUri, parseNameAddr, parseVia, parseCSeq, parseDigestCredentials]) {
          onlySipParseError(() => parse(text));
        }
        onlySipParseError(() => parseDigestCredentials(`Digest ${text}`));
        onlySipParseError(() => parseNameAddr(`<sip:${text}>`));
      }),
      { numRuns: RUNS },
    );
  });

  it('frames mutated streams without throwing, however they are cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { maxLength: 2 })), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (parts, cuts) => {
          const stream = Buffer.concat(parts.map(([seed, mutations]) => mutate(seed, mutations)));
          const framer = new SipStreamFramer();
          let offset = 0;
          for (let i = 0; offset < stream.length; i++) {
            const size = cuts[i % cuts.length]!;
            const output = framer.push(stream.subarray(offset, offset + size));
            output.messages.forEach(readEverything);
            offset += size;
          }
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('generated well-formed messages', () => {
  const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,12}$/).filter((t) => !/%/.test(t));
  const hostname = fc.constantFrom('example.com', 'hotline.example.cn', 'pbx-1.internal', 'a.b.c');
  const host = fc.oneof(
    hostname,
    fc.ipV4(),
    fc.ipV6().map((ip) => `[${ip}]`),
  );
  const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null });
  const user = fc.stringMatching(/^[A-Za-z0-9\-_.!~*'()&=+$,]{1,10}$/);
  const uriParamValue = fc.stringMatching(/^[A-Za-z0-9\-_.!~*'()]{1,10}$/);
  const uriParams = fc.uniqueArray(
    fc.tuple(
      fc.constantFrom('transport', 'lr', 'user', 'maddr', 'x-id'),
      fc.option(uriParamValue, { nil: null }),
    ),
    {
      selector: ([name]) => name,
      maxLength: 3,
    },
  );
  const sipUri = fc
    .record({
      scheme: fc.constantFrom('sip', 'sips'),
      user: fc.option(user, { nil: null }),
      host,
      port,
      params: uriParams,
    })
    .map(({ scheme, user: u, host: h, port: p, params }) => {
      const hostPort = `${h.toLowerCase()}${p === null ? '' : `:${p}`}`;
      const paramText = params.map(([n, v]) => (v === null ? `;${n}` : `;${n}=${v}`)).join('');
      return `${scheme}:${u === null ? '' : `${u}@`}${hostPort}${paramText}`;
    });
  // Display names with the characters that need quoting: commas, quotes, backslashes, Chinese.
  const displayName = fc
    .array(fc.constantFrom(...[...'abc XYZ,;<>@"\\:'], '张', '三', '客服'), { minLength: 1, maxLength: 12 })
    .map((chars) => chars.join(''));
  const quoted = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
  const nameAddr = fc
    .record({
      name: fc.option(displayName, { nil: null }),
      uri: sipUri,
      tag: fc.option(token, { nil: null }),
    })
    .map(({ name, uri, tag }) => ({
      name,
      uri,
      tag,
      text: `${name === null ? '' : `${quoted(name)} `}<${uri}>${tag === null ? '' : `;tag=${tag}`}`,
    }));
  const via = fc
    .record({
      transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'WS'),
      host,
      port,
      branch: token,
      rport: fc.boolean(),
    })
    .map((v) => ({
      ...v,
      text: `SIP/2.0/${v.transport} ${v.host.toLowerCase()}${v.port === null ? '' : `:${v.port}`};branch=z9hG4bK${v.branch}${v.rport ? ';rport' : ''}`,
    }));
  const method = fc.constantFrom('INVITE', 'REGISTER', 'OPTIONS', 'BYE', 'INFO', 'NEWMETHOD');
  const extraHeader = fc.record({
    name: fc.constantFrom('Subject', 'User-Agent', 'X-Hotline-Queue', 'Allow', 'Supported'),
    value: fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/),
  });

  it('parse exactly to their parts and serialize to the same bytes', () => {
    fc.assert(
      fc.property(
        fc.record({
          method,
          requestUri: sipUri,
          vias: fc.array(via, { minLength: 1, maxLength: 3 }),
          from: nameAddr,
          to: nameAddr,
          callId: token,
          seq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          maxForwards: fc.integer({ min: 0, max: 255 }),
          contacts: fc.array(nameAddr, { maxLength: 3 }),
          extra: fc.array(extraHeader, { maxLength: 4 }),
          body: fc.uint8Array({ maxLength: 300 }),
        }),
        (g) => {
          const lines = [
            `${g.method} ${g.requestUri} SIP/2.0`,
            ...g.vias.map((v) => `Via: ${v.text}`),
            `Max-Forwards: ${g.maxForwards}`,
            `From: ${g.from.text}`,
            `To: ${g.to.text}`,
            `Call-ID: ${g.callId}`,
            `CSeq: ${g.seq} ${g.method}`,
            ...(g.contacts.length > 0 ? [`Contact: ${g.contacts.map((c) => c.text).join(', ')}`] : []),
            ...g.extra.map((h) => `${h.name}: ${h.value}`),
            `Content-Length: ${g.body.length}`,
          ];
          const wire = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), g.body]);
          const message = parseSipMessage(wire, { transport: 'stream' });
          expect(serializeSipMessage(message).equals(wire)).toBe(true);
          expect(message).toMatchObject({ kind: 'request', method: g.method, uri: g.requestUri });
          expect(readVias(message).map((v) => v.branch)).toEqual(g.vias.map((v) => `z9hG4bK${v.branch}`));
          expect(readFrom(message)).toMatchObject({ displayName: g.from.name, uri: g.from.uri });
          expect(readTo(message).params.get('tag') ?? null).toBe(g.to.tag);
          expect(readCSeq(message)).toEqual({ seq: g.seq, method: g.method });
          expect(readMaxForwards(message)).toBe(g.maxForwards);
          const contacts = readContacts(message);
          expect(contacts !== '*' && contacts.map((c) => [c.displayName, c.uri])).toEqual(
            g.contacts.map((c) => [c.name, c.uri]),
          );
          expect(Buffer.from(message.body).equals(Buffer.from(g.body))).toBe(true);
          expectRoundTrip(message);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
