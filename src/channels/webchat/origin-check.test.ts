import { describe, expect, it } from 'vitest';
import { normalizeOriginPattern, originAllowed } from './origin-check.ts';

describe('originAllowed', () => {
  const allowed = ['https://shop.cn', 'https://*.example.com', 'http://localhost:8080'];
  it.each([
    ['no Origin header', undefined, true],
    ['a listed origin', 'https://shop.cn', true],
    ['a listed origin, other scheme', 'http://shop.cn', false],
    ['a listed origin, other port', 'https://shop.cn:8443', false],
    ['a subdomain under a wildcard', 'https://www.example.com', true],
    ['a deeper subdomain under a wildcard', 'https://a.b.example.com', true],
    ['the bare domain of a wildcard', 'https://example.com', false],
    ['a look-alike domain', 'https://evilexample.com', false],
    ['a suffix attack', 'https://shop.cn.evil.com', false],
    ['localhost with its port', 'http://localhost:8080', true],
    ['the server itself', 'http://hotline.local:3000', true],
    ['"null" (a sandboxed frame)', 'null', false],
  ])('%s', (_name, origin, expected) => {
    expect(originAllowed(origin, allowed, 'hotline.local:3000')).toBe(expected);
  });

  it('lets "*" allow any page', () => {
    expect(originAllowed('https://anything.example', ['*'], undefined)).toBe(true);
  });
});

describe('normalizeOriginPattern', () => {
  it.each([
    ['https://Shop.CN/', 'https://shop.cn'],
    ['shop.cn', 'https://shop.cn'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://*.example.com', 'https://*.example.com'],
    ['*', '*'],
    ['https://shop.cn/path', null],
    ['ftp://shop.cn', null],
    ['https://', null],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeOriginPattern(raw)).toBe(expected);
  });
});
