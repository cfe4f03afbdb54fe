import { describe, expect, it } from 'vitest';
import { SipRateLimiter } from './sip-rate-limit.ts';

const config = {
  rules: { INVITE: { perSecond: 2, burst: 3 }, REGISTER: { perSecond: 1, burst: 1 } },
  maxSources: 1000,
};

describe('SipRateLimiter', () => {
  it('lets a burst through, then holds the source to the rate with a Retry-After', () => {
    const limiter = new SipRateLimiter(config);
    const results = Array.from({ length: 5 }, () => limiter.take('192.0.2.1', 'INVITE', 0));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results[3]).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('192.0.2.1', 'INVITE', 499).allowed).toBe(false);
    expect(limiter.take('192.0.2.1', 'INVITE', 500).allowed).toBe(true);
  });

  it('keeps sources and methods apart, and leaves other methods alone', () => {
    const limiter = new SipRateLimiter(config);
    expect(limiter.take('192.0.2.1', 'REGISTER', 0).allowed).toBe(true);
    expect(limiter.take('192.0.2.1', 'REGISTER', 0).allowed).toBe(false);
    expect(limiter.take('192.0.2.2', 'REGISTER', 0).allowed).toBe(true);
    expect(limiter.take('192.0.2.1', 'INVITE', 0).allowed).toBe(true);
    for (let i = 0; i < 100; i++) expect(limiter.take('192.0.2.1', 'BYE', 0).allowed).toBe(true);
  });

  it('refills no further than the burst', () => {
    const limiter = new SipRateLimiter(config);
    limiter.take('h', 'INVITE', 0);
    const later = Array.from({ length: 4 }, () => limiter.take('h', 'INVITE', 3_600_000).allowed);
    expect(later).toEqual([true, true, true, false]);
  });

  it('computes Retry-After from the refill rate', () => {
    const limiter = new SipRateLimiter({ rules: { REGISTER: { perSecond: 0.1, burst: 1 } }, maxSources: 10 });
    limiter.take('h', 'REGISTER', 0);
    expect(limiter.take('h', 'REGISTER', 0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('mints no tokens when the clock steps back', () => {
    const limiter = new SipRateLimiter(config);
    limiter.take('h', 'REGISTER', 10_000);
    expect(limiter.take('h', 'REGISTER', 0).allowed).toBe(false);
    expect(limiter.take('h', 'REGISTER', 10_500).allowed).toBe(false);
    expect(limiter.take('h', 'REGISTER', 11_000).allowed).toBe(true);
  });

  it('holds at most maxSources buckets, dropping the longest idle', () => {
    const limiter = new SipRateLimiter({ ...config, maxSources: 3 });
    limiter.take('a', 'REGISTER', 0);
    for (const source of ['b', 'c', 'd', 'e']) limiter.take(source, 'REGISTER', 1);
    expect(limiter.size).toBe(3);
    // 'a' was forgotten, so it starts again with a full bucket.
    expect(limiter.take('a', 'REGISTER', 2).allowed).toBe(true);
    expect(limiter.take('e', 'REGISTER', 2).allowed).toBe(false);
  });
});
