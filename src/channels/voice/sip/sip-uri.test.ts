import { describe, expect, it } from 'vitest';
import { SipParseError } from './sip-parse-error.ts';
import { formatUri, isAbsoluteUri, parseUri } from './sip-uri.ts';

describe('parseUri', () => {
  it('reads every part of a SIP URI', () => {
    expect(
      parseUri('sips:alice:secret@Hotline.Example.CN:5061;Transport=TLS;lr?subject=hi&priority=urgent'),
    ).toEqual({
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: 'hotline.example.cn',
      port: 5061,
      params: new Map([
        ['transport', 'TLS'],
        ['lr', null],
      ]),
      headers: new Map([
        ['subject', 'hi'],
        ['priority', 'urgent'],
      ]),
    });
  });

  it.each([
    ['sip:example.com', { user: null, host: 'example.com', port: null }],
    ['SIP:1001@192.0.2.5', { scheme: 'sip', user: '1001', host: '192.0.2.5' }],
    ['sip:[2001:DB8::1]:5070', { host: '[2001:db8::1]', port: 5070 }],
    ['sip:[::ffff:192.0.2.1]', { host: '[::ffff:192.0.2.1]', port: null }],
    ['sip:%61lice@example.com', { user: '%61lice' }],
    ['sip:user;par=u%40example.net@example.com', { user: 'user;par=u%40example.net', host: 'example.com' }],
    [
      'sip:+8613800138000@trunk.example.net;user=phone',
      { user: '+8613800138000', params: new Map([['user', 'phone']]) },
    ],
    ['sip:alice:@example.com', { user: 'alice', password: '' }],
    ['sip:example.com.', { host: 'example.com.' }],
    ['sip:a@b?Route=%3Csip:example.com%3E', { headers: new Map([['Route', '%3Csip:example.com%3E']]) }],
  ])('%s', (text, expected) => {
    expect(parseUri(text)).toMatchObject(expected);
  });

  it.each([
    ['tel:+86-10-1234-5678', '+86-10-1234-5678', new Map()],
    ['tel:7042;phone-context=example.cn', '7042', new Map([['phone-context', 'example.cn']])],
    ['tel:*21#', '*21#', new Map()],
  ])('reads %s', (text, number, params) => {
    expect(parseUri(text)).toEqual({ scheme: 'tel', number, params });
  });

  it.each([
    ['', 'bad URI'],
    ['sip:', 'bad host in URI'],
    ['sip:a@', 'bad host in URI'],
    ['sip:a b@example.com', 'bad URI'],
    ['sip:<a>@example.com', 'bad URI'],
    ['sip:a@exa_mple.com', 'bad host in URI'],
    ['sip:a@-example.com', 'bad host in URI'],
    ['sip:a@example.com:', 'bad port in URI'],
    ['sip:a@example.com:0x50', 'bad port in URI'],
    ['sip:a@example.com:65536', 'bad port in URI'],
    ['sip:a@[2001:db8::1', 'bad IPv6 host in URI'],
    ['sip:a@[192.0.2.1]', 'bad IPv6 host in URI'],
    ['sip:a%2@example.com', 'bad user in URI'],
    ['sip:a:p@ss@example.com', 'bad host in URI'],
    ['sip:a@example.com;lr;lr', 'duplicate URI parameter'],
    ['sip:a@example.com;=x', 'bad parameter in URI'],
    ['sip:a@example.com?', 'bad header in URI'],
    ['sip:a@example.com?x', 'bad header in URI'],
    ['tel:', 'bad tel number'],
    ['tel:+', 'bad tel number'],
    ['tel:12 34', 'bad URI'],
    ['http://example.com', 'unsupported URI scheme'],
    ['example.com', 'unsupported URI scheme'],
    [`sip:a@${'a'.repeat(300)}.com`, 'bad host in URI'],
  ])('rejects %j (%s)', (text, reason) => {
    expect(() => parseUri(text)).toThrow(new SipParseError(reason));
  });

  it.each([
    'sip:example.com',
    'sips:alice:secret@hotline.example.cn:5061;transport=tls;lr?subject=hi&priority=urgent',
    'sip:[2001:db8::1]:5070;maddr=239.255.255.1',
    'sip:%61lice@example.com',
    'tel:7042;phone-context=example.cn',
  ])('formats %s back to itself', (text) => {
    expect(formatUri(parseUri(text))).toBe(text);
  });
});

describe('isAbsoluteUri', () => {
  it.each([
    ['urn:service:sos', true],
    ['mailto:a@example.com', true],
    ['sip:a@b', true],
    ['a@b', false],
    ['1sip:a', false],
    ['sip:', false],
    ['sip:a b', false],
  ])('%s → %s', (text, expected) => {
    expect(isAbsoluteUri(text)).toBe(expected);
  });
});
