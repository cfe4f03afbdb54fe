import { describe, expect, it } from 'vitest';
import { canonicalHeaderName } from './sip-header-names.ts';
import { headerValue, headerValues, singleHeaderValue, withHeader, withoutHeader } from './sip-headers.ts';
import { SipParseError } from './sip-parse-error.ts';

const headers = [
  { name: 'v', value: 'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2' },
  { name: 'VIA', value: 'SIP/2.0/TCP c;branch=z9hG4bK3' },
  { name: 'm', value: '"Doe, J" <sip:j@x;a=b,c>, <sip:k@y>' },
  { name: 'Authorization', value: 'Digest username="a", realm="r"' },
  { name: 'Allow', value: '' },
  { name: 'X-Custom', value: 'one' },
  { name: 'x-custom', value: 'two' },
];

describe('header lookup', () => {
  it.each([
    ['v', 'Via'],
    ['I', 'Call-ID'],
    ['cseq', 'CSeq'],
    ['www-authenticate', 'WWW-Authenticate'],
    ['l', 'Content-Length'],
    ['k', 'Supported'],
    ['X-Unknown', 'x-unknown'],
  ])('canonical name of %s is %s', (name, canonical) => {
    expect(canonicalHeaderName(name)).toBe(canonical);
  });

  it('splits list headers at top-level commas across repeated headers', () => {
    expect(headerValues(headers, 'via')).toEqual([
      'SIP/2.0/UDP a;branch=z9hG4bK1',
      'SIP/2.0/UDP b;branch=z9hG4bK2',
      'SIP/2.0/TCP c;branch=z9hG4bK3',
    ]);
    expect(headerValues(headers, 'Contact')).toEqual(['"Doe, J" <sip:j@x;a=b,c>', '<sip:k@y>']);
    expect(headerValues(headers, 'Allow')).toEqual([]);
  });

  it('keeps commas inside non-list headers and repeats unknown ones', () => {
    expect(headerValues(headers, 'authorization')).toEqual(['Digest username="a", realm="r"']);
    expect(headerValues(headers, 'X-CUSTOM')).toEqual(['one', 'two']);
    expect(headerValue(headers, 'x-custom')).toBe('one');
    expect(headerValue(headers, 'Subject')).toBeUndefined();
  });

  it('insists on one value where only one is allowed', () => {
    expect(() => singleHeaderValue(headers, 'X-Custom')).toThrow(SipParseError);
    expect(singleHeaderValue(headers, 'Authorization')).toBe('Digest username="a", realm="r"');
  });

  it('replaces in place, appends, and removes', () => {
    const replaced = withHeader(headers, 'contact', '*');
    expect(replaced[2]).toEqual({ name: 'm', value: '*' });
    expect(replaced).toHaveLength(headers.length);
    expect(withHeader(headers, 'Expires', '0').at(-1)).toEqual({ name: 'Expires', value: '0' });
    expect(withoutHeader(headers, 'Via')).toHaveLength(headers.length - 2);
  });
});
