import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.ts';

describe('TokenBuckets', () => {
  it('lets a burst through, then one request per refill interval', () => {
    const limits = new TokenBuckets({ burst: 3, perMinute: 60 });
    const at = (ms: number) => limits.take('v1', ms).ok;
    expect([at(0), at(0), at(0), at(0)]).toEqual([true, true, true, false]);
    expect(limits.take('v1', 10)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(at(1000)).toBe(true);
    expect(at(1001)).toBe(false);
    // A long pause refills to the burst, never beyond.
    expect([at(60_000), at(60_000), at(60_000), at(60_000)]).toEqual([true, true, true, false]);
  });

  it('keeps keys apart: one flooding key leaves the others their full burst', () => {
    const limits = new TokenBuckets({ burst: 2, perMinute: 6 });
    for (let i = 0; i < 50; i++) limits.take('flood', i);
    expect(limits.take('flood', 50)).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(limits.take('quiet', 50).ok).toBe(true);
    expect(limits.take('quiet', 50).ok).toBe(true);
  });

  it('forgets refilled buckets when it holds too many keys', () => {
    const limits = new TokenBuckets({ burst: 1, perMinute: 60 }, 3);
    for (const key of ['a', 'b', 'c']) limits.take(key, 0);
    expect(limits.size).toBe(3);
    limits.take('d', 5000);
    expect(limits.size).toBe(1);
  });
});
