import { describe, expect, it } from 'vitest';
import { maskPhone, normalizeContact, normalizePhone, phoneSearchDigits } from './contact-value.ts';

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['0086 13812345678', '+8613812345678'],
    ['010 6552 9988', '+861065529988'],
    ['(021) 6234-5678', '+862162345678'],
    ['+1 415 555 2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s → %s', (raw, e164) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: e164 });
  });

  it.each(['12345', 'abc', '', '+86 999', '1381234567890123'])('rejects %j', (raw) => {
    expect(normalizePhone(raw).ok).toBe(false);
  });

  it('reads numbers without a country code in the tenant region', () => {
    expect(normalizePhone('(415) 555-2671', 'US')).toEqual({ ok: true, value: '+14155552671' });
  });
});

describe('normalizeContact', () => {
  it('lower-cases and validates emails', () => {
    expect(normalizeContact('email', ' Li.Na@Example.COM ')).toEqual({
      ok: true,
      value: 'li.na@example.com',
    });
    expect(normalizeContact('email', 'li.na@').ok).toBe(false);
  });
  it('keeps chat ids as typed, trimmed', () => {
    expect(normalizeContact('chat', ' wxid_abc ')).toEqual({ ok: true, value: 'wxid_abc' });
  });
});

describe('maskPhone', () => {
  it.each([
    ['+8613812345678', '*********5678'],
    ['+14155552671', '*******2671'],
  ])('%s → %s', (raw, masked) => {
    expect(maskPhone(raw)).toBe(masked);
    expect(maskPhone(raw)).not.toContain(raw.slice(1, 5));
  });
});

describe('phoneSearchDigits', () => {
  it.each([
    ['5678', '5678'],
    ['138 1234 5678', '13812345678'],
    ['+86-138', '86138'],
    ['张伟', null],
    ['12', null],
  ])('%s → %s', (q, digits) => {
    expect(phoneSearchDigits(q)).toBe(digits);
  });
});
