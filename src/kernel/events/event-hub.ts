import type { Kysely } from 'kysely';
import type { Notifications } from '../db/notifications.ts';
import type { DB } from '../db/schema.ts';
import { audienceKeys } from './event-audience.ts';
import {
  compareKeys,
  type EventKey,
  keyOfEvent,
  latestKey,
  type OutboxEvent,
  readEventsAfter,
  START,
} from './outbox-reader.ts';

/**
 * The realtime hub: fans a tenant's committed outbox events out to its connected clients
 * (agent desktops, wallboards). Per tenant one reader follows the outbox and each client
 * filters what it may see, so a thousand connected agents cost one read per wake-up, not a
 * thousand. A client that reconnects with the id of the last event it got first catches up
 * from the outbox, then joins the live flow with no gap and no repeat.
 *
 * Wake-ups: the outbox trigger NOTIFYs `hotline_events` with the tenant at every commit that
 * wrote events, on any instance; a slow poll covers a lost listening connection.
 */
export const EVENTS_CHANNEL = 'hotline_events';

export interface Subscriber {
  tenantId: string;
  /**
   * Set when the client sees only events addressed to this key (`audienceKeyOf`: an agent's
   * user id, see event-audience.ts); the hub then hands it just those, so a thousand agents' desktops do
   * not each look at every event of the floor. Unset: it looks at every event.
   */
  audienceKey?: string;
  /** Whether this client may see the event (see event-audience.ts). */
  accepts(event: OutboxEvent): boolean;
  send(event: OutboxEvent): void;
  /** Told when the client is caught up (live from here) or must reload (too much missed). */
  control(message: { kind: 'ready' | 'resync' }): void;
}

export interface HubOptions {
  /** Page size of outbox reads. */
  pageSize?: number;
  /** A client that missed more than this many events is told to reload instead. */
  maxReplay?: number;
  /** The least time between two reads of one tenant's outbox while events keep coming. */
  readGapMs?: number;
  pollMs?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
}

interface Member {
  subscriber: Subscriber;
  /** The key of the last event considered for it (sent or filtered out). */
  cursor: EventKey;
  live: boolean;
}

class TenantFeed {
  cursor: EventKey = START;
  readonly members = new Set<Member>();
  /** Members without an audience key, who look at every event. */
  readonly everyone = new Set<Member>();
  /** Members by audience key. */
  readonly byKey = new Map<string, Set<Member>>();
  readonly ready: Promise<void>;
  private pumping: Promise<void> | null = null;
  private again = false;
  private urgent = false;

  constructor(
    private readonly hub: EventHub,
    readonly tenantId: string,
  ) {
    this.ready = latestKey(hub.db, tenantId).then((key) => {
      this.cursor = key;
    });
    // Awaited by pump and join, which report a failure; this only marks it handled.
    this.ready.catch(() => undefined);
  }

  /** The running read, if any (the hub waits for it when stopping). */
  get running(): Promise<void> | null {
    return this.pumping;
  }

