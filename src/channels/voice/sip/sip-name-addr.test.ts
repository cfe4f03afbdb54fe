import { describe, expect, it } from 'vitest';
import { formatNameAddr, parseNameAddr, tagOf } from './sip-name-addr.ts';
import { SipParseError } from './sip-parse-error.ts';

describe('parseNameAddr', () => {
  it.each([
    ['<sip:a@example.com>', null, 'sip:a@example.com', []],
    ['"Li Lei" <sip:a@example.com>;tag=9f', 'Li Lei', 'sip:a@example.com', [['tag', '9f']]],
    ['Zhang   San <sip:a@example.com>', 'Zhang San', 'sip:a@example.com', []],
    ['张三 <sip:a@example.com>', '张三', 'sip:a@example.com', []],
    ['"张三 (客服)" <sip:a@example.com>', '张三 (客服)', 'sip:a@example.com', []],
    ['"Doe, \\"J\\" \\\\" <sip:j@example.com>', 'Doe, "J" \\', 'sip:j@example.com', []],
    ['""<sip:a@example.com>', '', 'sip:a@example.com', []],
    // In brackets the URI keeps its own params; outside they are the header's.
    [
      '<sip:a@example.com;transport=tcp>;expires=60;q=0.5',
      null,
      'sip:a@example.com;transport=tcp',
      [
        ['expires', '60'],
        ['q', '0.5'],
      ],
    ],
    [
      'sip:a@example.com;transport=tcp;tag=1',
      null,
      'sip:a@example.com',
      [
        ['transport', 'tcp'],
        ['tag', '1'],
      ],
    ],
    ['  sip:a@example.com  ', null, 'sip:a@example.com', []],
    [
      '<sip:a@[2001:db8::1]:5060>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000a95a0e128>"',
      null,
      'sip:a@[2001:db8::1]:5060',
      [['+sip.instance', '"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>"']],
    ],
    ['<tel:+861012345678>', null, 'tel:+861012345678', []],
    [
      '<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>',
      null,
      'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
      [],
    ],
  ])('%s', (text, displayName, uri, params) => {
    const parsed = parseNameAddr(text);
    expect(parsed).toMatchObject({ displayName, uri, params: new Map(params as [string, string][]) });
  });

  it('parses sip and tel URIs and leaves other schemes as text', () => {
    expect(parseNameAddr('<sip:a@example.com:5080>').parsedUri).toMatchObject({ scheme: 'sip', port: 5080 });
    expect(parseNameAddr('<tel:+861012345678>').parsedUri).toMatchObject({ scheme: 'tel' });
    expect(parseNameAddr('<nobody:x>').parsedUri).toBeNull();
  });

  it.each([
    ['""', 'display name without <URI>'],
    ['"unterminated <sip:a@b>', 'unterminated quoted string'],
    ['Li@Lei <sip:a@b>', 'bad display name'],
    ['<sip:a@b', 'unclosed <URI>'],
    ['<sip:a@b> x', 'text after <URI>'],
    ['sip:a@b?x=y', 'addr-spec with , or ? needs <>'],
    ['<>', 'bad URI'],
    ['<sip:a@b>;tag', null],
    ['<sip:a@b>;tag=1;tag=2', 'duplicate parameter tag'],
    ['<sip:a@b>;ta g=1', 'bad parameter name'],
    ['<sip:a@b>;tag=a b', 'bad value for parameter tag'],
    ['', 'bad URI'],
  ])('handles %j', (text, reason) => {
    if (reason === null) expect(parseNameAddr(text).params.get('tag')).toBeNull();
    else expect(() => parseNameAddr(text)).toThrow(new SipParseError(reason));
  });

  it('formats to a form that parses the same', () => {
    for (const text of [
      '"Doe, \\"J\\"" <sip:j@example.com>;tag=1',
      'sip:a@example.com;tag=2',
      '"张三" <sip:a@b>',
      '张三 <sip:a@b>',
    ]) {
      const parsed = parseNameAddr(text);
      expect(parseNameAddr(formatNameAddr(parsed))).toEqual(parsed);
    }
  });

  it('finds the tag', () => {
    expect(tagOf(parseNameAddr('<sip:a@b>;tag=xyz'))).toBe('xyz');
    expect(tagOf(parseNameAddr('<sip:a@b>'))).toBeNull();
  });
});
