/**
 * Token buckets for rate limits: each key (a visitor, an IP address) holds up to `burst`
 * tokens, refilled at `perMinute`; a request takes one or is refused with the seconds until
 * one is back. Pure arithmetic over the clock passed in, so limits are tested as tables.
 *
 * Buckets live in this process's memory on purpose: a flood is refused before it costs a
 * database round trip. With several server instances each keeps its own buckets, so a
 * visitor spread over N instances gets at most N times the limit.
 *
 * @example
 * const limits = new TokenBuckets({ burst: 2, perMinute: 60 });
 * limits.take('ip:1.2.3.4', 0);    // { ok: true }
 * limits.take('ip:1.2.3.4', 0);    // { ok: true }
 * limits.take('ip:1.2.3.4', 0);    // { ok: false, retryAfterSeconds: 1 }
 * limits.take('ip:1.2.3.4', 1000); // { ok: true }: one token back after a second
 */
export interface BucketRule {
  /** Tokens a full bucket holds: how many requests may come at once. */
  burst: number;
  /** Tokens added per minute: the sustained rate. */
  perMinute: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly rule: BucketRule,
    /** Past this many keys, full buckets are dropped (they hold no information). */
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string, nowMs: number, cost = 1): TakeResult {
    const perMs = this.rule.perMinute / 60_000;
    const bucket = this.buckets.get(key);
    const tokens = bucket
      ? Math.min(this.rule.burst, bucket.tokens + Math.max(0, nowMs - bucket.at) * perMs)
      : this.rule.burst;
    if (tokens < cost) {
      this.buckets.set(key, { tokens, at: nowMs });
      const missing = cost - tokens;
      return {
        ok: false,
        retryAfterSeconds: perMs > 0 ? Math.max(1, Math.ceil(missing / perMs / 1000)) : 60,
      };
    }
    if (!bucket && this.buckets.size >= this.maxKeys) this.sweep(nowMs);
    this.buckets.set(key, { tokens: tokens - cost, at: nowMs });
    return { ok: true };
  }

  /** Forgets buckets that have refilled: a key seen again starts full anyway. */
  sweep(nowMs: number) {
    const perMs = this.rule.perMinute / 60_000;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (nowMs - bucket.at) * perMs >= this.rule.burst) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
