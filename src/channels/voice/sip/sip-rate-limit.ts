/**
 * Per-source token buckets for the requests a flood is made of (INVITE, REGISTER): each
 * source address may burst a little, then is held to a steady rate; past that the edge answers
 * 503 Service Unavailable with Retry-After instead of doing the work (a digest check, a
 * routing decision), so one noisy address cannot disturb other calls.
 *
 * Pure apart from its own memory: the caller passes `now`. The number of tracked sources is
 * bounded, dropping the longest-idle first, so spoofed source addresses cannot exhaust memory.
 */
import { BlockList, isIP } from 'node:net';
import type { TrustedNetwork } from '../../../kernel/config.ts';

export interface BucketRule {
  /** Tokens added per second: the sustained rate allowed. */
  readonly perSecond: number;
  /** Bucket size: how many may arrive at once. */
  readonly burst: number;
}

export interface RateLimitConfig {
  /** Methods not listed are not limited here. */
  readonly rules: Readonly<Record<string, BucketRule>>;
  readonly maxSources: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  rules: { INVITE: { perSecond: 5, burst: 20 }, REGISTER: { perSecond: 2, burst: 10 } },
  maxSources: 100_000,
};

export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * @example
 * const limiter = new SipRateLimiter();
 * const decision = limiter.take('203.0.113.9', 'INVITE', Date.now());
 * if (!decision.allowed) reply(buildResponse(invite, 503, { headers: [{ name: 'Retry-After', value: String(decision.retryAfterSeconds) }] }));
 */
export class SipRateLimiter {
  // A Map iterates in insertion order; re-inserting on use keeps the longest idle first.
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly config: RateLimitConfig = DEFAULT_RATE_LIMITS) {}

  /** Spends one token of `source`'s bucket for `method` at time `now` (milliseconds). */
  take(source: string, method: string, now: number): RateDecision {
    const rule = this.config.rules[method];
    if (!rule) return { allowed: true };
    const key = `${method} ${source}`;
    const bucket = this.buckets.get(key) ?? { tokens: rule.burst, updatedAt: now };
    this.buckets.delete(key);
    // A clock stepping backwards must not mint tokens or make a negative refill.
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(rule.burst, bucket.tokens + elapsed * rule.perSecond);
    bucket.updatedAt = Math.max(now, bucket.updatedAt);
    this.buckets.set(key, bucket);
    this.evict();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rule.perSecond)),
    };
  }

  /** How many (method, source) buckets are held. */
  get size(): number {
    return this.buckets.size;
  }

  private evict(): void {
    while (this.buckets.size > this.config.maxSources) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) return;
      this.buckets.delete(oldest);
    }
  }
}

/**
 * Addresses the per-address limit does not apply to: the SIP trunks and gateways that carry
 * every customer's call from one address (`HOTLINE_SIP_TRUSTED`, and the configured trunk).
 * Entries are IPv4 or IPv6 addresses or networks, as config.ts parses them; an IPv4 peer seen as IPv4-mapped IPv6 (`::ffff:192.0.2.1`, a dual-stack
 * TCP socket) matches its IPv4 entry.
 *
 * @example
 * const trusted = new TrustedSources([{ address: '198.51.100.0', family: 'ipv4', prefix: 24 }]);
 * trusted.has('198.51.100.7'); // true
 */
export class TrustedSources {
  private readonly list = new BlockList();
  private count = 0;

  constructor(entries: readonly TrustedNetwork[] = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: TrustedNetwork): void {
    if (entry.prefix === null) this.list.addAddress(entry.address, entry.family);
    else this.list.addSubnet(entry.address, entry.prefix, entry.family);
    this.count++;
  }

  has(address: string): boolean {
    if (this.count === 0) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const plain = mapped ? mapped[1]! : address;
    const family = isIP(plain);
    if (family === 0) return false;
    return this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }

  get size(): number {
    return this.count;
  }
}
