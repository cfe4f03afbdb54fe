import { describe, expect, it } from 'vitest';
import { readTo, readVias } from './sip-fields.ts';
import { headerValue, headerValues } from './sip-headers.ts';
import { parseSipMessage, type SipRequest, serializeSipMessage } from './sip-message.ts';
import { reasonPhrase } from './sip-reason-phrases.ts';
import { buildResponse } from './sip-response.ts';
import { INVITE, REGISTER, sipText } from './sip-test-messages.ts';

const invite = parseSipMessage(INVITE) as SipRequest;

describe('buildResponse (RFC 3261 §8.2.6)', () => {
  it('copies Via, From, To, Call-ID and CSeq and adds a To tag', () => {
    const response = buildResponse(invite, 180, { toTag: 'hotline1' });
    expect(response).toMatchObject({ kind: 'response', status: 180, reason: 'Ringing', version: 'SIP/2.0' });
    for (const name of ['Via', 'From', 'Call-ID', 'CSeq']) {
      expect(headerValues(response.headers, name)).toEqual(headerValues(invite.headers, name));
    }
    expect(headerValue(response.headers, 'To')).toBe('<sip:4008001234@hotline.example.cn>;tag=hotline1');
    expect(headerValue(response.headers, 'Contact')).toBeUndefined();
    expect(headerValue(response.headers, 'Max-Forwards')).toBeUndefined();
  });

  it('keeps every Via in order, repeated or comma-joined', () => {
    const text = INVITE.replace(
      'Max-Forwards: 70',
      'Via: SIP/2.0/TCP p1.example.com;branch=z9hG4bKp1, SIP/2.0/UDP p2;branch=z9hG4bKp2\r\nMax-Forwards: 70',
    );
    const request = parseSipMessage(text) as SipRequest;
    const response = parseSipMessage(serializeSipMessage(buildResponse(request, 200)));
    expect(readVias(response).map((via) => via.branch)).toEqual(['z9hG4bK74bf9', 'z9hG4bKp1', 'z9hG4bKp2']);
  });

  it('gives no tag to 100 Trying and echoes Timestamp there', () => {
    const request = parseSipMessage(
      INVITE.replace('Max-Forwards: 70', 'Timestamp: 54.2 0.5\r\nMax-Forwards: 70'),
    ) as SipRequest;
    const trying = buildResponse(request, 100);
    expect(readTo(trying).params.has('tag')).toBe(false);
    expect(headerValue(trying.headers, 'Timestamp')).toBe('54.2 0.5');
    expect(headerValue(buildResponse(request, 180).headers, 'Timestamp')).toBeUndefined();
  });

  it('leaves an existing To tag alone', () => {
    const inDialog = parseSipMessage(
      INVITE.replace(
        'To: <sip:4008001234@hotline.example.cn>',
        'To: <sip:4008001234@hotline.example.cn>;tag=abc',
      ),
    ) as SipRequest;
    expect(readTo(buildResponse(inDialog, 200, { toTag: 'other' })).params.get('tag')).toBe('abc');
  });

  it('invents a fresh tag when none is given', () => {
    const tag = readTo(buildResponse(invite, 486)).params.get('tag');
    expect(tag).toMatch(/^[0-9a-f]{16}$/);
  });

  it('stamps the top Via with received and rport from the source address', () => {
    const response = buildResponse(invite, 200, { source: { address: '203.0.113.9', port: 40112 } });
    expect(readVias(response)[0]).toMatchObject({
      received: '203.0.113.9',
      rport: 40112,
      branch: 'z9hG4bK74bf9',
    });
  });

  it('adds extra headers, a body and a custom reason, and serializes to a parseable message', () => {
    const register = parseSipMessage(REGISTER) as SipRequest;
    const response = buildResponse(register, 423, {
      reason: 'Too Soon',
      headers: [{ name: 'Min-Expires', value: '60' }],
    });
    const wire = parseSipMessage(serializeSipMessage(response), { transport: 'stream' });
    expect(wire).toMatchObject({ kind: 'response', status: 423, reason: 'Too Soon' });
    expect(headerValue(wire.headers, 'Min-Expires')).toBe('60');
  });

  it('refuses a To tag that is not a token', () => {
    expect(() => buildResponse(invite, 200, { toTag: 'a;b' })).toThrow(RangeError);
  });

  it('refuses a status outside 100–699', () => {
    expect(() => buildResponse(invite, 99)).toThrow(RangeError);
    expect(() => buildResponse(invite, 700)).toThrow(RangeError);
  });

  it('works on a request that used compact header names', () => {
    const compact = parseSipMessage(
      sipText([
        'OPTIONS sip:a@b SIP/2.0',
        'v: SIP/2.0/UDP h;branch=z9hG4bK1',
        'f: <sip:x@y>;tag=1',
        't: <sip:a@b>',
        'i: c',
        'CSeq: 2 OPTIONS',
        'l: 0',
      ]),
    ) as SipRequest;
    const response = buildResponse(compact, 200, { toTag: 't1' });
    expect(response.headers.map((header) => header.name)).toEqual(['Via', 'From', 'To', 'Call-ID', 'CSeq']);
  });
});

describe('reasonPhrase', () => {
  it.each([
    [100, 'Trying'],
    [200, 'OK'],
    [401, 'Unauthorized'],
    [416, 'Unsupported URI Scheme'],
    [423, 'Interval Too Brief'],
    [481, 'Call/Transaction Does Not Exist'],
    [503, 'Service Unavailable'],
    [505, 'Version Not Supported'],
    [499, 'Client Error'],
    [699, 'Global Failure'],
  ])('%i → %s', (status, phrase) => {
    expect(reasonPhrase(status)).toBe(phrase);
  });
});