  /**
   * Reads what committed since the cursor and hands it to live members (coalesced). `urgent`:
   * events an agent waits for (an offer) were just committed in this process, so the next read
   * does not wait out the gap between reads.
   */
  pump(urgent = false): Promise<void> {
    if (this.hub.stopped) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      this.urgent ||= urgent;
      return this.pumping;
    }
    this.pumping = (async () => {
      await this.ready;
      do {
        this.again = false;
        this.urgent = false;
        for (;;) {
          const events = await readEventsAfter(this.hub.db, this.tenantId, this.cursor, this.hub.pageSize);
          for (const event of events) {
            for (const member of this.everyone) if (member.live) deliver(member, event);
            for (const key of audienceKeys(event)) {
              for (const member of this.byKey.get(key) ?? []) if (member.live) deliver(member, event);
            }
            this.cursor = event.key;
          }
          if (events.length < this.hub.pageSize) break;
        }
        // Under a stream of commits, read in batches: each read briefly holds the tenant's
        // commits back (see outbox-reader.ts), so it must not run back to back.
        if (this.again && !this.urgent && !this.hub.stopped) {
          await new Promise((r) => setTimeout(r, this.hub.readGapMs));
        }
      } while (this.again && !this.hub.stopped);
    })()
      .catch((err: unknown) =>
        this.hub.log?.('error', `event feed ${this.tenantId}: ${(err as Error).message}`),
      )
      .finally(() => {
        this.pumping = null;
      });
    return this.pumping;
  }

  add(member: Member) {
    this.members.add(member);
    const key = member.subscriber.audienceKey;
    if (key === undefined) this.everyone.add(member);
    else {
      const set = this.byKey.get(key) ?? new Set();
      set.add(member);
      this.byKey.set(key, set);
    }
  }

  remove(member: Member) {
    this.members.delete(member);
    this.everyone.delete(member);
    const key = member.subscriber.audienceKey;
    const set = key === undefined ? undefined : this.byKey.get(key);
    set?.delete(member);
    if (key !== undefined && set?.size === 0) this.byKey.delete(key);
  }

  /**
   * Brings a new member up to the feed's cursor from `from` (null: live from now), then makes
   * it live. Checking the cursor and going live happen in one synchronous step, so an event
   * the feed reads meanwhile is either in the catch-up or delivered live, never neither.
   */
  async join(member: Member, from: EventKey | null) {
    await this.ready;
    member.cursor = from ?? this.cursor;
    let replayed = 0;
    while (compareKeys(member.cursor, this.cursor) < 0) {
      // Everything up to `target` is committed: the feed has read it.
      const target = this.cursor;
      const events = await readEventsAfter(this.hub.db, this.tenantId, member.cursor, this.hub.pageSize);
      for (const event of events) {
        // What lies beyond the feed's cursor reaches the member live.
        if (compareKeys(event.key, this.cursor) > 0) break;
        deliver(member, event);
      }
      const last = events.at(-1);
      const coveredTarget = events.length < this.hub.pageSize || (last && compareKeys(last.key, target) > 0);
      if (coveredTarget && compareKeys(member.cursor, target) < 0) member.cursor = target;
      replayed += events.length;
      if (replayed > this.hub.maxReplay) {
        member.subscriber.control({ kind: 'resync' });
        member.cursor = this.cursor;
      }
    }
    if (!this.members.has(member)) return;
    member.live = true;
    member.subscriber.control({ kind: 'ready' });
    // Anything committed during the catch-up and not yet read by the feed.
    void this.pump();
  }
}

function deliver(member: Member, event: OutboxEvent) {
  if (compareKeys(event.key, member.cursor) <= 0) return;
  member.cursor = event.key;
  if (member.subscriber.accepts(event)) member.subscriber.send(event);
}

export class EventHub {
  readonly pageSize: number;
  readonly maxReplay: number;
  readonly readGapMs: number;
  readonly log: HubOptions['log'];
  stopped = false;
  private readonly feeds = new Map<string, TenantFeed>();
  private unlisten: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    readonly db: Kysely<DB>,
    private readonly notifications: Notifications,
    private readonly options: HubOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.maxReplay = options.maxReplay ?? 10_000;
    this.readGapMs = options.readGapMs ?? 10;
    this.log = options.log;
  }

  async start() {
    this.unlisten = await this.notifications.listen(EVENTS_CHANNEL, (tenantId) => {
      void this.feeds.get(tenantId)?.pump();
    });
    this.notifications.onReconnect(() => this.pumpAll());
    this.poll = setInterval(() => this.pumpAll(), this.options.pollMs ?? 5000);
    this.poll.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.unlisten?.();
    this.unlisten = null;
    await Promise.all([...this.feeds.values()].map((f) => f.running));
    this.feeds.clear();
  }

  /**
   * Adds a client. `afterEventId`: the id of the last event it received (resume), or null for
   * live events only. Returns a function that removes it.
   */
  async subscribe(subscriber: Subscriber, afterEventId: number | null): Promise<() => void> {
    let feed = this.feeds.get(subscriber.tenantId);
    if (!feed) {
      feed = new TenantFeed(this, subscriber.tenantId);
      this.feeds.set(subscriber.tenantId, feed);
    }
    const member: Member = { subscriber, cursor: START, live: false };
    feed.add(member);
    const owner = feed;
    const unsubscribe = () => {
      owner.remove(member);
      if (owner.members.size === 0 && this.feeds.get(owner.tenantId) === owner)
        this.feeds.delete(owner.tenantId);
    };
    try {
      let from: EventKey | null = null;
      if (afterEventId !== null) {
        from = afterEventId === 0 ? START : await keyOfEvent(this.db, subscriber.tenantId, afterEventId);
        if (from === null) subscriber.control({ kind: 'resync' });
      }
      await feed.join(member, from);
    } catch (err) {
      unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  /**
   * Events of the tenant were just committed in this process (a routing pass): read them now
   * rather than when their NOTIFY comes back from the database.
   */
  committed(tenantId: string) {
    void this.feeds.get(tenantId)?.pump(true);
  }

  /** Connected clients (for tests and the benchmark). */
  get clientCount(): number {
    let n = 0;
    for (const feed of this.feeds.values()) n += feed.members.size;
    return n;
  }

  private pumpAll() {
    for (const feed of this.feeds.values()) void feed.pump();
  }
}
