import { describe, expect, it } from 'vitest';
import {
  readCallId,
  readContacts,
  readCSeq,
  readExpires,
  readFrom,
  readMaxForwards,
  readTo,
  readVias,
} from './sip-fields.ts';
import { headerValue, headerValues } from './sip-headers.ts';
import { parseSipMessage, type SipMessage, serializeSipMessage } from './sip-message.ts';
import { SipParseError } from './sip-parse-error.ts';
import { INVITE, OK_RESPONSE, REGISTER, sipText, TORTUOUS } from './sip-test-messages.ts';

const CORE = [
  'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
  'From: <sip:a@example.com>;tag=1',
  'To: <sip:b@example.com>',
  'Call-ID: c1@192.0.2.1',
  'CSeq: 1 OPTIONS',
];

function options(
  extra: readonly string[] = [],
  start = 'OPTIONS sip:b@example.com SIP/2.0',
  body = '',
): string {
  return sipText([start, ...CORE, ...extra, `Content-Length: ${Buffer.byteLength(body)}`], body);
}

/** Replaces the core header whose name starts with `prefix`, or drops it when `line` is null. */
function replacing(prefix: string, line: string | null): string {
  const lines = CORE.flatMap((l) => (l.startsWith(prefix) ? (line === null ? [] : [line]) : [l]));
  return sipText(['OPTIONS sip:b@example.com SIP/2.0', ...lines, 'Content-Length: 0']);
}

function reasonOf(input: string | Buffer, transport?: 'datagram' | 'stream'): string {
  try {
    parseSipMessage(input, { transport });
  } catch (error) {
    if (error instanceof SipParseError) return error.reason;
    throw error;
  }
  throw new Error('parsed, but should not have');
}

describe('parseSipMessage: ordinary messages', () => {
  it('reads an INVITE with an SDP body', () => {
    const message = parseSipMessage(INVITE);
    expect(message).toMatchObject({
      kind: 'request',
      method: 'INVITE',
      uri: 'sip:4008001234@hotline.example.cn',
    });
    expect(message.body.toString()).toMatch(/^v=0\r\n/);
    expect(readFrom(message)).toMatchObject({
      displayName: 'Li Lei',
      params: new Map([['tag', '9fxced76sl']]),
    });
    expect(readVias(message)[0]).toMatchObject({
      transport: 'UDP',
      host: '192.0.2.10',
      port: 5060,
      rport: 'requested',
    });
    expect(readCSeq(message)).toEqual({ seq: 1, method: 'INVITE' });
    expect(readMaxForwards(message)).toBe(70);
  });

  it('reads a response', () => {
    const message = parseSipMessage(OK_RESPONSE);
    expect(message).toMatchObject({ kind: 'response', status: 200, reason: 'OK', version: 'SIP/2.0' });
    expect(readVias(message)[0]).toMatchObject({ rport: 5060, received: '192.0.2.10' });
  });

  it('reads a REGISTER with Contact expires and Expires', () => {
    const message = parseSipMessage(REGISTER);
    expect(readExpires(message)).toBe(3600);
    const contacts = readContacts(message);
    expect(contacts).not.toBe('*');
    expect(contacts[0]).toMatchObject({ params: new Map([['expires', '600']]) });
  });
});

