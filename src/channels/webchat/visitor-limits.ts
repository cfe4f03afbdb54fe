import type { FastifyReply } from 'fastify';
import type { WebchatLimits } from '../../kernel/config.ts';
import { AppError } from '../../kernel/http/errors.ts';
import { type BucketRule, TokenBuckets } from './token-bucket.ts';

/**
 * The public chat API's rate limits, per server instance (see token-bucket.ts):
 * - per IP address, every request (checked before any database work, so a flood costs
 *   almost nothing);
 * - per IP address, new chats and offline messages;
 * - per visitor (conversation), messages, images and transcript requests;
 * - per visitor, typing signals (they are dropped quietly, never an error).
 * A refused request gets 429 RATE_LIMITED with Retry-After; other visitors are untouched.
 */
export type LimitKind = 'ip' | 'start' | 'visitor' | 'typing';

const rule = (perMinute: number): BucketRule => ({ burst: Math.max(1, Math.ceil(perMinute / 3)), perMinute });

export class VisitorLimits {
  private readonly buckets: Record<LimitKind, TokenBuckets>;
  private readonly sweeper: NodeJS.Timeout;

  constructor(limits: WebchatLimits) {
    this.buckets = {
      ip: new TokenBuckets(rule(limits.ipPerMinute)),
      start: new TokenBuckets(rule(limits.startsPerMinute)),
      visitor: new TokenBuckets(rule(limits.visitorPerMinute)),
      typing: new TokenBuckets({ burst: 5, perMinute: 40 }),
    };
    // Full buckets carry no information; dropping them keeps memory to the active visitors.
    this.sweeper = setInterval(() => {
      for (const buckets of Object.values(this.buckets)) buckets.sweep(Date.now());
    }, 60_000);
    this.sweeper.unref();
  }

  /** True when the request may go on. */
  allows(kind: LimitKind, key: string): boolean {
    return this.buckets[kind].take(key, Date.now()).ok;
  }

  /** Takes a token or throws RATE_LIMITED, with Retry-After set on the reply. */
  check(kind: LimitKind, key: string, reply: FastifyReply) {
    const result = this.buckets[kind].take(key, Date.now());
    if (result.ok) return;
    reply.header('retry-after', String(result.retryAfterSeconds));
    throw new AppError('RATE_LIMITED', `Too many requests; try again in ${result.retryAfterSeconds} s`, {
      retryAfterSeconds: result.retryAfterSeconds,
      limit: kind,
    });
  }

  stop() {
    clearInterval(this.sweeper);
  }
}
