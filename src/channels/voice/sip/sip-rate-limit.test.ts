import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../kernel/config.ts';
import { SipRateLimiter, TrustedSources } from './sip-rate-limit.ts';

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

describe('trusted SIP sources (HOTLINE_SIP_TRUSTED)', () => {
  const trusted = (env: Record<string, string>) =>
    loadConfig({ HOTLINE_DATA_DIR: '/tmp', ...env }).voice.trusted;

  it('parses addresses and CIDR networks, IPv4 and IPv6', () => {
    expect(
      trusted({ HOTLINE_SIP_TRUSTED: ' 192.0.2.10, 198.51.100.0/24 ,2001:db8::/32,[2001:db8::1]' }),
    ).toEqual([
      { address: '192.0.2.10', family: 'ipv4', prefix: null },
      { address: '198.51.100.0', family: 'ipv4', prefix: 24 },
      { address: '2001:db8::', family: 'ipv6', prefix: 32 },
      { address: '2001:db8::1', family: 'ipv6', prefix: null },
    ]);
    expect(trusted({})).toEqual([]);
  });

  it('trusts the configured trunk when it is given by address', () => {
    expect(trusted({ HOTLINE_SIP_TRUNK: '203.0.113.5:5080' })).toEqual([
      { address: '203.0.113.5', family: 'ipv4', prefix: null },
    ]);
    expect(trusted({ HOTLINE_SIP_TRUNK: 'trunk.example.com', HOTLINE_SIP_TRUSTED: '192.0.2.1' })).toEqual([
      { address: '192.0.2.1', family: 'ipv4', prefix: null },
    ]);
  });

  it('refuses a bad entry at startup, naming it', () => {
    for (const bad of [
      'trunk.example.com',
      '192.0.2.0/33',
      '2001:db8::/129',
      '192.0.2.0/24/8',
      '300.1.1.1',
      '192.0.2.0/x',
    ])
      expect(() => trusted({ HOTLINE_SIP_TRUSTED: `192.0.2.9,${bad}` })).toThrow(
        new RegExp(`HOTLINE_SIP_TRUSTED must be .*"${bad.replaceAll('.', '\\.')}"`),
      );
  });

  it('matches addresses and networks, and IPv4-mapped IPv6 peers', () => {
    const sources = new TrustedSources(
      trusted({ HOTLINE_SIP_TRUSTED: '192.0.2.10,198.51.100.0/24,2001:db8::/32' }),
    );
    expect(sources.has('192.0.2.10')).toBe(true);
    expect(sources.has('192.0.2.11')).toBe(false);
    expect(sources.has('198.51.100.200')).toBe(true);
    expect(sources.has('198.51.101.1')).toBe(false);
    expect(sources.has('::ffff:198.51.100.7')).toBe(true);
    expect(sources.has('2001:db8:1::5')).toBe(true);
    expect(sources.has('2001:db9::5')).toBe(false);
    expect(sources.has('not an address')).toBe(false);
    expect(new TrustedSources().has('192.0.2.10')).toBe(false);
  });
});