describe('parseSipMessage: valid but odd (RFC 4475 §3.1.1 spirit)', () => {
  it('survives the tortuous INVITE', () => {
    const message = parseSipMessage(TORTUOUS);
    expect(readTo(message)).toMatchObject({
      uri: 'sip:vivekg@chair-dnrc.example.com',
      params: new Map([['tag', '1918181833n']]),
    });
    expect(readFrom(message).displayName).toBe('J Rosenberg \\"');
    expect(readMaxForwards(message)).toBe(68);
    expect(readCSeq(message)).toEqual({ seq: 9, method: 'INVITE' });
    expect(readVias(message).map((via) => [via.transport, via.host, via.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(headerValue(message.headers, 'NewFangledHeader')).toBe(
      'newfangled value continued newfangled value',
    );
    expect(headerValue(message.headers, 'Subject')).toBe('');
    expect(headerValues(message.headers, 'Route')).toEqual([
      '<sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
    ]);
    const contacts = readContacts(message);
    expect(contacts).toHaveLength(1);
    expect(contacts !== '*' && contacts[0]!.params.get('q')).toBe('0.33');
    expect(message.body.length).toBe(150);
  });

  it.each([
    ['CRLFs before the start line', `\r\n\r\n${options()}`],
    [
      'an unknown method',
      options([], 'NEWMETHOD sip:b@example.com SIP/2.0').replace('1 OPTIONS', '1 NEWMETHOD'),
    ],
    ['an unknown Request-URI scheme (for a 416)', options([], 'OPTIONS urn:service:sos SIP/2.0')],
    ['an escaped user part', options([], 'OPTIONS sip:%61lice@example.com SIP/2.0')],
    ['a user part holding ; and ?', options([], 'OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0')],
    [
      'an IPv6 Request-URI with port and params',
      options([], 'OPTIONS sip:[2001:db8::10]:5070;transport=tcp SIP/2.0'),
    ],
    ['a tel Request-URI', options([], 'OPTIONS tel:+86-10-1234-5678 SIP/2.0')],
    ['a lower-case version', options([], 'OPTIONS sip:b@example.com sip/2.0')],
    ['an unknown scheme in To', replacing('To:', 'To: <nobody:b@example.com>')],
    ['an unquoted display name', replacing('From:', 'From: Zhang  San <sip:a@example.com>;tag=1')],
    [
      'a quoted display name with a comma and UTF-8',
      replacing('From:', 'From: "张三, 客服" <sip:a@example.com>;tag=1'),
    ],
    ['an addr-spec From with params', replacing('From:', 'From: sip:a@example.com;tag=1')],
    ['compact header names', replacing('Call-ID:', 'i: c1@192.0.2.1')],
    ['Max-Forwards 0', options(['Max-Forwards: 0'])],
    ['an empty header value', options(['Subject:'])],
    [
      'a header split into repeated lines and commas',
      options(['Via: SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bK2, SIP/2.0/UDP host.example']),
    ],
    ['Contact: * with Expires 0', options(['Contact: *', 'Expires: 0'])],
    ['Content-Length 0 and nothing after', options()],
    ['a binary body', options(['Content-Type: application/octet-stream'], undefined, '\u0000\u0001\u00ff')],
    ['a large CSeq at the limit', replacing('CSeq:', 'CSeq: 2147483647 OPTIONS')],
  ])('parses %s', (_name, text) => {
    expect(() => parseSipMessage(text)).not.toThrow();
  });

  it('takes the rest of a datagram as the body when Content-Length is absent', () => {
    const text = sipText(['OPTIONS sip:b@example.com SIP/2.0', ...CORE], 'hello');
    expect(parseSipMessage(text).body.toString()).toBe('hello');
  });

  it('drops datagram bytes past Content-Length (§18.3)', () => {
    expect(
      parseSipMessage(`${options(['Content-Type: text/plain'], undefined, 'abc')}garbage`).body.toString(),
    ).toBe('abc');
  });

  it('reads a response reason in UTF-8 and an empty one', () => {
    const lines = OK_RESPONSE.split('\r\n');
    expect(parseSipMessage(['SIP/2.0 486 忙线中', ...lines.slice(1)].join('\r\n'))).toMatchObject({
      reason: '忙线中',
    });
    expect(parseSipMessage(['SIP/2.0 200 ', ...lines.slice(1)].join('\r\n'))).toMatchObject({ reason: '' });
  });

  it('keeps the header text of an unknown version so the edge can answer 505', () => {
    expect(parseSipMessage(options([], 'OPTIONS sip:b@example.com SIP/7.0'))).toMatchObject({
      version: 'SIP/7.0',
    });
  });
});

describe('parseSipMessage: invalid (RFC 4475 §3.1.2 spirit)', () => {
  it.each([
    ['no Via', replacing('Via:', null), 'missing Via'],
    ['no From', replacing('From:', null), 'missing From'],
    ['no To', replacing('To:', null), 'missing To'],
    ['no Call-ID', replacing('Call-ID:', null), 'missing Call-ID'],
    ['no CSeq', replacing('CSeq:', null), 'missing CSeq'],
    [
      'a CSeq method unlike the request',
      replacing('CSeq:', 'CSeq: 1 INVITE'),
      'CSeq method differs from request method',
    ],
    ['an overlarge CSeq', replacing('CSeq:', 'CSeq: 36893488147419103232 OPTIONS'), 'CSeq too large'],
    ['a CSeq past 2**31', replacing('CSeq:', 'CSeq: 2147483648 OPTIONS'), 'CSeq too large'],
    ['a non-numeric CSeq', replacing('CSeq:', 'CSeq: one OPTIONS'), 'bad CSeq'],
    ['Max-Forwards 300', options(['Max-Forwards: 300']), 'Max-Forwards too large'],
    ['two Max-Forwards', options(['Max-Forwards: 70', 'Max-Forwards: 69']), 'more than one Max-Forwards'],
    ['two From headers', options(['From: <sip:x@example.com>;tag=2']), 'more than one From'],
    ['two Content-Length headers', options(['l: 0']), 'more than one Content-Length'],
    [
      'a negative Content-Length',
      options([]).replace('Content-Length: 0', 'Content-Length: -1'),
      'bad Content-Length',
    ],
    [
      'a Content-Length past the end',
      options([]).replace('Content-Length: 0', 'Content-Length: 9999'),
      'Content-Length beyond the message',
    ],
    ['LWS inside the Request-URI', options([], 'OPTIONS sip:b@example.com; lr SIP/2.0'), 'bad start line'],
    [
      'two spaces between start-line elements',
      options([], 'OPTIONS  sip:b@example.com SIP/2.0'),
      'bad start line',
    ],
    ['a Request-URI with <>', options([], 'OPTIONS <sip:b@example.com> SIP/2.0'), 'bad Request-URI'],
    ['no scheme in the Request-URI', options([], 'OPTIONS b.example.com SIP/2.0'), 'bad Request-URI'],
    ['a bad port', options([], 'OPTIONS sip:b@example.com:70000 SIP/2.0'), 'bad port in URI'],
    ['a bad IPv6 host', options([], 'OPTIONS sip:[2001:db8::zz] SIP/2.0'), 'bad IPv6 host in URI'],
    ['a bad escape', options([], 'OPTIONS sip:%zzb@example.com SIP/2.0'), 'bad user in URI'],
    [
      'an unterminated quote',
      replacing('From:', 'From: "Li Lei <sip:a@example.com>;tag=1'),
      'unterminated quoted string',
    ],
    ['an unclosed <', replacing('To:', 'To: <sip:b@example.com'), 'unclosed <URI>'],
    ['text after >', replacing('To:', 'To: <sip:b@example.com> junk'), 'text after <URI>'],
    ['a Via without sent-by', replacing('Via:', 'Via: SIP/2.0/UDP ;branch=z9hG4bK1'), 'bad Via sent-by'],
    ['a Via with a branch but no value', replacing('Via:', 'Via: SIP/2.0/UDP h;branch'), 'bad Via branch'],
    [
      'a Via received that is no address',
      replacing('Via:', 'Via: SIP/2.0/UDP h;received=h.example'),
      'bad Via received',
    ],
    ['a Call-ID with a space', replacing('Call-ID:', 'Call-ID: a b'), 'bad Call-ID'],
    ['a status 700', `SIP/2.0 700 Odd\r\n${CORE.join('\r\n')}\r\n\r\n`, 'bad start line'],
    [
      'a status line without a reason separator',
      `SIP/2.0 200\r\n${CORE.join('\r\n')}\r\n\r\n`,
      'bad start line',
    ],
    ['no blank line after the headers', options().slice(0, -2), 'no blank line after headers'],
    ['bare LF line ends', options().replaceAll('\r\n', '\n'), 'no blank line after headers'],
    ['a bare LF inside', options(['Subject: a\nInjected: b']), 'bare CR or LF'],
    ['a NUL in a header', options(['Subject: a\u0000b']), 'control character in header'],
    ['a header name with a space', options(['Bad Header: x']), 'bad header line'],
    ['a line without a colon', options(['NoColonHere']), 'bad header line'],
    [
      'a continuation line first',
      sipText(['OPTIONS sip:b@example.com SIP/2.0', ' folded', ...CORE]),
      'continuation line before any header',
    ],
    ['an empty message', '', 'no blank line after headers'],
    ['only CRLFs', '\r\n\r\n\r\n', 'no blank line after headers'],
    ['a bad method', options([], 'OPT/IONS sip:b@example.com SIP/2.0'), 'bad method'],
  ])('rejects %s', (_name, text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it('rejects a header section that is not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from(options(['Subject: '])), Buffer.alloc(0)]);
    const at = bytes.indexOf('Subject: ') + 'Subject: '.length;
    const broken = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at)]);
    expect(reasonOf(broken)).toBe('header section is not UTF-8');
  });

  it('requires Content-Length on a stream transport', () => {
    const text = sipText(['OPTIONS sip:b@example.com SIP/2.0', ...CORE]);
    expect(reasonOf(text, 'stream')).toBe('missing Content-Length');
  });

  it('enforces the size, header-count and line-length limits', () => {
    expect(reasonOf(options(['Subject: x'], undefined, 'a'.repeat(70_000)))).toBe('message too large');
    expect(reasonOf(options(Array.from({ length: 120 }, (_, i) => `X-H${i}: v`)))).toBe('too many headers');
    expect(reasonOf(options([`Subject: ${'a'.repeat(5000)}`]))).toBe('line too long');
    expect(() => parseSipMessage(options(['Subject: x']), { limits: { maxHeaders: 6 } })).toThrow(
      SipParseError,
    );
  });
});

describe('serializeSipMessage', () => {
  const withoutLength = (message: SipMessage) =>
    message.headers.filter((header) => !/^(content-length|l)$/i.test(header.name));

  it.each([
    ['INVITE', INVITE],
    ['REGISTER', REGISTER],
    ['200 OK', OK_RESPONSE],
    ['tortuous', TORTUOUS],
  ])('round-trips %s: parse → serialize → parse', (_name, text) => {
    const first = parseSipMessage(text);
    const wire = serializeSipMessage(first);
    const second = parseSipMessage(wire, { transport: 'stream' });
    expect(second).toEqual(first);
    expect(serializeSipMessage(second).equals(wire)).toBe(true);
  });

  it('writes Content-Length from the body, keeping its spelling', () => {
    const message = parseSipMessage(options(['Content-Type: text/plain'], undefined, 'abc'));
    const longer = serializeSipMessage({ ...message, body: Buffer.from('abcdef') });
    expect(longer.toString()).toContain('Content-Length: 6\r\n\r\nabcdef');
    const text = sipText(['OPTIONS sip:b@example.com SIP/2.0', ...CORE], 'xy');
    const added = parseSipMessage(serializeSipMessage(parseSipMessage(text)), { transport: 'stream' });
    expect(withoutLength(added)).toEqual(withoutLength(parseSipMessage(text)));
    expect(headerValue(added.headers, 'Content-Length')).toBe('2');
  });

  it('refuses header values that would inject a line', () => {
    const message = parseSipMessage(options());
    const headers = [...message.headers, { name: 'Subject', value: 'x\r\nVia: evil' }];
    expect(() => serializeSipMessage({ ...message, headers })).toThrow(RangeError);
  });

  it('reads the Call-ID it wrote', () => {
    expect(readCallId(parseSipMessage(serializeSipMessage(parseSipMessage(INVITE))))).toBe(
      '3848276298220188511@192.0.2.10',
    );
  });
});
