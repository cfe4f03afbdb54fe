import type { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

/**
 * PostgreSQL LISTEN/NOTIFY, the wake-up between server instances: a transaction calls
 * `pg_notify(channel, payload)`, and at its commit every listening instance (this one
 * included) hears it. Payloads are hints ("tenant X has news"), never the news itself: a
 * listener reads the database, so a missed or doubled wake-up costs time, not correctness.
 */
export type NotificationHandler = (payload: string) => void;

export interface Notifications {
  /** Starts hearing `channel`; returns a function that stops this handler. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  /** `handler` runs after a lost listening connection is back: wake-ups in between were missed. */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Handlers per channel, shared by both implementations. */
class Listeners {
  readonly byChannel = new Map<string, Set<NotificationHandler>>();
  readonly reconnectHandlers: (() => void)[] = [];

  add(channel: string, handler: NotificationHandler): boolean {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
    const first = !this.byChannel.has(channel);
    if (first) this.byChannel.set(channel, new Set());
    this.byChannel.get(channel)!.add(handler);
    return first;
  }

  /** True when the channel has no handler left. */
  remove(channel: string, handler: NotificationHandler): boolean {
    const set = this.byChannel.get(channel);
    set?.delete(handler);
    if (set?.size === 0) {
      this.byChannel.delete(channel);
      return true;
    }
    return false;
  }

  deliver(channel: string, payload: string) {
    for (const handler of this.byChannel.get(channel) ?? []) {
      try {
        handler(payload);
      } catch {
        // One handler's failure must not keep the wake-up from the others.
      }
    }
  }
}

/**
 * On PostgreSQL: one dedicated connection (outside the pool, which would hand LISTEN to a
 * random connection), reconnected with back-off when it drops.
 */
export class PgNotifications implements Notifications {
  private readonly listeners = new Listeners();
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly connectionString: string) {}

  async listen(channel: string, handler: NotificationHandler) {
    const first = this.listeners.add(channel, handler);
    const client = await this.connected();
    if (first) await client.query(`listen ${client.escapeIdentifier(channel)}`);
    return async () => {
      if (this.listeners.remove(channel, handler) && this.client && !this.closed) {
        await this.client.query(`unlisten ${this.client.escapeIdentifier(channel)}`).catch(() => undefined);
      }
    };
  }

  onReconnect(handler: () => void) {
    this.listeners.reconnectHandlers.push(handler);
  }

  async close() {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connected(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'hotline-listen',
    });
    client.on('notification', (message) => this.listeners.deliver(message.channel, message.payload ?? ''));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    for (const channel of this.listeners.byChannel.keys()) {
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
    }
    if (this.closed) {
      await client.end();
      throw new Error('notifications closed');
    }
    this.client = client;
    return client;
  }

  private lost(client: pg.Client) {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.reconnect(250);
  }

  private reconnect(delayMs: number) {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connected().then(
        () => {
          for (const handler of this.listeners.reconnectHandlers) handler();
        },
        () => this.reconnect(Math.min(delayMs * 2, 10_000)),
      );
    }, delayMs);
    this.retryTimer.unref();
  }
}

/**
 * On PGlite: the one in-process connection. LISTEN goes through Kysely's driver, which
 * hands the connection to one holder at a time, so it never lands inside someone's
 * transaction (where a rollback would undo it).
 */
export class PgliteNotifications implements Notifications {
  private readonly listeners = new Listeners();
  private readonly stopDelivery: () => void;

  constructor(
    pglite: PGlite,
    private readonly db: Kysely<DB>,
  ) {
    this.stopDelivery = pglite.onNotification((channel, payload) => this.listeners.deliver(channel, payload));
  }

  async listen(channel: string, handler: NotificationHandler) {
    if (this.listeners.add(channel, handler)) await sql`listen ${sql.id(channel)}`.execute(this.db);
    return async () => {
      if (this.listeners.remove(channel, handler)) {
        await sql`unlisten ${sql.id(channel)}`.execute(this.db).catch(() => undefined);
      }
    };
  }

  onReconnect() {
    // One in-process connection: it cannot drop while the database is open.
  }

  async close() {
    this.stopDelivery();
  }
}
